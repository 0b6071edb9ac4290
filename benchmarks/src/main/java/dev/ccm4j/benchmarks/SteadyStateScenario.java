package dev.ccm4j.benchmarks;

import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.node.CloudNodeController;
import dev.ccm4j.core.nodelifecycle.CloudNodeLifecycleController;
import dev.ccm4j.core.route.NodeRouteController;
import dev.ccm4j.core.service.ServiceLbController;
import dev.ccm4j.testkit.cloud.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A converged cluster where nothing changes, observed over three full cycles of every periodic loop (node status
 * refresh, lifecycle monitor, service resync and backend sync, route reconciliation), all shortened to one
 * period. Target: no cloud writes, and cloud reads only from the batched node refresh.
 */
final class SteadyStateScenario {
  static final int FULL_NODES = 1_000;
  static final int FULL_SERVICES = 500;
  static final int CYCLES = 3;
  /** The cloud-node controller's refresh batch. */
  static final int BATCH = 500;
  static final Set<Operation> ALLOWED_READS = EnumSet.of(Operation.INSTANCE_METADATA_BATCH);

  private SteadyStateScenario() {}

  static Report run(BenchmarkConfig config) throws Exception {
    int n = config.scaled(FULL_NODES);
    int m = config.scaled(FULL_SERVICES);
    Duration period = config.steadyPeriod();
    try (BenchmarkCluster c = new BenchmarkCluster(config)) {
      for (int i = 0; i < n; i++) {
        c.cloud().addInstance(Fixtures.instance(Fixtures.nodeName("node", i), i));
      }
      Parallel.run(n, 4, i -> c.raw().create("/api/v1/nodes", Fixtures.taintedNode(
          Fixtures.nodeName("node", i), i, true)));
      Services.create(c, "svc", m);
      c.startObserver();

      Map<String, ControllerFactory> controllers = new LinkedHashMap<>();
      controllers.put(ControllerNames.CLOUD_NODE, CloudNodeController.factory());
      controllers.put(ControllerNames.CLOUD_NODE_LIFECYCLE, CloudNodeLifecycleController.factory());
      controllers.put(ControllerNames.SERVICE_LB, ServiceLbController.factory(new ServiceLbController.Settings(
          period, period, ServiceLbController.Settings.defaults().minRetryDelay(),
          ServiceLbController.Settings.defaults().maxRetryDelay())));
      controllers.put(ControllerNames.NODE_ROUTE, NodeRouteController.factory());
      c.startManager(controllers, o -> o
          .configureCloudRoutes(true)
          .nodeStatusUpdateFrequency(period)
          .nodeMonitorPeriod(period)
          .routeReconciliationPeriod(period)
          .minResyncPeriod(period));
      Await.until("setup: converged cluster", config.timeout(), () -> converged(c, n, m),
          () -> progress(c, n, m));
      // Follow-up work of the convergence (e.g. backend syncs triggered by initialized nodes) is not steady
      // state: one more full cycle lets it drain before the window opens.
      Thread.sleep(period.toMillis());

      c.cloud().clearCalls();
      Instant windowStart = Instant.now();
      long window = period.toMillis() * CYCLES + period.toMillis() / 2;
      Thread.sleep(window);
      CallCounts calls = CallCounts.of(c.cloud().calls());
      Map<String, Long> apiWrites = ApiRequests.since(c, windowStart,
          r -> ApiRequests.WRITE_VERBS.contains(r.verb()));

      Set<Operation> otherReads = EnumSet.noneOf(Operation.class);
      calls.counts().keySet().stream().filter(op -> !CallCounts.WRITES.contains(op) && !ALLOWED_READS.contains(op))
          .forEach(otherReads::add);
      int batchesPerPass = (n + BATCH - 1) / BATCH;
      int batchCalls = calls.of(Operation.INSTANCE_METADATA_BATCH);
      boolean met = calls.writes() == 0 && otherReads.isEmpty();
      Report.Builder r = new Report.Builder(String.format("[steady-state] %d nodes, %d LoadBalancer Services, %d"
          + " routes, nothing changing; %d cycles of %d s (cloud-node, lifecycle, service-lb, route)", n, m, n,
          CYCLES, period.toSeconds()))
          .line("window:         %s", Report.seconds(Duration.ofMillis(window)))
          .line("cloud calls:    %s", calls.describe())
          .line("cloud writes:   %d", calls.writes())
          .line("batched reads:  %d instance-metadata-batch = %.1f refresh passes of %d batch calls (<= %d nodes"
              + " each); a pass starts every %d s, so 3 or 4 fall in the window", batchCalls,
              batchCalls / (double) batchesPerPass, batchesPerPass, BATCH, period.toSeconds())
          .line("API writes:     %s", ApiRequests.format(apiWrites))
          .line("target (zero cloud writes, reads only from the batched refresh): %s", met ? "met" : "MISSED");
      if (!met) {
        r.line("  missed because: %s", (calls.writes() > 0 ? calls.writes() + " cloud writes; " : "")
            + (otherReads.isEmpty() ? "" : "per-object or extra reads: " + otherReads.stream().map(Operation::label)
                .collect(Collectors.joining(", "))));
      }
      return r.build();
    }
  }

  private static boolean converged(BenchmarkCluster c, int n, int m) {
    return c.nodes().list().stream().filter(NodeJoinScenario::isInitialized).count() == n
        && Services.withIngress(c, "svc-") == m
        && Services.balancersWithBackends(c, n) == m
        && c.cloud().routesOf("kubernetes").size() == n;
  }

  private static String progress(BenchmarkCluster c, int n, int m) {
    return c.nodes().list().stream().filter(NodeJoinScenario::isInitialized).count() + " of " + n
        + " nodes initialized, " + Services.withIngress(c, "svc-") + " of " + m + " Services with ingress, "
        + Services.balancersWithBackends(c, n) + " load balancers with all nodes, "
        + c.cloud().routesOf("kubernetes").size() + " of " + n + " routes";
  }
}
