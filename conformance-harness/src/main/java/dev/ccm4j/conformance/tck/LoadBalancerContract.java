package dev.ccm4j.conformance.tck;

import static dev.ccm4j.conformance.tck.KubeObjects.json;
import static dev.ccm4j.conformance.tck.KubeObjects.tcp;
import static dev.ccm4j.conformance.tck.LoadBalancerSession.assertBackends;
import static dev.ccm4j.conformance.tck.LoadBalancerSession.assertIngress;
import static dev.ccm4j.conformance.tck.LoadBalancerSession.assertListeners;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link LoadBalancer} contract, read back through the fixture: ensure creates what the Service asks for and is
 * idempotent, update sets exactly the given hosts, delete converges from any state, arguments stay untouched, and
 * calls for different Services do not interfere.
 */
public interface LoadBalancerContract {

  /**
   * Ensure returns an ingress the cloud's load balancer answers on, with a listener per port and the given backends.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] ensure returns an ingress the cloud answers on")
  default void loadBalancerEnsureReturnsAnIngress(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 2)) {
      V1Service service = s.service("ingress", List.of(tcp("http", 80, 30080), tcp("https", 443, 30443)));
      V1LoadBalancerStatus status = s.ensure(service, s.nodes(0, 1));
      FixtureLoadBalancer cloud = s.readExisting(service);
      assertIngress(status, cloud);
      assertListeners(cloud, service);
      assertBackends(cloud, s.nodes(0, 1));
    }
  }

  /**
   * A second ensure with the same input returns the same status and changes nothing the cloud reports.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] ensure is idempotent")
  default void loadBalancerEnsureIsIdempotent(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 2)) {
      V1Service service = s.service("idem", List.of(tcp("http", 80, 30080)));
      V1LoadBalancerStatus first = s.ensure(service, s.nodes(0, 1));
      FixtureLoadBalancer before = s.readExisting(service);
      V1LoadBalancerStatus second = s.ensure(KubeObjects.copy(service, V1Service.class), s.nodes(0, 1));
      assertThat(json(second)).as("status of the second ensure").isEqualTo(json(first));
      assertThat(s.readExisting(service)).as("the load balancer after the second ensure").isEqualTo(before);
      assertThat(Tck.fixture(target, "list load balancers", () -> target.fixture().loadBalancers(s.cluster())))
          .as("load balancers of cluster %s", s.cluster()).extracting(FixtureLoadBalancer::name)
          .containsOnlyOnce(s.name(service));
    }
  }

  /**
   * Update makes the backend set exactly the given nodes, adding and removing.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] update hosts makes the backends exactly the given nodes")
  default void loadBalancerUpdateSetsExactlyTheGivenHosts(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 3)) {
      V1Service service = s.service("hosts", List.of(tcp("http", 80, 30080)));
      s.ensure(service, s.nodes(0, 1));
      assertBackends(s.readExisting(service), s.nodes(0, 1));
      s.update(service, s.nodes(1, 2));
      assertBackends(s.readExisting(service), s.nodes(1, 2));
      s.update(service, s.nodes(0));
      assertBackends(s.readExisting(service), s.nodes(0));
      assertListeners(s.readExisting(service), service);
    }
  }

  /**
   * Ports added to and removed from the Service are followed by the listeners and their node ports.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] listeners follow ports added and removed")
  default void loadBalancerListenersFollowThePorts(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 1)) {
      V1Service service = s.service("ports", List.of(tcp("http", 80, 30080)));
      s.ensure(service, s.nodes(0));
      assertListeners(s.readExisting(service), service);
      V1Service twoPorts = KubeObjects.withPorts(service, List.of(tcp("http", 80, 30080),
          tcp("https", 443, 30443)));
      s.ensure(twoPorts, s.nodes(0));
      assertListeners(s.readExisting(service), twoPorts);
      V1Service moved = KubeObjects.withPorts(service, List.of(tcp("https", 443, 31443)));
      V1LoadBalancerStatus status = s.ensure(moved, s.nodes(0));
      FixtureLoadBalancer cloud = s.readExisting(service);
      assertListeners(cloud, moved);
      assertIngress(status, cloud);
      assertBackends(cloud, s.nodes(0));
    }
  }

  /**
   * Deleting a load balancer that never existed returns normally, twice.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] deleting a missing load balancer returns normally")
  default void loadBalancerDeletingAMissingOneReturnsNormally(TckTarget target) {
    LoadBalancerSession s = LoadBalancerSession.open(target, 0);
    V1Service service = s.service("missing", List.of(tcp("http", 80, 30080)));
    s.delete(service);
    s.delete(service);
    s.assertGone(service);
  }

  /**
   * Delete removes every part of the load balancer, and deleting again returns normally.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] delete leaves nothing behind and can be repeated")
  default void loadBalancerDeleteLeavesNothingBehind(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 2)) {
      V1Service service = s.service("delete", List.of(tcp("http", 80, 30080), tcp("https", 443, 30443)));
      s.ensure(service, s.nodes(0, 1));
      s.readExisting(service);
      s.delete(service);
      s.assertGone(service);
      s.delete(service);
      s.assertGone(service);
    }
  }

  /**
   * An ensure whose thread is interrupted returns promptly (with the interrupt flag left set if it throws), and a
   * delete afterwards cleans up whatever it had created.
   *
   * @param target the provider under test
   * @throws InterruptedException if the test itself is interrupted
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] delete after an interrupted ensure leaves nothing behind")
  default void loadBalancerDeleteAfterAnInterruptedEnsure(TckTarget target) throws InterruptedException {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 2)) {
      V1Service service = s.service("intr", List.of(tcp("http", 80, 30080)));
      List<V1Node> nodes = s.nodes(0, 1);
      CountDownLatch started = new CountDownLatch(1);
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      AtomicBoolean flagKept = new AtomicBoolean();
      Thread ensure = new Thread(() -> {
        started.countDown();
        try {
          s.lb().ensureLoadBalancer(s.cluster(), service, nodes);
        } catch (RuntimeException e) {
          flagKept.set(Thread.currentThread().isInterrupted());
          failure.set(e);
        }
      }, "tck-interrupted-ensure");
      ensure.setDaemon(true);
      ensure.start();
      assertThat(started.await(1, TimeUnit.MINUTES)).as("the ensure thread started").isTrue();
      ensure.interrupt();
      ensure.join(Duration.ofMinutes(2).toMillis());
      assertThat(ensure.isAlive()).as("ensureLoadBalancer still running 2 minutes after its thread was interrupted")
          .isFalse();
      RuntimeException error = failure.get();
      if (error != null && LoadBalancerSession.retryAfter(error).isEmpty()) {
        assertThat(flagKept).as("interrupt flag after the interrupted ensure threw %s", error).isTrue();
      }
      s.delete(service);
      s.assertGone(service);
    }
  }

  /**
   * No load balancer method changes the Service or the Nodes it is given.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] arguments are not mutated")
  default void loadBalancerArgumentsAreNotMutated(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 2)) {
      V1Service service = s.service("args", List.of(tcp("http", 80, 30080), tcp("https", 443, 30443)));
      List<V1Node> nodes = s.nodes(0, 1);
      String serviceJson = json(service);
      String nodesJson = json(nodes);
      LoadBalancer lb = s.lb();
      unchanged(() -> lb.getLoadBalancerName(s.cluster(), service), "getLoadBalancerName", service, serviceJson,
          nodes, nodesJson);
      unchanged(() -> lb.getLoadBalancer(s.cluster(), service), "getLoadBalancer", service, serviceJson, nodes,
          nodesJson);
      unchanged(() -> s.ensure(service, nodes), "ensureLoadBalancer", service, serviceJson, nodes, nodesJson);
      unchanged(() -> lb.getLoadBalancer(s.cluster(), service), "getLoadBalancer", service, serviceJson, nodes,
          nodesJson);
      unchanged(() -> {
        s.update(service, List.of(nodes.get(1)));
        return null;
      }, "updateLoadBalancer", service, serviceJson, nodes, nodesJson);
      unchanged(() -> s.ensure(service, nodes), "a second ensureLoadBalancer", service, serviceJson, nodes,
          nodesJson);
      unchanged(() -> {
        s.delete(service);
        return null;
      }, "ensureLoadBalancerDeleted", service, serviceJson, nodes, nodesJson);
    }
  }

  /**
   * Eight Services ensured at once each end with their own listeners and backends.
   *
   * @param target the provider under test
   * @throws InterruptedException if the test itself is interrupted
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] concurrent ensures for different services do not interfere")
  default void loadBalancerConcurrentEnsuresDoNotInterfere(TckTarget target) throws InterruptedException {
    int count = 8;
    LoadBalancerSession s = LoadBalancerSession.open(target, 3);
    ExecutorService pool = Executors.newFixedThreadPool(count, r -> {
      Thread t = new Thread(r, "tck-concurrent-ensure");
      t.setDaemon(true);
      return t;
    });
    try {
      List<V1Service> services = new ArrayList<>();
      List<List<V1Node>> backends = new ArrayList<>();
      List<Future<V1LoadBalancerStatus>> results = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < count; i++) {
        V1Service service = s.service("conc" + i, List.of(tcp("p" + i, 8000 + i, 30100 + i)));
        List<V1Node> nodes = i % 3 == 0 ? s.nodes(i % 3) : s.nodes(0, i % 3);
        services.add(service);
        backends.add(nodes);
        results.add(pool.submit(() -> {
          go.await();
          return s.ensure(service, nodes);
        }));
      }
      go.countDown();
      for (int i = 0; i < count; i++) {
        V1LoadBalancerStatus status = await(results.get(i), services.get(i));
        FixtureLoadBalancer cloud = s.readExisting(services.get(i));
        assertListeners(cloud, services.get(i));
        assertBackends(cloud, backends.get(i));
        assertIngress(status, cloud);
      }
      assertThat(services).extracting(s::name).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
      s.close();
    }
  }

  /**
   * Get reports no load balancer before ensure, the ensured status after it, and none after delete.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] get reports existence truthfully")
  default void loadBalancerGetReportsExistenceTruthfully(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 1)) {
      V1Service service = s.service("get", List.of(tcp("http", 80, 30080)));
      assertThat(s.lb().getLoadBalancer(s.cluster(), service)).as("getLoadBalancer before ensure").isEmpty();
      V1LoadBalancerStatus status = s.ensure(service, s.nodes(0));
      Optional<V1LoadBalancerStatus> found = s.lb().getLoadBalancer(s.cluster(), service);
      assertThat(found).as("getLoadBalancer after ensure").isPresent();
      assertThat(json(found.get())).as("status getLoadBalancer reports").isEqualTo(json(status));
      s.delete(service);
      assertThat(s.lb().getLoadBalancer(s.cluster(), service)).as("getLoadBalancer after delete").isEmpty();
    }
  }

  /**
   * Every retry-after the provider asks for during ensure (a {@code RetryAfterException} or a
   * {@code ThrottledException}) has a message and a positive delay of at most an hour, and honouring it leads to
   * success within 15 minutes.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("LoadBalancer [Feature:LoadBalancer] a provider-declared retry-after is well-formed and honoured")
  default void loadBalancerRetryAfterIsWellFormed(TckTarget target) {
    try (LoadBalancerSession s = LoadBalancerSession.open(target, 1)) {
      V1Service service = s.service("retry", List.of(tcp("http", 80, 30080)));
      V1LoadBalancerStatus status = s.ensure(service, s.nodes(0));
      assertIngress(status, s.readExisting(service));
    }
  }

  private static void unchanged(Supplier<?> call, String what, V1Service service, String serviceJson,
      List<V1Node> nodes, String nodesJson) {
    call.get();
    assertThat(json(service)).as("the Service after %s", what).isEqualTo(serviceJson);
    assertThat(json(nodes)).as("the Nodes after %s", what).isEqualTo(nodesJson);
  }

  private static V1LoadBalancerStatus await(Future<V1LoadBalancerStatus> result, V1Service service)
      throws InterruptedException {
    try {
      return result.get(LoadBalancerSession.RETRY_BOUND.toMinutes() + 1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new AssertionError("concurrent ensure of " + service.getMetadata().getName() + " failed: " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("concurrent ensure of " + service.getMetadata().getName() + " did not finish", e);
    }
  }
}
