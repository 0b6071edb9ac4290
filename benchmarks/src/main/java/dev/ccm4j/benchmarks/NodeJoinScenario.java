package dev.ccm4j.benchmarks;

import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.node.CloudNodeController;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * N nodes registered by their kubelets with the uninitialized taint, their instances present in the cloud: the
 * time from the cloud-node controller's start until every node has its provider ID and no taint.
 *
 * <p>The nodes exist before the manager starts, so the figure is the controller's (informer list included), not
 * the creation rate of the benchmark's own writes.
 */
final class NodeJoinScenario {
  static final int FULL_SIZE = 5_000;

  private NodeJoinScenario() {}

  static Report run(BenchmarkConfig config) throws Exception {
    int n = config.scaled(FULL_SIZE);
    try (BenchmarkCluster c = new BenchmarkCluster(config)) {
      for (int i = 0; i < n; i++) {
        c.cloud().addInstance(Fixtures.instance(Fixtures.nodeName("node", i), i));
      }
      Parallel.run(n, 4, i -> c.raw().create("/api/v1/nodes", Fixtures.taintedNode(
          Fixtures.nodeName("node", i), i, false)));
      c.startObserver();
      c.cloud().clearCalls();

      Instant startInstant = Instant.now();
      long start = System.nanoTime();
      c.startManager(Map.of(ControllerNames.CLOUD_NODE, CloudNodeController.factory()),
          // the periodic refresh is measured by the steady-state scenario; here it would only add noise
          o -> o.nodeStatusUpdateFrequency(Duration.ofHours(1)));
      long end = Await.until(n + " nodes initialized", config.timeout(),
          () -> initialized(c) == n, () -> initialized(c) + " of " + n + " initialized");
      CallCounts calls = CallCounts.of(c.cloud().calls());
      String requests = ApiRequests.format(ApiRequests.since(c, startInstant,
          r -> !r.verb().equals("watch") && !r.verb().equals("list")));
      c.stopManager();

      // physical limit, same emulator and cloud, nothing else running
      int w = config.workers();
      Parallel.run(n, 4, i -> c.raw().create("/api/v1/nodes", Fixtures.taintedNode(
          Fixtures.nodeName("raw-node", i), i, false)));
      Duration api = Parallel.run(n, w, i -> {
        String name = Fixtures.nodeName("raw-node", i);
        c.raw().mergePatch("/api/v1/nodes/" + name, Fixtures.nodeInitPatch(i, "fake://" + name));
        c.raw().mergePatch("/api/v1/nodes/" + name + "/status", Fixtures.nodeAddressPatch(i));
      });
      InstancesV2 instances = c.cloud().instancesV2().orElseThrow();
      Duration cloud = Parallel.run(n, w, i -> instances.instanceMetadata(
          Fixtures.nodeModel(Fixtures.nodeName("node", i))));

      return new Report.Builder(String.format("[node-join] %d nodes join tainted (cloud-node controller, %d workers)",
          n, w))
          .timing(Duration.ofNanos(end - start),
              new Report.Baseline(api, String.format("%d merge patches (node: provider ID, labels, taint removed;"
                  + " status: addresses) on %d threads", 2 * n, w)),
              new Report.Baseline(cloud, String.format("%d instance-metadata calls of %d ms on %d threads", n,
                  config.cloudDelay().toMillis(), w)))
          .line("cloud calls:    %s (%.2f per node)", calls.describe(), calls.total() / (double) n)
          .line("API requests:   %s (informer lists and watches not shown)", requests)
          .build();
    }
  }

  private static long initialized(BenchmarkCluster c) {
    return c.nodes().list().stream().filter(NodeJoinScenario::isInitialized).count();
  }

  static boolean isInitialized(V1Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    boolean tainted = node.getSpec() != null && node.getSpec().getTaints() != null
        && node.getSpec().getTaints().stream().anyMatch(t -> WellKnown.TAINT_UNINITIALIZED.equals(t.getKey()));
    return providerId != null && !providerId.isEmpty() && !tainted;
  }
}
