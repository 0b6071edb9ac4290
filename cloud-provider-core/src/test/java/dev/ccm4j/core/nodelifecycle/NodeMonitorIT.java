package dev.ccm4j.core.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.cloud.CloudCallTimeoutException;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.InstanceState;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ports upstream's Test_NodesDeleted (for Instances and InstancesV2) and Test_NodesShutdown against the API server
 * emulator and the fake cloud, plus the safety valve, the UID precondition and parallel probing.
 */
class NodeMonitorIT {
  private record Recorded(String node, EventType type, String reason, String message) {}

  private KubeApiServer server;
  private ApiClient client;
  private CoreV1Api api;
  private FakeCloud cloud;
  private ExecutorService pool;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LifecycleMetrics metrics = new LifecycleMetrics(registry);
  private final List<Recorded> events = new ArrayList<>();
  private final EventRecorder recorder = (ref, type, reason, message) -> {
    synchronized (events) {
      events.add(new Recorded(ref.getName(), type, reason, message));
    }
  };

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
    api = new CoreV1Api(client);
    cloud = new FakeCloud();
    pool = Executors.newFixedThreadPool(CloudNodeLifecycleController.MAX_PARALLEL_PROBES);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    server.close();
  }

  private void path(String path) {
    if (path.equals("v1")) {
      cloud.disable(Capability.INSTANCES_V2);
    }
  }

  private NodeMonitor monitor(double fraction) {
    return new NodeMonitor(new InstanceProbe(cloud), client, recorder, metrics, fraction,
        pool);
  }

  private void runOnce(double fraction) throws Exception {
    monitor(fraction).runOnce(api.listNode().execute().getItems());
  }

  private void runOnce() throws Exception {
    runOnce(1.0);
  }

  private V1Node node(String name, String ready, String providerId, V1Taint... taints) throws ApiException {
    V1NodeStatus status = new V1NodeStatus();
    if (ready != null) {
      status.addConditionsItem(new V1NodeCondition().type(WellKnown.CONDITION_READY).status(ready));
    }
    V1Node created = api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name))
        .spec(new V1NodeSpec().providerID(providerId).taints(taints.length == 0 ? null : List.of(taints)))
        .status(status)).execute();
    assertThat(NodeMonitor.isReady(created)).isEqualTo("True".equals(ready));
    return created;
  }

  private FakeInstance instance(String name, InstanceState state) {
    return cloud.addInstance(FakeInstance.builder(name).state(state).build());
  }

  private boolean exists(String name) throws ApiException {
    try {
      api.readNode(name).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private boolean shutdownTainted(String name) throws ApiException {
    List<V1Taint> taints = api.readNode(name).execute().getSpec().getTaints();
    return taints != null && taints.stream().anyMatch(t -> WellKnown.TAINT_SHUTDOWN.equals(t.getKey())
        && WellKnown.TAINT_EFFECT_NO_SCHEDULE.equals(t.getEffect()));
  }

  private List<String> reasons(String node) {
    synchronized (events) {
      return events.stream().filter(e -> e.node().equals(node)).map(Recorded::reason).toList();
    }
  }

  private double counter(String name) {
    return registry.scrape().stream().filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }

  private static String providerIdOf(String name) {
    return FakeCloud.DEFAULT_NAME + "://" + name;
  }

  // ---- Test_NodesDeleted ----

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void notReadyAndGoneIsDeletedWithAnEvent(String path) throws Exception {
    path(path);
    node("node0", "False", providerIdOf("node0"));

    runOnce();

    assertThat(exists("node0")).isFalse();
    assertThat(events).containsExactly(new Recorded("node0", EventType.NORMAL, "DeletingNode",
        "Deleting node node0 because it does not exist in the cloud provider"));
    assertThat(counter("cloud_node_lifecycle_nodes_deleted")).isEqualTo(1.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void notReadyWithAProviderErrorIsKept(String path) throws Exception {
    path(path);
    node("node0", "False", providerIdOf("node0"));
    Operation exists = path.equals("v1") ? Operation.INSTANCE_EXISTS_BY_PROVIDER_ID : Operation.INSTANCE_EXISTS;
    for (RuntimeException error : List.of(new CloudProviderException("boom"), new ThrottledException("slow down"),
        new CloudCallTimeoutException("fake", "InstanceExists", Duration.ofSeconds(1)))) {
      cloud.failNext(exists, 1, error);

      runOnce();

      assertThat(exists("node0")).as(error.toString()).isTrue();
    }
    assertThat(events).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void notReadyButExistingIsKept(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.RUNNING);
    node("node0", "False", providerIdOf("node0"));

    runOnce();

    assertThat(exists("node0")).isTrue();
    assertThat(shutdownTainted("node0")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void readyUnknownOrMissingAndGoneIsDeleted(String path) throws Exception {
    path(path);
    node("unknown", "Unknown", providerIdOf("unknown"));
    node("missing", null, providerIdOf("missing"));

    runOnce();

    assertThat(exists("unknown")).isFalse();
    assertThat(exists("missing")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void readyUnknownAndExistingIsKept(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.RUNNING);
    node("node0", "Unknown", providerIdOf("node0"));

    runOnce();

    assertThat(exists("node0")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void readyButGoneInTheCloudIsKeptAndCostsNoCloudCall(String path) throws Exception {
    path(path);
    node("node0", "True", providerIdOf("node0"));

    runOnce();

    assertThat(exists("node0")).isTrue();
    assertThat(cloud.calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void instanceNotFoundAsAnErrorMeansGoneOnBothPaths(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.RUNNING);
    node("node0", "False", providerIdOf("node0"));
    Operation exists = path.equals("v1") ? Operation.INSTANCE_EXISTS_BY_PROVIDER_ID : Operation.INSTANCE_EXISTS;
    cloud.failNext(exists, 1, new CloudProviderException("lookup failed",
        new InstanceNotFoundException("404 from the cloud")));

    runOnce();

    assertThat(exists("node0")).isFalse();
  }

  // ---- Test_NodesShutdown ----

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void notReadyAndShutDownGetsTheTaint(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", providerIdOf("node0"));

    runOnce();

    assertThat(shutdownTainted("node0")).isTrue();
    assertThat(exists("node0")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void shutDownWithAnEmptyProviderIdGetsTheTaint(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", "");

    runOnce();

    assertThat(shutdownTainted("node0")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void aNonExistingProviderIdIsDeleted(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", providerIdOf("someone-else"));
    cloud.addInstance(FakeInstance.builder("other").providerId(providerIdOf("other")).build());
    cloud.removeInstance("node0");

    runOnce();

    assertThat(exists("node0")).isFalse();
  }

  @Test
  void anErrorGettingTheProviderIdLeavesNoTaint() throws Exception {
    path("v1");
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", "");
    cloud.failNext(Operation.INSTANCE_ID, 1, new CloudProviderException("boom"));

    runOnce();

    assertThat(shutdownTainted("node0")).isFalse();
    assertThat(exists("node0")).isTrue();
  }

  @Test
  void instanceNotFoundGettingTheProviderIdDeletes() throws Exception {
    path("v1");
    node("node0", "False", "");

    runOnce();

    assertThat(exists("node0")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void anErrorCheckingShutdownLeavesNoTaint(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", providerIdOf("node0"));
    cloud.failNext(path.equals("v1") ? Operation.INSTANCE_SHUTDOWN_BY_PROVIDER_ID : Operation.INSTANCE_SHUTDOWN, 1,
        new CloudProviderException("boom"));

    runOnce();

    assertThat(shutdownTainted("node0")).isFalse();
    assertThat(exists("node0")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void readyButShutDownGetsNoTaintAndLosesAStaleOne(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    instance("node1", InstanceState.STOPPED);
    node("node0", "True", providerIdOf("node0"));
    node("node1", "True", providerIdOf("node1"), NodeMonitor.SHUTDOWN_TAINT);

    runOnce();

    assertThat(shutdownTainted("node0")).isFalse();
    assertThat(shutdownTainted("node1")).isFalse();
    assertThat(cloud.calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void notReadyRunningAgainLosesTheTaint(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.RUNNING);
    node("node0", "False", providerIdOf("node0"), NodeMonitor.SHUTDOWN_TAINT,
        new V1Taint().key("keep").effect("NoExecute"));

    runOnce();

    assertThat(shutdownTainted("node0")).isFalse();
    assertThat(api.readNode("node0").execute().getSpec().getTaints()).extracting(V1Taint::getKey)
        .containsExactly("keep");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void shutDownButGoneWhenCheckedIsDeleted(String path) throws Exception {
    path(path);
    instance("node0", InstanceState.STOPPED);
    node("node0", "False", providerIdOf("node0"));
    cloud.failNext(path.equals("v1") ? Operation.INSTANCE_SHUTDOWN_BY_PROVIDER_ID : Operation.INSTANCE_SHUTDOWN, 1,
        new InstanceNotFoundException("terminated meanwhile"));

    runOnce();

    assertThat(exists("node0")).isFalse();
  }

  // ---- improvements ----

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void theSafetyValveRefusesToDeleteMoreThanTheFraction(String path) throws Exception {
    path(path);
    for (int i = 0; i < 4; i++) {
      node("gone-" + i, "Unknown", providerIdOf("gone-" + i));
    }

    runOnce(0.5);

    for (int i = 0; i < 4; i++) {
      assertThat(exists("gone-" + i)).isTrue();
      assertThat(reasons("gone-" + i)).containsExactly(NodeMonitor.REASON_THROTTLED);
    }
    assertThat(counter("cloud_node_lifecycle_deletions_refused")).isEqualTo(4.0);
    assertThat(counter("cloud_node_lifecycle_nodes_deleted")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void deletionsWithinTheFractionProceed(String path) throws Exception {
    path(path);
    node("gone-0", "False", providerIdOf("gone-0"));
    node("gone-1", "False", providerIdOf("gone-1"));
    instance("ok-0", InstanceState.RUNNING);
    node("ok-0", "True", providerIdOf("ok-0"));
    instance("ok-1", InstanceState.RUNNING);
    node("ok-1", "False", providerIdOf("ok-1"));

    runOnce(0.5);

    assertThat(exists("gone-0")).isFalse();
    assertThat(exists("gone-1")).isFalse();
    assertThat(exists("ok-0")).isTrue();
    assertThat(exists("ok-1")).isTrue();
    assertThat(counter("cloud_node_lifecycle_nodes_deleted")).isEqualTo(2.0);
  }

  @Test
  void aRecreatedNodeOfTheSameNameIsNotDeleted() throws Exception {
    node("node0", "False", providerIdOf("node0"));
    List<V1Node> stale = api.listNode().execute().getItems();
    api.deleteNode("node0").execute();
    V1Node fresh = node("node0", "True", providerIdOf("node0"));

    monitor(1.0).runOnce(stale);

    assertThat(api.readNode("node0").execute().getMetadata().getUid()).isEqualTo(fresh.getMetadata().getUid());
    assertThat(reasons("node0")).containsExactly(NodeMonitor.REASON_DELETING);
  }

  @Test
  void notReadyNodesAreProbedInParallel() throws Exception {
    int n = 10;
    CountDownLatch all = new CountDownLatch(n);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    cloud.onCall(Operation.INSTANCE_EXISTS, call -> {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      all.countDown();
      all.await(20, TimeUnit.SECONDS);
      inFlight.decrementAndGet();
    });
    for (int i = 0; i < n; i++) {
      instance("node" + i, InstanceState.RUNNING);
      node("node" + i, "False", providerIdOf("node" + i));
    }

    runOnce();

    assertThat(peak.get()).isEqualTo(n);
  }
}
