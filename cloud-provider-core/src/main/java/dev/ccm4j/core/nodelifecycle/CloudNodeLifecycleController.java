package dev.ccm4j.core.nodelifecycle;

import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ControllerNames;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud node lifecycle controller: every {@code --node-monitor-period} it asks the cloud about each NotReady
 * node, deletes nodes whose instance is gone (at most {@code --node-deletion-max-fraction} of the cluster per
 * pass), and taints shut-down ones with {@code node.cloudprovider.kubernetes.io/shutdown:NoSchedule}, removing the
 * taint once the node is Ready or its instance runs again.
 */
public final class CloudNodeLifecycleController {
  private static final Logger LOG = LoggerFactory.getLogger(CloudNodeLifecycleController.class);
  /** Upstream's API identity, shared with the cloud node controller. */
  static final String CLIENT = "node-controller";
  /** Upstream's event source. */
  static final String COMPONENT = "cloud-node-lifecycle-controller";
  /** The most cloud calls one pass has in flight. */
  static final int MAX_PARALLEL_PROBES = 32;

  private final SharedIndexInformer<V1Node> informer;
  private final Lister<V1Node> lister;
  private final NodeMonitor monitor;
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  private CloudNodeLifecycleController(ControllerContext context, ExecutorService probes) {
    this.informer = context.informers().nodes();
    this.lister = context.informers().nodeLister();
    this.monitor = new NodeMonitor(new InstanceProbe(context.cloud()), context.client(CLIENT),
        context.recorder(COMPONENT), new LifecycleMetrics(context.metrics()),
        context.options().nodeDeletionMaxFraction(), probes);
  }

  /**
   * The controller: no work queue, one monitoring pass every {@code --node-monitor-period} (a fixed delay, the
   * first at once) on the runtime clock; {@code /healthz} reports the last pass's failure.
   */
  private static Controller<String> create(ControllerContext context) {
    ThreadPoolExecutor probes = new ThreadPoolExecutor(MAX_PARALLEL_PROBES, MAX_PARALLEL_PROBES, 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.factory("cloud-node-lifecycle-probe"));
    probes.allowCoreThreadTimeOut(true);
    CloudNodeLifecycleController lifecycle = new CloudNodeLifecycleController(context, probes);
    return Controller.<String>builder()
        .name(ControllerNames.CLOUD_NODE_LIFECYCLE)
        .clock(context.clock())
        .periodic(Duration.ZERO, context.options().nodeMonitorPeriod(), lifecycle::pass)
        .healthCheck(lifecycle::lastPass)
        .onStop(() -> {
          probes.shutdownNow();
          try {
            probes.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .build();
  }

  /**
   * The factory: skips when the provider has neither InstancesV2 nor Instances.
   *
   * @return the factory
   */
  public static ControllerFactory factory() {
    return context -> {
      if (context.cloud().instancesV2().isEmpty() && context.cloud().instances().isEmpty()) {
        return context.skip("the cloud provider supports neither InstancesV2 nor Instances");
      }
      return Optional.of(create(context));
    };
  }

  private void pass() {
    if (!informer.hasSynced()) {
      // a partial cache would make the deletion cap count too few nodes
      return;
    }
    try {
      monitor.runOnce(lister.list());
      lastFailure.set(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      lastFailure.set(e.toString());
      LOG.warn("node monitoring pass failed: {}", e.toString());
    }
  }

  private HealthStatus lastPass() {
    String failure = lastFailure.get();
    return failure == null ? HealthStatus.ok() : HealthStatus.unhealthy("last pass failed: " + failure);
  }

}
