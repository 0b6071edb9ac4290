package dev.ccm4j.benchmarks;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.service.ServiceLbController;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N new LoadBalancer Services on a few nodes: the time from the service controller's start until every Service
 * has an ingress in its status. The Services exist before the manager starts, as in {@link NodeJoinScenario}.
 */
final class ServiceCreateScenario {
  static final int FULL_SIZE = 2_000;
  static final int NODES = 3;

  private ServiceCreateScenario() {}

  static Report run(BenchmarkConfig config) throws Exception {
    int n = config.scaled(FULL_SIZE);
    try (BenchmarkCluster c = new BenchmarkCluster(config)) {
      Services.readyNodes(c, "node", 0, NODES);
      Services.create(c, "svc", n);
      c.startObserver();
      c.cloud().clearCalls();

      Instant startInstant = Instant.now();
      long start = System.nanoTime();
      c.startManager(Map.of(ControllerNames.SERVICE_LB, ServiceLbController.factory()),
          o -> { });
      long end = Await.until(n + " Services with ingress", config.timeout(),
          () -> Services.withIngress(c, "svc-") == n,
          () -> Services.withIngress(c, "svc-") + " of " + n + " have ingress");
      CallCounts calls = CallCounts.of(c.cloud().calls());
      String requests = ApiRequests.format(ApiRequests.since(c, startInstant,
          r -> !r.verb().equals("watch") && !r.verb().equals("list")));
      c.stopManager();

      int w = config.workers();
      Services.create(c, "raw-svc", n);
      Duration api = Parallel.run(n, w, i -> {
        String path = "/api/v1/namespaces/" + Fixtures.NAMESPACE + "/services/raw-svc-" + i;
        c.raw().mergePatch(path, Fixtures.finalizerPatch());
        c.raw().mergePatch(path + "/status", Fixtures.ingressPatch(i));
      });
      LoadBalancer lb = c.cloud().loadBalancer().orElseThrow();
      List<V1Node> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        nodes.add(Fixtures.nodeModel(Fixtures.nodeName("node", i)));
      }
      Duration cloud = Parallel.run(n, w, i -> lb.ensureLoadBalancer("kubernetes",
          Fixtures.serviceModel("baseline-svc-" + i), nodes));

      return new Report.Builder(String.format("[service-create] %d new LoadBalancer Services on %d nodes"
          + " (service-lb controller, %d workers)", n, NODES, w))
          .timing(Duration.ofNanos(end - start),
              new Report.Baseline(api, String.format("%d merge patches (finalizer; status ingress) on %d threads",
                  2 * n, w)),
              new Report.Baseline(cloud, String.format("%d ensure calls of %d ms on %d threads", n,
                  config.cloudDelay().toMillis(), w)))
          .line("cloud calls:    %s (%.2f per Service)", calls.describe(), calls.total() / (double) n)
          .line("API requests:   %s (informer lists and watches not shown)", requests)
          .build();
    }
  }
}
