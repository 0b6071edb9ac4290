package dev.ccm4j.benchmarks;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.service.ServiceLbController;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node joins while N LoadBalancer Services exist: the time from the node's creation until every load
 * balancer in the cloud has it as a backend. The node arrives initialized and Ready, so only the service
 * controller's backend sync is measured.
 */
final class NodeAddScenario {
  static final int FULL_SIZE = 1_000;
  static final int NODES = 3;

  private NodeAddScenario() {}

  static Report run(BenchmarkConfig config) throws Exception {
    int n = config.scaled(FULL_SIZE);
    try (BenchmarkCluster c = new BenchmarkCluster(config)) {
      Services.readyNodes(c, "node", 0, NODES);
      Services.create(c, "svc", n);
      c.startObserver();
      c.startManager(Map.of(ControllerNames.SERVICE_LB, ServiceLbController.factory()),
          o -> { });
      Await.until("setup: " + n + " Services with ingress", config.timeout(),
          () -> Services.withIngress(c, "svc-") == n && Services.balancersWithBackends(c, NODES) == n,
          () -> Services.withIngress(c, "svc-") + " of " + n + " have ingress");
      c.cloud().clearCalls();
      c.cloud().clearBalancerCalls();

      long start = System.nanoTime();
      Services.readyNodes(c, "node", NODES, 1);
      long end = Await.until("the new node in " + n + " load balancers", config.timeout(),
          () -> Services.balancersWithBackends(c, NODES + 1) == n,
          () -> Services.balancersWithBackends(c, NODES + 1) + " of " + n + " load balancers have it");
      CallCounts calls = CallCounts.of(c.cloud().calls());
      List<V1Service> services = c.services().list();
      c.stopManager();

      int w = config.workers();
      LoadBalancer lb = c.cloud().loadBalancer().orElseThrow();
      List<V1Node> nodes = new ArrayList<>();
      for (int i = 0; i <= NODES; i++) {
        nodes.add(Fixtures.nodeModel(Fixtures.nodeName("node", i)));
      }
      Duration cloud = Parallel.run(services.size(), w, i -> lb.updateLoadBalancer("kubernetes", services.get(i),
          nodes));

      return new Report.Builder(String.format("[node-add] 1 node joins %d nodes behind %d LoadBalancer Services"
          + " (service-lb controller, %d workers)", NODES, n, w))
          .timing(Duration.ofNanos(end - start), Report.Baseline.NONE,
              new Report.Baseline(cloud, String.format("%d update calls of %d ms on %d threads", services.size(),
                  config.cloudDelay().toMillis(), w)))
          .line("cloud calls:    %s", calls.describe())
          .line("note:           ours includes the benchmark creating the node (one POST)")
          .build();
    }
  }
}
