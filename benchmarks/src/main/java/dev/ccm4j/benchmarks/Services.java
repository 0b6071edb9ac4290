package dev.ccm4j.benchmarks;

import dev.ccm4j.testkit.cloud.FakeLoadBalancer;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.Map;

/** Observations on Services and their load balancers shared by the scenarios. */
final class Services {
  private Services() {}

  static boolean hasIngress(V1Service s) {
    return s.getStatus() != null && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null
        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
  }

  /** How many Services with the given name prefix the observer sees with an ingress. */
  static long withIngress(BenchmarkCluster c, String prefix) {
    return c.services().list().stream()
        .filter(s -> s.getMetadata().getName().startsWith(prefix) && hasIngress(s)).count();
  }

  /** How many of the cloud's load balancers have exactly {@code nodes} backends. */
  static long balancersWithBackends(BenchmarkCluster c, int nodes) {
    Map<String, FakeLoadBalancer> all = c.cloud().loadBalancers();
    return all.values().stream().filter(b -> b.nodes().size() == nodes).count();
  }

  /** Creates {@code count} LoadBalancer Services named {@code <prefix>-<i>} with four writer threads. */
  static void create(BenchmarkCluster c, String prefix, int count) throws InterruptedException {
    Parallel.run(count, 4, i -> c.raw().create("/api/v1/namespaces/" + Fixtures.NAMESPACE + "/services",
        Fixtures.loadBalancerService(prefix + "-" + i)));
  }

  /** Adds {@code count} instances and their initialized, Ready nodes named {@code <prefix>-<i>}. */
  static void readyNodes(BenchmarkCluster c, String prefix, int from, int count) throws InterruptedException {
    for (int i = from; i < from + count; i++) {
      c.cloud().addInstance(Fixtures.instance(Fixtures.nodeName(prefix, i), i));
    }
    Parallel.run(count, 4, k -> {
      String name = Fixtures.nodeName(prefix, from + k);
      c.raw().create("/api/v1/nodes", Fixtures.initializedNode(name, from + k, "fake://" + name));
    });
  }
}
