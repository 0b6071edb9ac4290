package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One load balancer contract test's provider, backend instances and Services: ensures that honour a provider's
 * retry-after, read-backs through the fixture, and cleanup of every Service it made.
 */
final class LoadBalancerSession implements AutoCloseable {
  /** The longest retry-after a provider may ask for. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  /** How long an ensure may keep asking to be retried before the contract gives up. */
  static final Duration RETRY_BOUND = Duration.ofMinutes(15);
  /** The wait after a throttling error that did not say how long to wait. */
  private static final Duration THROTTLE_DEFAULT = Duration.ofSeconds(5);

  private final TckTarget target;
  private final LoadBalancer lb;
  private final List<FixtureInstance> instances;
  private final List<V1Service> services = new ArrayList<>();

  private LoadBalancerSession(TckTarget target, LoadBalancer lb, List<FixtureInstance> instances) {
    this.target = target;
    this.lb = lb;
    this.instances = instances;
  }

  /** Checks the capability and creates {@code backends} instances to serve as backends; skips when impossible. */
  static LoadBalancerSession open(TckTarget target, int backends) {
    LoadBalancer lb = Tck.require(target, target.provider().loadBalancer(), "LoadBalancer");
    List<FixtureInstance> instances = new ArrayList<>();
    for (int i = 0; i < backends; i++) {
      instances.add(Tck.createInstance(target, "lb" + i));
    }
    return new LoadBalancerSession(target, lb, List.copyOf(instances));
  }

  LoadBalancer lb() {
    return lb;
  }

  String cluster() {
    return target.clusterName();
  }

  /** Fresh Node objects, as the informer would hand them out, for the backend instances at these indexes. */
  List<V1Node> nodes(int... indexes) {
    List<V1Node> nodes = new ArrayList<>();
    for (int i : indexes) {
      nodes.add(KubeObjects.node(instances.get(i), true));
    }
    return nodes;
  }

  /** A new Service, deleted again by {@link #close()}. */
  V1Service service(String role, List<V1ServicePort> ports) {
    V1Service created = KubeObjects.service(Tck.uniqueName(role), ports);
    // A cloud whose load balancers are created in front (Inspur) makes one here and annotates a copy.
    V1Service service = Objects.requireNonNull(target.fixture().prepareLoadBalancerService(created),
        "the fixture's prepareLoadBalancerService returned null");
    services.add(service);
    return service;
  }

  String name(V1Service service) {
    return lb.getLoadBalancerName(cluster(), service);
  }

  /**
   * Ensures the load balancer, waiting out every retry-after the provider asks for, and checks each such request is
   * well-formed: a positive delay of at most {@link #MAX_RETRY_AFTER} and a message.
   */
  V1LoadBalancerStatus ensure(V1Service service, List<V1Node> nodes) {
    V1LoadBalancerStatus status = retrying("ensureLoadBalancer", service,
        () -> lb.ensureLoadBalancer(cluster(), service, nodes));
    assertThat(status).as("ensureLoadBalancer status for %s", service.getMetadata().getName()).isNotNull();
    return status;
  }

  /**
   * Updates the load balancer's hosts, waiting out every retry-after the provider asks for (a cloud whose load
   * balancer is busy after each change, such as Huawei's ELB, asks to be called again rather than block).
   */
  void update(V1Service service, List<V1Node> nodes) {
    retrying("updateLoadBalancer", service, () -> {
      lb.updateLoadBalancer(cluster(), service, nodes);
      return null;
    });
  }

  /** Deletes the load balancer, waiting out every retry-after the provider asks for. */
  void delete(V1Service service) {
    retrying("ensureLoadBalancerDeleted", service, () -> {
      lb.ensureLoadBalancerDeleted(cluster(), service);
      return null;
    });
  }

  private <T> T retrying(String call, V1Service service, Supplier<T> op) {
    long deadline = System.nanoTime() + RETRY_BOUND.toNanos();
    while (true) {
      try {
        return op.get();
      } catch (RuntimeException e) {
        Duration wait = retryAfter(e).orElseThrow(() -> e);
        if (System.nanoTime() + wait.toNanos() - deadline > 0) {
          throw new AssertionError(call + " for " + service.getMetadata().getName()
              + " still asks to be retried after " + RETRY_BOUND, e);
        }
        pause(wait);
      }
    }
  }

  /**
   * The delay a provider asked for with a {@link RetryAfterException} or {@link ThrottledException} anywhere in the
   * chain, after checking it is well-formed; empty for any other error.
   */
  static Optional<Duration> retryAfter(Throwable error) {
    Optional<RetryAfterException> retry = CloudProviderException.findInChain(error, RetryAfterException.class);
    if (retry.isPresent()) {
      return Optional.of(wellFormed(retry.get(), retry.get().retryAfter()));
    }
    Optional<ThrottledException> throttled = CloudProviderException.findInChain(error, ThrottledException.class);
    return throttled.map(t -> wellFormed(t, t.retryAfter().orElse(THROTTLE_DEFAULT)));
  }

  private static Duration wellFormed(CloudProviderException signal, Duration delay) {
    assertThat(signal.getMessage()).as("message of the provider's %s", signal.getClass().getSimpleName())
        .isNotBlank();
    assertThat(delay).as("retry-after %s asked for by the provider's %s \"%s\" (allowed: positive, at most %s)",
        delay, signal.getClass().getSimpleName(), signal.getMessage(), MAX_RETRY_AFTER).isPositive()
        .isLessThanOrEqualTo(MAX_RETRY_AFTER);
    return delay;
  }

  /** What the cloud holds for the Service's load balancer. */
  Optional<FixtureLoadBalancer> read(V1Service service) {
    String name = name(service);
    return Tck.fixture(target, "read load balancers", () -> target.fixture().loadBalancer(name));
  }

  /** What the cloud holds for the Service's load balancer, failing when nothing. */
  FixtureLoadBalancer readExisting(V1Service service) {
    return read(service).orElseThrow(() -> new AssertionError("the cloud holds no load balancer " + name(service)
        + " for service " + service.getMetadata().getName()));
  }

  /** Nothing of the Service's load balancer is left in the cloud, by name or among the cluster's balancers. */
  void assertGone(V1Service service) {
    String name = name(service);
    assertThat(read(service)).as("load balancer %s in the cloud", name).isEmpty();
    List<FixtureLoadBalancer> all = Tck.fixture(target, "list load balancers",
        () -> target.fixture().loadBalancers(cluster()));
    assertThat(all).as("load balancers of cluster %s", cluster()).extracting(FixtureLoadBalancer::name)
        .doesNotContain(name);
  }

  /** The cloud's listeners are the Service's ports, forwarding to their node ports. */
  static void assertListeners(FixtureLoadBalancer balancer, V1Service service) {
    Map<String, V1ServicePort> ports = service.getSpec().getPorts().stream()
        .collect(Collectors.toMap(LoadBalancerSession::key, Function.identity()));
    assertThat(balancer.listeners()).as("listeners of load balancer %s", balancer.name())
        .extracting(l -> l.protocol() + "/" + l.port()).containsExactlyInAnyOrderElementsOf(ports.keySet());
    for (FixtureLoadBalancer.Listener listener : balancer.listeners()) {
      V1ServicePort port = ports.get(listener.protocol() + "/" + listener.port());
      if (listener.nodePort() != 0) {
        assertThat(listener.nodePort()).as("node port of listener %s/%d of %s", listener.protocol(),
            listener.port(), balancer.name()).isEqualTo(port.getNodePort());
      }
    }
  }

  /** The cloud sends traffic to exactly these nodes. */
  static void assertBackends(FixtureLoadBalancer balancer, List<V1Node> nodes) {
    assertThat(balancer.backendNodes()).as("backends of load balancer %s", balancer.name())
        .containsExactlyInAnyOrderElementsOf(nodes.stream().map(n -> n.getMetadata().getName()).toList());
  }

  /** Every ingress of the status has an IP or a hostname the cloud says the load balancer answers on. */
  static void assertIngress(V1LoadBalancerStatus status, FixtureLoadBalancer balancer) {
    assertThat(status.getIngress()).as("ingress of load balancer %s", balancer.name()).isNotEmpty();
    for (V1LoadBalancerIngress ingress : status.getIngress()) {
      String address = ingress.getIp() != null && !ingress.getIp().isEmpty() ? ingress.getIp() : ingress.getHostname();
      assertThat(address).as("ingress entry %s of %s has an IP or a hostname", ingress, balancer.name())
          .isNotBlank();
      assertThat(balancer.addresses()).as("addresses the cloud reports for %s", balancer.name()).contains(address);
    }
  }

  /** Deletes every Service's load balancer this session made; failures are logged. */
  @Override
  public void close() {
    for (V1Service service : services) {
      Tck.cleanup("delete the load balancer of service " + service.getMetadata().getName(),
          () -> delete(service));
    }
  }

  private static String key(V1ServicePort port) {
    return port.getProtocol() + "/" + port.getPort();
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while honouring a provider's retry-after", e);
    }
  }
}
