package dev.ccm4j.core.node;

import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.RetryingKeys;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ManagedController;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-node controller ({@code cloud-node-controller}, alias {@code cloud-node}): initializes nodes that join
 * with the {@code node.cloudprovider.kubernetes.io/uninitialized} taint from the cloud's instance metadata, keeps
 * the GA topology labels in line with the beta ones, and refreshes every initialized node's addresses and
 * topology labels every {@code --node-status-update-frequency}.
 *
 * <p>Keys are node names in a work queue named {@code Nodes} with the default controller rate limiter, worked by
 * {@code --concurrent-node-syncs} threads. The controller declines to run when the provider has neither instances
 * capability.
 *
 * <p>Every add and every change (a new resourceVersion) of a node that needs a sync is queued at once. An informer
 * resync, which delivers the same version again, is not a change: it does not cut short the backoff of a node
 * whose last sync did not finish.
 */
public final class CloudNodeController {
  private static final Logger LOG = LoggerFactory.getLogger(CloudNodeController.class);

  /** Nodes per batch metadata call in the periodic refresh. */
  public static final int REFRESH_BATCH_SIZE = 500;
  /** The Kubernetes client name (user agent), shared with the lifecycle controller as upstream does. */
  public static final String CLIENT_NAME = "node-controller";
  /** The event source component. */
  public static final String EVENT_COMPONENT = "cloud-node-controller";
  /** The work queue's name. */
  public static final String QUEUE_NAME = "Nodes";

  private CloudNodeController() {}

  /**
   * The factory the manager registers under {@link ControllerNames#CLOUD_NODE}.
   *
   * @return the factory
   */
  public static ControllerFactory factory() {
    return factory(REFRESH_BATCH_SIZE);
  }

  static ControllerFactory factory(int refreshBatchSize) {
    return ctx -> create(ctx, refreshBatchSize);
  }

  private static Optional<ManagedController> create(ControllerContext ctx, int refreshBatchSize) {
    Optional<InstanceMetadataSource> source = InstanceMetadataSource.of(ctx.cloud());
    if (source.isEmpty()) {
      return ctx.skip("cloud provider does not support instances");
    }
    ControllerManagerOptions options = ctx.options();
    NodePatches patches = new NodePatches(ctx.client(CLIENT_NAME));
    Lister<V1Node> lister = ctx.informers().nodeLister();
    CloudNodeSync sync = new CloudNodeSync(lister::get, source.get(), patches, ctx.recorder(EVENT_COMPONENT),
        CloudNodeMetrics.of(ctx.metrics()), ctx.clock());
    RetryingKeys<String> retrying = new RetryingKeys<>();
    ExecutorService pool = Executors.newFixedThreadPool(options.effectiveNodeStatusUpdateParallelism(),
        DaemonThreads.factory("cloud-node-refresh"));
    NodeStatusRefresher refresher = new NodeStatusRefresher(lister::list, source.get(), patches, pool,
        refreshBatchSize);
    Duration period = options.nodeStatusUpdateFrequency();
    Controller<String> controller = Controller.<String>builder()
        .name(QUEUE_NAME)
        .managedName(ControllerNames.CLOUD_NODE)
        .workers(options.concurrentNodeSyncs())
        .reconciler(retrying.track(sync))
        .clock(ctx.clock())
        .metricsRegistry(ctx.metrics())
        // A fixed delay, as upstream's wait.Until: a slow pass never overlaps the next one.
        .periodic(period, period, () -> refresh(refresher))
        .onStop(() -> stop(pool))
        .build();
    ctx.informers().nodes().addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Node node) {
        controller.enqueue(node.getMetadata().getName());
      }

      @Override
      public void onUpdate(V1Node oldNode, V1Node newNode) {
        if (retrying.isUnchangedWhileRetrying(newNode.getMetadata().getName(), oldNode, newNode)) {
          return;
        }
        if (CloudNodeSync.needsSync(newNode)) {
          controller.enqueue(newNode.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(V1Node node, boolean finalStateUnknown) {
        // A deleted node needs nothing from this controller.
      }
    });
    return Optional.of(controller);
  }

  private static void refresh(NodeStatusRefresher refresher) {
    try {
      refresher.refresh();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // One line per failing pass; the trace is for debugging only, since the next pass simply tries again.
      LOG.warn("Periodic node refresh failed: {}", e.toString());
      LOG.debug("Periodic node refresh failure", e);
    }
  }

  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
