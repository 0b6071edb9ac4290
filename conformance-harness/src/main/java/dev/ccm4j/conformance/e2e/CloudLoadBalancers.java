package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cloud side of a Service's load balancer, read through the fixture under the name the provider gives it; every
 * check waits, since clouds apply changes asynchronously.
 */
final class CloudLoadBalancers {
  private final E2eEnvironment env;
  private final CloudFixture fixture;
  private final LoadBalancer naming;

  private CloudLoadBalancers(E2eEnvironment env, CloudFixture fixture, LoadBalancer naming) {
    this.env = env;
    this.fixture = fixture;
    this.naming = naming;
  }

  /** Present when the environment has a fixture to read the cloud with and the provider's naming to look up by. */
  static Optional<CloudLoadBalancers> of(E2eEnvironment env) {
    return env.fixture().flatMap(f -> env.loadBalancerNaming().map(n -> new CloudLoadBalancers(env, f, n)));
  }

  String nameOf(V1Service svc) {
    return naming.getLoadBalancerName(env.clusterName(), svc);
  }

  /** Waits, within the load balancer create timeout, for the Service's load balancer to satisfy {@code done}. */
  FixtureLoadBalancer await(String what, V1Service svc, Predicate<FixtureLoadBalancer> done)
      throws InterruptedException {
    String name = nameOf(svc);
    return Waits.until("the cloud load balancer " + name + " of Service " + key(svc) + " " + what,
        env.timeouts().loadBalancerCreate(), env.timeouts().poll(), () -> fixture.loadBalancer(name),
        lb -> lb.isPresent() && done.test(lb.get()), CloudLoadBalancers::describe).orElseThrow();
  }

  /** Waits until the load balancer matches the Service: a listener per port with its node port, the ingress. */
  FixtureLoadBalancer awaitMatching(V1Service svc) throws InterruptedException {
    return await("to have a listener per port " + ports(svc) + " and the addresses " + ServiceJig.ingressPoints(svc),
        svc, lb -> listenersMatch(lb, svc) && addressesMatch(lb, svc));
  }

  /**
   * Waits, within the cleanup timeout, until nothing of the Service's load balancer is left: not by its name, and
   * not among the cluster's load balancers.
   */
  void awaitGone(V1Service svc) throws InterruptedException {
    String name = nameOf(svc);
    Waits.until("the cloud load balancer " + name + " of Service " + key(svc) + " to be deleted",
        env.timeouts().loadBalancerCleanup(), env.timeouts().poll(),
        () -> fixture.loadBalancers(env.clusterName()).stream().filter(lb -> lb.name().equals(name)).findFirst()
            .or(() -> fixture.loadBalancer(name)),
        Optional::isEmpty, CloudLoadBalancers::describe);
  }

  /** Exactly one listener per Service port, same protocol, and the port's node port unless the cloud reports 0. */
  static boolean listenersMatch(FixtureLoadBalancer lb, V1Service svc) {
    List<V1ServicePort> ports = svc.getSpec().getPorts();
    if (lb.listeners().size() != ports.size()) {
      return false;
    }
    Set<FixtureLoadBalancer.Listener> unmatched = new HashSet<>(lb.listeners());
    for (V1ServicePort p : ports) {
      int nodePort = p.getNodePort() == null ? 0 : p.getNodePort();
      Optional<FixtureLoadBalancer.Listener> hit = unmatched.stream()
          .filter(l -> l.protocol().equals(p.getProtocol()) && l.port() == p.getPort()
              && (l.nodePort() == 0 || l.nodePort() == nodePort))
          .findFirst();
      if (hit.isEmpty()) {
        return false;
      }
      unmatched.remove(hit.get());
    }
    return true;
  }

  /** Every ingress point of the Service is an address of the load balancer. */
  static boolean addressesMatch(FixtureLoadBalancer lb, V1Service svc) {
    List<String> points = ServiceJig.ingressPoints(svc);
    return !points.isEmpty() && lb.addresses().containsAll(points);
  }

  static String describe(Optional<FixtureLoadBalancer> lb) {
    return lb.map(CloudLoadBalancers::describe).orElse("no such load balancer in the cloud");
  }

  static String describe(FixtureLoadBalancer lb) {
    return "load balancer " + lb.name() + " addresses=" + lb.addresses() + " listeners=" + lb.listeners().stream()
        .map(l -> l.port() + "/" + l.protocol() + "->" + l.nodePort()).toList() + " backends=" + lb.backendNodes();
  }

  private static List<String> ports(V1Service svc) {
    return svc.getSpec().getPorts().stream().map(p -> p.getPort() + "/" + p.getProtocol() + "->" + p.getNodePort())
        .toList();
  }

  private static String key(V1Service svc) {
    return svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
  }
}
