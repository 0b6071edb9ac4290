package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.deleting;
import static dev.ccm4j.core.service.Fixtures.lbService;
import static dev.ccm4j.core.service.Fixtures.node;
import static dev.ccm4j.core.service.Fixtures.service;
import static dev.ccm4j.core.service.Fixtures.withFinalizer;
import static dev.ccm4j.core.service.Fixtures.withIngress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reconciler's decisions, driven directly with an in-memory Service store and a {@link FakeCloud}. */
class ServiceSyncerTest {
  private final FakeCloud cloud = new FakeCloud();
  private final Map<String, V1Service> services = new ConcurrentHashMap<>();
  private final List<V1Node> nodes = new CopyOnWriteArrayList<>(List.of(node("n1"), node("n2")));
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private volatile ApiException writeFailure;
  private final ServiceSyncer syncer = new ServiceSyncer(cloud.loadBalancer().orElseThrow(), "kubernetes",
      key -> Optional.ofNullable(services.get(key)), () -> List.copyOf(nodes), new MemoryWriter(),
      (ref, type, reason, message) -> events.add(type.wire() + " " + reason + " " + message),
      ServiceLbMetrics.of(new PrometheusRegistry()), Clock.system());

  /** Applies the writes to the in-memory store and records them, like the API server would. */
  private final class MemoryWriter implements ServiceWriter {
    @Override
    public void addFinalizer(V1Service service) throws ApiException {
      fail();
      if (!ServicePredicates.hasFinalizer(service)) {
        writes.add("finalizer+");
        services.computeIfPresent(ServicePredicates.key(service), (k, s) -> withFinalizer(Fixtures.copy(s)));
      }
    }

    @Override
    public void removeFinalizer(V1Service service) throws ApiException {
      fail();
      if (ServicePredicates.hasFinalizer(service)) {
        writes.add("finalizer-");
        services.computeIfPresent(ServicePredicates.key(service), (k, s) -> {
          V1Service copy = Fixtures.copy(s);
          copy.getMetadata().setFinalizers(new ArrayList<>());
          return copy;
        });
      }
    }

    @Override
    public void patchStatus(V1Service service, V1LoadBalancerStatus status) throws ApiException {
      fail();
      writes.add("status");
    }

    private void fail() throws ApiException {
      if (writeFailure != null) {
        throw writeFailure;
      }
    }
  }

  private ReconcileResult full(V1Service service) {
    String key = ServicePredicates.key(service);
    services.put(key, service);
    syncer.requestFullSync(key);
    return syncer.reconcile(key);
  }

  private ReconcileResult backends(String key) {
    return syncer.reconcile(key);
  }

  @Test
  void serviceThatDoesNotWantALoadBalancerOnlyChecksAndWritesNothing() {
    assertThat(full(service("plain", "ClusterIP"))).isEqualTo(ReconcileResult.done());
    assertThat(cloud.calls()).extracting(c -> c.operation()).containsExactly(Operation.GET_LOAD_BALANCER);
    assertThat(writes).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP", "SCTP"})
  void serviceThatWantsALoadBalancerIsEnsuredWithFinalizerFirstAndStatus(String protocol) {
    V1Service svc = lbService("web");
    svc.getSpec().getPorts().get(0).setProtocol(protocol);
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER, call -> assertThat(writes).containsExactly("finalizer+"));
    assertThat(full(svc)).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER)).isEqualTo(1);
    assertThat(writes).containsExactly("finalizer+", "status");
    assertThat(cloud.findLoadBalancer("default/web")).hasValueSatisfying(lb -> {
      assertThat(lb.name()).isEqualTo("auidweb");
      assertThat(lb.ports()).singleElement().satisfies(p -> assertThat(p.protocol()).isEqualTo(protocol));
      assertThat(lb.nodes()).containsExactly("n1", "n2");
    });
    assertThat(events).containsExactly("Normal EnsuringLoadBalancer Ensuring load balancer",
        "Normal EnsuredLoadBalancer Ensured load balancer");
  }

  @Test
  void serviceWithALoadBalancerClassGetsNoCallsAndNoWrites() {
    V1Service svc = lbService("classy");
    svc.getSpec().setLoadBalancerClass("example.com/lb");
    assertThat(full(svc)).isEqualTo(ReconcileResult.done());
    assertThat(cloud.calls()).isEmpty();
    assertThat(writes).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void serviceWithFinalizerThatNoLongerWantsALoadBalancerIsCleanedUp() {
    full(lbService("web"));
    writes.clear();
    V1Service changed = withIngress(Fixtures.copy(services.get("default/web")), "203.0.113.1");
    changed.getSpec().setType("ClusterIP");
    assertThat(full(changed)).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER_DELETED)).isEqualTo(1);
    assertThat(cloud.findLoadBalancer("default/web")).isEmpty();
    assertThat(writes).containsExactly("finalizer-", "status");
    assertThat(events).contains("Normal DeletingLoadBalancer Deleting load balancer",
        "Normal DeletedLoadBalancer Deleted load balancer");
  }

  @Test
  void serviceThatNeedsCleanupIsDeleted() {
    full(lbService("web"));
    writes.clear();
    V1Service gone = deleting(withIngress(Fixtures.copy(services.get("default/web")), "203.0.113.1"));
    assertThat(full(gone)).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER_DELETED)).isEqualTo(1);
    assertThat(writes).containsExactly("finalizer-", "status");
  }

  @Test
  void serviceWithFinalizerThatWantsALoadBalancerOnlyPatchesStatus() {
    assertThat(full(withFinalizer(lbService("web")))).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER)).isEqualTo(1);
    assertThat(writes).containsExactly("status");
  }

  @Test
  void unchangedIngressIsNotWrittenAgain() {
    full(lbService("web"));
    String ip = cloud.findLoadBalancer("default/web").orElseThrow().ingress().ip();
    writes.clear();
    assertThat(full(withIngress(Fixtures.copy(services.get("default/web")), ip))).isEqualTo(ReconcileResult.done());
    assertThat(writes).isEmpty();
  }

  @Test
  void queueDelay() {
    assertThat(full(lbService("ok"))).isEqualTo(ReconcileResult.done());
    cloud.failNext(Operation.ENSURE_LOAD_BALANCER, 1, new IllegalStateException("boom"));
    assertThat(full(lbService("regular")).kind()).isEqualTo(ReconcileResult.Kind.FAILURE);
    cloud.failNext(Operation.ENSURE_LOAD_BALANCER, 1,
        new RetryAfterException("LB create in progress", Duration.ofSeconds(42)));
    assertThat(full(lbService("retry"))).isEqualTo(ReconcileResult.requeueAfter(Duration.ofSeconds(42)));
    assertThat(events).contains("Warning SyncLoadBalancerFailed Error syncing load balancer: "
        + "failed to ensure load balancer: LB create in progress");
  }

  @Test
  void failedSyncIsRetriedAsAFullSync() {
    cloud.failNext(Operation.ENSURE_LOAD_BALANCER, 1, new IllegalStateException("boom"));
    full(lbService("web"));
    assertThat(backends("default/web")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER)).isEqualTo(2);
  }

  @Test
  void kubernetesErrorsStopTheSyncBeforeAnyCloudCall() {
    writeFailure = new ApiException(409, "conflict");
    assertThat(full(lbService("conflict")).kind()).isEqualTo(ReconcileResult.Kind.FAILURE);
    writeFailure = new ApiException(404, "not found");
    assertThat(full(lbService("notfound")).kind()).isEqualTo(ReconcileResult.Kind.FAILURE);
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER)).isZero();
  }

  @Test
  void invalidKeyAndMissingServiceAreDoneWithoutCalls() {
    assertThat(syncer.reconcile("a/b/c")).isEqualTo(ReconcileResult.done());
    assertThat(syncer.reconcile("default/absent")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.calls()).isEmpty();
  }

  @Test
  void processServiceDeletionOfAServiceDeletedWithoutTheFinalizer() {
    V1Service svc = lbService("web");
    full(svc);
    services.remove("default/web");
    syncer.deletedService("default/web", svc);
    cloud.failNext(Operation.ENSURE_LOAD_BALANCER_DELETED, 1, new IllegalStateException("cloud down"));
    assertThat(syncer.reconcile("default/web").kind()).isEqualTo(ReconcileResult.Kind.FAILURE);
    assertThat(events).contains("Warning DeleteLoadBalancerFailed Error deleting load balancer: cloud down");
    assertThat(cloud.findLoadBalancer("default/web")).as("retained for the retry").isPresent();
    assertThat(syncer.reconcile("default/web")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.findLoadBalancer("default/web")).isEmpty();
    assertThat(events).endsWith("Normal DeletedLoadBalancer Deleted load balancer");
    assertThat(syncer.reconcile("default/web")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER_DELETED)).isEqualTo(2);
  }

  @Test
  void recreatedServiceWithANewUidDeletesTheOldLoadBalancerFirst() {
    full(lbService("web"));
    V1Service recreated = lbService("web");
    recreated.getMetadata().setUid("uid-new");
    assertThat(full(recreated)).isEqualTo(ReconcileResult.done());
    assertThat(cloud.calls()).extracting(c -> c.operation()).containsSubsequence(
        Operation.ENSURE_LOAD_BALANCER_DELETED, Operation.ENSURE_LOAD_BALANCER);
    assertThat(cloud.loadBalancers().values()).singleElement()
        .satisfies(lb -> assertThat(lb.serviceUid()).isEqualTo("uid-new"));
  }

  @Test
  void backendSyncUpdatesOnlyWhenTheBackendSetChanged() {
    full(lbService("a"));
    full(lbService("b"));
    full(service("plain", "ClusterIP"));
    cloud.clearCalls();
    for (String key : List.of("default/a", "default/b", "default/plain")) {
      backends(key);
    }
    assertThat(cloud.calls()).as("no changes, no calls").isEmpty();

    nodes.add(node("n3"));
    for (String key : List.of("default/a", "default/b", "default/plain")) {
      assertThat(backends(key)).isEqualTo(ReconcileResult.done());
    }
    assertThat(cloud.updateCalls()).extracting(c -> c.serviceKey() + c.nodes())
        .containsExactly("default/a[n1, n2, n3]", "default/b[n1, n2, n3]");

    cloud.clearBalancerCalls();
    nodes.set(0, Fixtures.ready(Fixtures.copy(nodes.get(0)), false));
    backends("default/a");
    assertThat(cloud.updateCalls()).as("NotReady changes nothing").isEmpty();

    nodes.set(0, Fixtures.tainted(Fixtures.copy(nodes.get(0)), WellKnown.TAINT_TO_BE_DELETED_BY_CLUSTER_AUTOSCALER));
    backends("default/a");
    nodes.set(1, Fixtures.excluded(Fixtures.copy(nodes.get(1)), "true"));
    backends("default/a");
    nodes.set(2, Fixtures.tainted(Fixtures.copy(nodes.get(2)), "spurious"));
    backends("default/a");
    assertThat(cloud.updateCalls()).extracting(c -> c.nodes().toString())
        .containsExactly("[n2, n3]", "[n3]");
    nodes.set(2, Fixtures.deleting(Fixtures.copy(nodes.get(2))));
    backends("default/a");
    assertThat(cloud.findLoadBalancer("default/a").orElseThrow().nodes()).isEmpty();
    assertThat(events).contains("Warning UnAvailableLoadBalancer There are no available nodes for LoadBalancer",
        "Normal UpdatedLoadBalancer Updated load balancer with new hosts");
  }

  @Test
  void failedBackendUpdateBecomesAFullSyncWithTheNewHosts() {
    full(lbService("a"));
    nodes.add(node("n3"));
    cloud.failNext(Operation.UPDATE_LOAD_BALANCER, 1, new IllegalStateException("flaky"));
    assertThat(backends("default/a").kind()).isEqualTo(ReconcileResult.Kind.FAILURE);
    assertThat(events).contains("Warning UpdateLoadBalancerFailed Error updating load balancer with new hosts "
        + "[n1 n2 n3] [node names limited, total number of nodes: 3], error: flaky");
    assertThat(backends("default/a")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.ensureCalls()).last().satisfies(c -> assertThat(c.nodes()).containsExactly("n1", "n2", "n3"));
  }

  @Test
  void updateFailureForAMissingLoadBalancerIsNoFailure() {
    full(lbService("a"));
    cloud.loadBalancer().orElseThrow().ensureLoadBalancerDeleted("kubernetes", services.get("default/a"));
    nodes.add(node("n3"));
    events.clear();
    assertThat(backends("default/a")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.count(Operation.UPDATE_LOAD_BALANCER)).isEqualTo(1);
    assertThat(events).isEmpty();
  }

  @Test
  void slowNodeSyncThenServiceSyncUsesTheNewestHosts() {
    full(lbService("a"));
    nodes.add(node("n3"));
    full(Fixtures.copy(services.get("default/a")));
    assertThat(cloud.ensureCalls()).last().satisfies(c -> assertThat(c.nodes()).containsExactly("n1", "n2", "n3"));
    backends("default/a");
    assertThat(cloud.updateCalls()).as("the ensure already sent the newest hosts").isEmpty();
  }
}
