package dev.ccm4j.conformance.inprocess;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubelets for nodes that have no machine: each registers its node as a kubelet with
 * {@code --cloud-provider=external} does (tainted uninitialized, Ready, with its addresses) and then posts a Ready
 * heartbeat periodically, through the status subresource. A kubelet can be stopped, which is what the node lifecycle
 * in kube-controller-manager makes of a silent kubelet after its grace period: the node turns Ready=Unknown and the
 * heartbeats stop. A kubelet whose node was deleted stops by itself.
 *
 * <p>Every write runs on one daemon thread, so a heartbeat can never overtake a stop. Thread-safe.
 */
public final class SimulatedKubelets implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelets.class);

  private final CoreV1Api api;
  private final NodePatches patches;
  private final ScheduledExecutorService thread;
  /** Node name to whether its kubelet is running (posting heartbeats). */
  private final Map<String, Boolean> kubelets = new ConcurrentHashMap<>();

  /**
   * Starts the heartbeat thread.
   *
   * @param client the client the kubelets write with
   * @param heartbeatPeriod how often each running kubelet posts Ready
   */
  public SimulatedKubelets(ApiClient client, Duration heartbeatPeriod) {
    Objects.requireNonNull(client, "client");
    this.api = new CoreV1Api(client);
    this.patches = new NodePatches(client);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulated-kubelets");
      t.setDaemon(true);
      return t;
    });
    long period = heartbeatPeriod.toMillis();
    thread.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Registers a node and starts its kubelet.
   *
   * @param name the node name
   * @param addresses the node's addresses, as its kubelet would detect them
   * @return the node as created
   * @throws ApiException if the API server refuses the node
   */
  public V1Node register(String name, List<V1NodeAddress> addresses) throws ApiException {
    return register(name, addresses, "");
  }

  /**
   * Registers a node with the provider ID its kubelet was given ({@code --provider-id}, as some vendors' node
   * images set it, e.g. Alibaba's {@code <region>.<instance-id>}) and starts its kubelet.
   *
   * @param name the node name
   * @param addresses the node's addresses, as its kubelet would detect them
   * @param providerId the node's {@code spec.providerID}; empty leaves it to the CCM
   * @return the node as created
   * @throws ApiException if the API server refuses the node
   */
  public V1Node register(String name, List<V1NodeAddress> addresses, String providerId) throws ApiException {
    OffsetDateTime now = now();
    V1NodeSpec spec = new V1NodeSpec().taints(List.of(new V1Taint().key(WellKnown.TAINT_UNINITIALIZED)
        .value("true").effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE)));
    if (!providerId.isEmpty()) {
      spec.providerID(providerId);
    }
    V1Node node = api.createNode(new V1Node()
        .metadata(new V1ObjectMeta().name(name).labels(Map.of(WellKnown.LABEL_HOSTNAME, name)))
        .spec(spec)
        .status(new V1NodeStatus().addresses(List.copyOf(addresses))
            .conditions(List.of(ready(now).lastTransitionTime(now))))).execute();
    kubelets.put(name, true);
    return node;
  }

  /**
   * Stops a node's kubelet: no more heartbeats, and the node's Ready condition becomes Unknown. Does nothing more
   * for a node that no longer exists.
   *
   * @param name the node name
   * @throws IllegalStateException if the condition cannot be written
   */
  public void stop(String name) {
    onKubeletThread(name, () -> {
      kubelets.put(name, false);
      OffsetDateTime now = now();
      patches.setCondition(name, new V1NodeCondition().type(WellKnown.CONDITION_READY).status("Unknown")
          .reason("NodeStatusUnknown").message("Kubelet stopped posting node status.")
          .lastHeartbeatTime(now).lastTransitionTime(now));
    });
  }

  /**
   * Starts a stopped kubelet again: the node is Ready at once and heartbeats resume. Does nothing more for a node
   * that no longer exists.
   *
   * @param name the node name
   * @throws IllegalStateException if the condition cannot be written
   */
  public void start(String name) {
    onKubeletThread(name, () -> {
      OffsetDateTime now = now();
      patches.setCondition(name, ready(now).lastTransitionTime(now));
      kubelets.put(name, true);
    });
  }

  /**
   * The nodes whose kubelets are running.
   *
   * @return node names, sorted
   */
  public Set<String> running() {
    Set<String> names = new TreeSet<>();
    kubelets.forEach((name, running) -> {
      if (running) {
        names.add(name);
      }
    });
    return names;
  }

  /** Stops every kubelet's thread; the nodes stay as they are. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the simulated kubelets' thread did not stop within 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void heartbeat() {
    // no lastTransitionTime: the condition did not change, only its heartbeat did
    V1NodeCondition ready = ready(now());
    for (Map.Entry<String, Boolean> kubelet : kubelets.entrySet()) {
      if (!kubelet.getValue()) {
        continue;
      }
      try {
        patches.setCondition(kubelet.getKey(), ready);
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          // the node was deleted: a kubelet without its node has nothing left to report
          kubelets.remove(kubelet.getKey());
        } else {
          LOG.debug("heartbeat of node {} failed: {}", kubelet.getKey(), e.getCode());
        }
      } catch (RuntimeException e) {
        LOG.debug("heartbeat of node {} failed: {}", kubelet.getKey(), e.toString());
      }
    }
  }

  private interface Write {
    void run() throws ApiException;
  }

  private void onKubeletThread(String name, Write write) {
    try {
      thread.submit(() -> {
        try {
          write.run();
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // the node is already gone, so there is no status left to report
          kubelets.remove(name);
        }
        return null;
      }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String detail = cause instanceof ApiException api ? api.getCode() + " " + api.getResponseBody()
          : String.valueOf(cause);
      throw new IllegalStateException("the kubelet of node " + name + " could not report its status: " + detail,
          cause);
    }
  }

  private static V1NodeCondition ready(OffsetDateTime heartbeat) {
    return new V1NodeCondition().type(WellKnown.CONDITION_READY).status("True").reason("KubeletReady")
        .message("kubelet is posting ready status").lastHeartbeatTime(heartbeat);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
  }
}
