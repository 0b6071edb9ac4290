package dev.ccm4j.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Upstream's {@code Test_syncNode} scenarios (and their {@code [instanceV2]} variants) against the API emulator. */
class CloudNodeSyncIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static KubeApiServer server;
  private static ApiClient client;
  private static CoreV1Api core;

  private final FakeCloud cloud = new FakeCloud();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private String name;

  @BeforeAll
  static void startServer() {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
    core = new CoreV1Api(client);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void freshName() {
    name = "node-" + SEQ.incrementAndGet();
  }

  private CloudNodeSync sync(boolean v2) {
    return sync(v2, Clock.system());
  }

  private CloudNodeSync sync(boolean v2, Clock clock) {
    if (!v2) {
      cloud.disable(Capability.INSTANCES_V2);
    }
    return new CloudNodeSync(this::read, InstanceMetadataSource.of(cloud).orElseThrow(), new NodePatches(client),
        (ref, type, reason, message) -> events.add(ref.getName() + " " + type.wire() + " " + reason + " " + message),
        CloudNodeMetrics.of(registry), clock);
  }

  private V1Node read(String nodeName) {
    try {
      return core.readNode(nodeName).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw new IllegalStateException(e);
    }
  }

  static V1Taint uninitializedTaint() {
    return new V1Taint().key(WellKnown.TAINT_UNINITIALIZED).value("true").effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE);
  }

  private V1Node create(boolean tainted, String providerId, Map<String, String> annotations,
      Map<String, String> labels) throws ApiException {
    List<V1Taint> taints = new ArrayList<>();
    taints.add(new V1Taint().key("other").value("x").effect("NoExecute"));
    if (tainted) {
      taints.add(uninitializedTaint());
    }
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name(name).annotations(annotations).labels(labels))
        .spec(new V1NodeSpec().providerID(providerId).taints(taints));
    core.createNode(node).execute();
    return new NodePatches(client).replaceAddresses(name, List.of(
        NodeAddressRulesTest.addr("Hostname", "kubelet-" + name), NodeAddressRulesTest.addr("InternalIP", "192.168.9.9")));
  }

  private V1Node create(boolean tainted) throws ApiException {
    return create(tainted, null, null, null);
  }

  private FakeInstance.Builder instance() {
    return FakeInstance.builder(name).providerId("fake://i-" + name).instanceType("big").zone("zone-a")
        .region("r1").address("InternalIP", "10.0.0.1").address("ExternalIP", "1.2.3.4");
  }

  private String metrics() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private void assertInitialized(V1Node node) {
    assertThat(node.getSpec().getTaints()).extracting(V1Taint::getKey).containsExactly("other");
    assertThat(node.getSpec().getProviderID()).isEqualTo("fake://i-" + name);
    assertThat(events).containsExactly(name + " Normal Synced Node synced successfully");
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void initializesWithKubeletsHostnameWhenTheCloudHasNone(boolean v2) throws Exception {
    cloud.addInstance(instance().build());
    create(true);
    assertThat(sync(v2).reconcile(name)).isEqualTo(ReconcileResult.done());
    V1Node node = read(name);
    assertInitialized(node);
    assertThat(NodeAddressRulesTest.flat(node.getStatus().getAddresses())).containsExactly("InternalIP=10.0.0.1",
        "ExternalIP=1.2.3.4", "Hostname=kubelet-" + name);
    assertThat(metrics()).contains("node_controller_cloud_provider_taint_removal_delay_seconds_count 1")
        .contains("node_controller_initial_node_sync_delay_seconds_count 1")
        .contains("node_controller_initial_node_sync_delay_seconds_bucket{le=\"1024.0\"} 1");
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void initializesWithTheCloudsHostname(boolean v2) throws Exception {
    cloud.addInstance(instance().address("Hostname", "cloud-host").build());
    create(true);
    sync(v2).reconcile(name);
    assertThat(NodeAddressRulesTest.flat(read(name).getStatus().getAddresses())).containsExactly(
        "InternalIP=10.0.0.1", "ExternalIP=1.2.3.4", "Hostname=cloud-host");
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void setsZoneRegionAndInstanceTypeLabelsInBothForms(boolean v2) throws Exception {
    cloud.addInstance(instance().build());
    create(true);
    sync(v2).reconcile(name);
    assertThat(read(name).getMetadata().getLabels()).contains(
        Map.entry(WellKnown.LABEL_ZONE, "zone-a"), Map.entry(WellKnown.LABEL_ZONE_BETA, "zone-a"),
        Map.entry(WellKnown.LABEL_REGION, "r1"), Map.entry(WellKnown.LABEL_REGION_BETA, "r1"),
        Map.entry(WellKnown.LABEL_INSTANCE_TYPE, "big"), Map.entry(WellKnown.LABEL_INSTANCE_TYPE_BETA, "big"));
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void keepsAnExistingProviderId(boolean v2) throws Exception {
    cloud.addInstance(instance().build());
    create(true, "fake://i-" + name, null, null);
    sync(v2).reconcile(name);
    assertInitialized(read(name));
    assertThat(cloud.count(Operation.INSTANCE_ID)).isZero();
    List<String> patches = server.journal().of("patch", "nodes").stream().filter(r -> r.name().equals(name))
        .map(r -> r.body()).toList();
    assertThat(patches).anyMatch(b -> b.contains("taints")).noneMatch(b -> b.contains("providerID"));
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void ignoresInitializedNodesWithoutCloudCalls(boolean v2) throws Exception {
    cloud.addInstance(instance().build());
    create(false);
    sync(v2).reconcile(name);
    assertThat(cloud.calls()).isEmpty();
    V1Node node = read(name);
    assertThat(node.getSpec().getProviderID()).isNull();
    assertThat(node.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(events).isEmpty();
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void reconcilesGaLabelsOfInitializedNodes(boolean v2) throws Exception {
    create(false, null, null, Map.of(WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_ZONE, "zone-b"));
    sync(v2).reconcile(name);
    assertThat(read(name).getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a");
    assertThat(cloud.calls()).isEmpty();
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void providedNodeIpPutsThatIpFirst(boolean v2) throws Exception {
    cloud.addInstance(instance().address("InternalIP", "10.0.0.2").build());
    create(true, null, Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "10.0.0.2"), null);
    sync(v2).reconcile(name);
    V1Node node = read(name);
    assertInitialized(node);
    assertThat(NodeAddressRulesTest.flat(node.getStatus().getAddresses())).containsExactly("InternalIP=10.0.0.2",
        "ExternalIP=1.2.3.4", "Hostname=kubelet-" + name);
  }

  @ParameterizedTest(name = "v2={0}")
  @ValueSource(booleans = {false, true})
  void invalidProvidedNodeIpKeepsTheTaintAndWritesNothing(boolean v2) throws Exception {
    cloud.addInstance(instance().build());
    V1Node before = create(true, null, Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "10.0.0.99"), null);
    CloudNodeSync sync = sync(v2);
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.requeue());
    V1Node after = read(name);
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(NodePatches.hasTaint(after, WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
    assertThat(events).containsExactly(name + " Warning InvalidProvidedNodeIP annotation "
        + WellKnown.ANNOTATION_PROVIDED_NODE_IP + " is not valid: failed to get node address from cloud provider "
        + "that matches ip: 10.0.0.99; the node stays uninitialized until the annotation is fixed");
  }

  @Test
  void malformedProvidedNodeIpIsReportedOncePerIntervalWithoutCloudCalls() throws Exception {
    cloud.addInstance(instance().build());
    create(true, null, Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "10.0.0.x"), null);
    ManualClock clock = new ManualClock();
    CloudNodeSync sync = sync(true, clock);
    try (LogCapture log = LogCapture.of(CloudNodeController.class.getName())) {
      for (int i = 0; i < 5; i++) {
        assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.requeue());
        clock.advance(Duration.ofSeconds(30));
      }
      assertThat(events).containsExactly(name + " Warning InvalidProvidedNodeIP annotation "
          + WellKnown.ANNOTATION_PROVIDED_NODE_IP + " is not valid: failed to parse node IP \"10.0.0.x\": could not "
          + "parse \"10.0.0.x\"; the node stays uninitialized until the annotation is fixed");
      assertThat(log.lines()).filteredOn(l -> l.contains(" WARN ")).singleElement().asString()
          .contains("Node " + name + " cannot be initialized (InvalidProvidedNodeIP)");
      clock.advance(NodeProblems.INTERVAL);
      sync.reconcile(name);
      assertThat(events).hasSize(2);
      assertThat(log.lines()).filteredOn(l -> l.contains(" WARN ")).hasSize(2);
    }
    assertThat(cloud.calls()).isEmpty();
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
  }

  /** On the legacy path upstream's fallback to the node name applies instead, as it does there. */
  @Test
  void garbageProviderIdIsReportedOnTheNodeAndKeepsTheTaint() throws Exception {
    cloud.addInstance(instance().build());
    create(true, "garbage\"id", null, null);
    CloudNodeSync sync = sync(true);
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.requeue());
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.requeue());
    assertThat(events).containsExactly(name + " Warning InvalidProviderID spec.providerID \"garbage?id\" is not a "
        + "provider ID of cloud provider \"fake\" and the cloud cannot look it up; the node stays uninitialized "
        + "until it registers with a valid one");
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
  }

  @Test
  void aProviderIdOfTheProviderThatTheCloudLacksIsNotTheNodesFault() throws Exception {
    create(true, "fake://i-unknown", null, null);
    CloudNodeSync sync = sync(true);
    assertThatThrownBy(() -> sync.reconcile(name)).hasMessageContaining("fake instance");
    assertThat(events).isEmpty();
  }

  @Test
  void nilMetadataFromInstancesV2IsRetriedAndKeepsTheTaint() throws Exception {
    cloud.addInstance(instance().provisioning(true).build());
    create(true);
    CloudNodeSync sync = sync(true);
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.requeue());
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
    cloud.addInstance(instance().build());
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.done());
    assertInitialized(read(name));
  }

  @Test
  void unimplementedProviderIdKeepsTheTaint() throws Exception {
    cloud.addInstance(instance().build());
    cloud.failAlways(Operation.INSTANCE_ID, new NotImplementedException("instanceId"));
    create(true);
    CloudNodeSync sync = sync(false);
    assertThatThrownBy(() -> sync.reconcile(name)).hasMessageContaining("does not set node provider ID");
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
  }

  @Test
  void providerIdNotSetByInstancesV2ComesFromTheNodeOrFails() throws Exception {
    cloud.addInstance(instance().build());
    create(true);
    CloudNodeSync sync = new CloudNodeSync(this::read,
        InstanceMetadataSource.of(InstanceMetadataSourceTest.withoutProviderIds(cloud)).orElseThrow(),
        new NodePatches(client), (ref, type, reason, message) -> events.add(reason), CloudNodeMetrics.of(registry),
        Clock.system());
    assertThatThrownBy(() -> sync.reconcile(name)).hasMessageContaining("does not set node provider ID");
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
  }

  @Test
  void additionalLabelsAreFilteredAndNeverOverwrite() throws Exception {
    cloud.addInstance(instance().label("example.com/rack", "r7").label("example.com/team", "cloud")
        .label("node.kubernetes.io/sneaky", "x").label("k8s.io/other", "x").build());
    create(true, null, null, Map.of("example.com/team", "mine"));
    sync(true).reconcile(name);
    Map<String, String> labels = read(name).getMetadata().getLabels();
    assertThat(labels).containsEntry("example.com/rack", "r7").containsEntry("example.com/team", "mine")
        .doesNotContainKeys("node.kubernetes.io/sneaky", "k8s.io/other");
  }

  @Test
  void instanceMetadataErrorKeepsTheTaint() throws Exception {
    cloud.addInstance(instance().build());
    cloud.failNext(Operation.INSTANCE_METADATA, name, 1, new IllegalStateException("cloud down"));
    create(true);
    CloudNodeSync sync = sync(true);
    assertThatThrownBy(() -> sync.reconcile(name)).hasMessageContaining("cloud down");
    assertThat(NodePatches.hasTaint(read(name), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
    assertThat(sync.reconcile(name)).isEqualTo(ReconcileResult.done());
    assertInitialized(read(name));
  }

  @Test
  void missingNodeIsDone() throws Exception {
    assertThat(sync(true).reconcile("no-such-node")).isEqualTo(ReconcileResult.done());
    assertThat(cloud.calls()).isEmpty();
  }
}
