package dev.ccm4j.core.node;

import dev.ccm4j.core.clock.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.kubeapi.FaultInjector;
import dev.ccm4j.kubeapi.RequestMatcher;
import dev.ccm4j.testkit.cloud.Call;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cloud-node controller in the full runtime: informers, work queue, events, metrics, emulator, fake cloud. */
class CloudNodeControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private ControllerHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private ControllerHarness start(FakeCloud cloud, int batchSize, Duration refreshPeriod) {
    h = ControllerHarness.builder().cloud(cloud)
        .controller(ControllerNames.CLOUD_NODE, CloudNodeController.factory(batchSize))
        .options(o -> o.nodeStatusUpdateFrequency(refreshPeriod).concurrentNodeSyncs(2))
        .start();
    return h;
  }

  private static FakeInstance instance(String name, String zone, int octet) {
    return FakeInstance.builder(name).instanceType("big").zone(zone).region("r1")
        .address("InternalIP", "10.0.0." + octet).build();
  }

  private void join(String name, Map<String, String> labels, String providerId) throws ApiException {
    h.core().createNode(new V1Node().metadata(new V1ObjectMeta().name(name).labels(labels))
        .spec(new V1NodeSpec().providerID(providerId).taints(new ArrayList<>(List.of(
            CloudNodeSyncIT.uninitializedTaint()))))).execute();
  }

  private V1Node read(String name) throws ApiException {
    return h.core().readNode(name).execute();
  }

  private boolean initialized(String name) throws ApiException {
    V1Node node = read(name);
    return !NodePatches.hasTaint(node, WellKnown.TAINT_UNINITIALIZED, null)
        && node.getSpec().getProviderID() != null;
  }

  private List<CoreV1Event> syncedEvents() throws ApiException {
    return h.core().listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> "Synced".equals(e.getReason())).toList();
  }

  @Test
  void initializesJoiningNodes() throws Exception {
    FakeCloud cloud = new FakeCloud();
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    for (int i = 1; i <= 3; i++) {
      cloud.addInstance(instance("node-" + i, "zone-a", i));
      join("node-" + i, null, null);
    }
    for (int i = 1; i <= 3; i++) {
      String name = "node-" + i;
      await().atMost(WAIT).until(() -> initialized(name));
      V1Node node = read(name);
      assertThat(node.getSpec().getProviderID()).isEqualTo("fake://" + name);
      assertThat(node.getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a")
          .containsEntry(WellKnown.LABEL_ZONE_BETA, "zone-a").containsEntry(WellKnown.LABEL_INSTANCE_TYPE, "big");
      assertThat(NodeAddressRulesTest.flat(node.getStatus().getAddresses())).containsExactly("InternalIP=10.0.0." + i);
    }
    await().atMost(WAIT).until(() -> syncedEvents().size() == 3);
    assertThat(syncedEvents()).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getMessage()).isEqualTo("Node synced successfully");
      assertThat(e.getSource().getComponent()).isEqualTo(CloudNodeController.EVENT_COMPONENT);
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
    });
    assertThat(h.metrics()).contains("node_controller_cloud_provider_taint_removal_delay_seconds_count 3")
        .contains("node_controller_initial_node_sync_delay_seconds_count 3")
        .contains("running_managed_controllers{manager=\"cloud-controller-manager\",name=\"cloud-node\"} 1.0")
        .contains("name=\"Nodes\"");
    assertThat(h.server().journal().of("update", "nodes")).as("never a full update").isEmpty();
    assertThat(h.server().journal().all()).filteredOn(r -> r.verb().equals("patch"))
        .allSatisfy(r -> assertThat(r.userAgent()).startsWith(CloudNodeController.CLIENT_NAME));
  }

  @Test
  void providerErrorsKeepTheTaintUntilTheCloudRecovers() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.addInstance(instance("node-1", "zone-a", 1));
    cloud.failAlways(Operation.INSTANCE_METADATA, "node-1", new IllegalStateException("cloud down"));
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    join("node-1", null, null);
    await().atMost(WAIT).until(() -> cloud.count(Operation.INSTANCE_METADATA) >= 3);
    assertThat(NodePatches.hasTaint(read("node-1"), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
    cloud.clearFaults();
    await().atMost(WAIT).until(() -> initialized("node-1"));
  }

  @Test
  void metadataNotYetAvailableIsRetried() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.addInstance(instance("node-1", "zone-a", 1).toBuilder().provisioning(true).build());
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    join("node-1", null, null);
    await().atMost(WAIT).until(() -> cloud.count(Operation.INSTANCE_METADATA) >= 3);
    assertThat(NodePatches.hasTaint(read("node-1"), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
    cloud.addInstance(instance("node-1", "zone-a", 1));
    await().atMost(WAIT).until(() -> initialized("node-1"));
  }

  @Test
  void periodicRefreshUsesOneBatchCallPerChunkAndFollowsTheCloud() throws Exception {
    FakeCloud cloud = new FakeCloud();
    start(cloud, 2, Duration.ofMillis(300));
    for (int i = 1; i <= 5; i++) {
      cloud.addInstance(instance("node-" + i, "zone-a", i));
      join("node-" + i, null, null);
    }
    for (int i = 1; i <= 5; i++) {
      String name = "node-" + i;
      await().atMost(WAIT).until(() -> initialized(name));
    }
    for (int i = 1; i <= 5; i++) {
      cloud.addInstance(FakeInstance.builder("node-" + i).instanceType("bigger").zone("zone-b").region("r1")
          .address("InternalIP", "10.9.0." + i).address("InternalIP", "10.0.0." + i).build());
    }
    for (int i = 1; i <= 5; i++) {
      String name = "node-" + i;
      String ip = "10.9.0." + i;
      await().atMost(WAIT).untilAsserted(() -> {
        V1Node node = read(name);
        assertThat(node.getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-b")
            .containsEntry(WellKnown.LABEL_ZONE_BETA, "zone-b").containsEntry(WellKnown.LABEL_INSTANCE_TYPE, "bigger")
            .containsEntry(WellKnown.LABEL_INSTANCE_TYPE_BETA, "bigger");
        assertThat(NodeAddressRulesTest.flat(node.getStatus().getAddresses()))
            .containsExactly("InternalIP=" + ip, "InternalIP=10.0.0." + name.substring(5));
      });
    }
    List<Call> batches = cloud.calls(Operation.INSTANCE_METADATA_BATCH);
    assertThat(batches).isNotEmpty().allSatisfy(c -> assertThat(c.nodes()).hasSizeBetween(1, 2));
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).as("one per initialization, none per refresh")
        .isEqualTo(5);
  }

  @Test
  void thePeriodicRefreshRunsOnTheRuntimeClock() throws Exception {
    FakeCloud cloud = new FakeCloud();
    ManualClock clock = new ManualClock();
    h = ControllerHarness.builder().cloud(cloud).clock(clock)
        .controller(ControllerNames.CLOUD_NODE, CloudNodeController.factory())
        .options(o -> o.nodeStatusUpdateFrequency(Duration.ofMinutes(5)))
        .start();
    cloud.addInstance(instance("node-1", "zone-a", 1));
    join("node-1", null, null);
    await().atMost(WAIT).until(() -> initialized("node-1"));
    cloud.addInstance(FakeInstance.builder("node-1").instanceType("bigger").zone("zone-b").region("r1")
        .address("InternalIP", "10.0.0.1").build());
    // a 5-minute period on the real clock would never elapse within the wait: only the manual clock can drive it
    await().atMost(WAIT).untilAsserted(() -> {
      clock.advance(Duration.ofMinutes(5));
      assertThat(read("node-1").getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-b");
    });
  }

  @Test
  void concurrentKubeletStatusUpdatesDoNotBreakInitialization() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.addInstance(instance("node-1", "zone-a", 1));
    Map<String, String> labels = Map.of(WellKnown.LABEL_ZONE, "zone-a", WellKnown.LABEL_ZONE_BETA, "zone-a",
        WellKnown.LABEL_REGION, "r1", WellKnown.LABEL_REGION_BETA, "r1", WellKnown.LABEL_INSTANCE_TYPE, "big",
        WellKnown.LABEL_INSTANCE_TYPE_BETA, "big");
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    // The only spec patch left is the guarded taint removal; hold it while kubelet heartbeats.
    FaultInjector.Hang hang = h.server().faults().hang(RequestMatcher.of("patch", "nodes").named("node-1"));
    join("node-1", labels, "fake://node-1");
    assertThat(hang.awaitWaiting(1, WAIT)).isTrue();
    NodePatches kubelet = new NodePatches(h.client());
    kubelet.setCondition("node-1", new V1NodeCondition().type("Ready").status("True").reason("KubeletReady")
        .lastHeartbeatTime(OffsetDateTime.now()).lastTransitionTime(OffsetDateTime.now()));
    hang.release();
    await().atMost(WAIT).until(() -> initialized("node-1"));
    V1Node node = read("node-1");
    assertThat(node.getStatus().getConditions()).extracting(V1NodeCondition::getType).contains("Ready");
    assertThat(node.getSpec().getTaints()).isNullOrEmpty();
    assertThat(h.server().journal().of("patch", "nodes")).filteredOn(r -> r.name().equals("node-1"))
        .extracting(r -> r.responseCode()).contains(409).last().isEqualTo(200);
  }

  @Test
  void declinesWithoutAnInstancesCapability() {
    FakeCloud cloud = new FakeCloud();
    cloud.disable(Capability.INSTANCES).disable(Capability.INSTANCES_V2);
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    assertThat(h.manager().runningControllers()).isEmpty();
  }

  @Test
  void legacyInstancesInitializeNodesWithZones() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.disable(Capability.INSTANCES_V2);
    cloud.addInstance(instance("node-1", "zone-a", 1));
    start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
    join("node-1", null, null);
    await().atMost(WAIT).until(() -> initialized("node-1"));
    assertThat(read("node-1").getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a");
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isZero();
    assertThat(cloud.count(Operation.INSTANCE_ID)).isEqualTo(1);
  }

  @Test
  void eachBadNodeGetsItsOwnWarningAndLogLineOnceWhileTheGoodOneIsInitialized() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.addInstance(instance("good", "zone-a", 1));
    cloud.addInstance(instance("bad-ip", "zone-a", 2));
    cloud.addInstance(instance("bad-id", "zone-a", 3));
    try (LogCapture log = LogCapture.of(CloudNodeController.class.getName())) {
      start(cloud, CloudNodeController.REFRESH_BATCH_SIZE, Duration.ofMinutes(5));
      h.core().createNode(new V1Node().metadata(new V1ObjectMeta().name("bad-ip")
          .annotations(Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "10.0.0.two")))
          .spec(new V1NodeSpec().taints(new ArrayList<>(List.of(CloudNodeSyncIT.uninitializedTaint())))))
          .execute();
      join("bad-id", null, "garbage");
      join("good", null, null);
      await().atMost(WAIT).until(() -> initialized("good"));
      // the bad nodes are retried with the default backoff (5 ms doubling): let 8 retries each pass
      await().atMost(WAIT).until(() -> nodeRetries() >= 16);

      assertThat(NodePatches.hasTaint(read("bad-ip"), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
      assertThat(NodePatches.hasTaint(read("bad-id"), WellKnown.TAINT_UNINITIALIZED, null)).isTrue();
      assertThat(read("bad-id").getSpec().getProviderID()).isEqualTo("garbage");
      await().atMost(WAIT).until(() -> warnings().size() == 2);
      assertThat(warnings()).extracting(e -> e.getInvolvedObject().getName() + " " + e.getReason())
          .containsExactlyInAnyOrder("bad-ip InvalidProvidedNodeIP", "bad-id InvalidProviderID");
      assertThat(warnings()).allSatisfy(e -> {
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
        assertThat(e.getCount()).as("not repeated by the retries").isIn(null, 1);
      });
      assertThat(warnings()).filteredOn(e -> e.getReason().equals("InvalidProvidedNodeIP")).singleElement()
          .extracting(CoreV1Event::getMessage).asString().contains(WellKnown.ANNOTATION_PROVIDED_NODE_IP,
              "\"10.0.0.two\"");
      assertThat(warnings()).filteredOn(e -> e.getReason().equals("InvalidProviderID")).singleElement()
          .extracting(CoreV1Event::getMessage).asString().contains("spec.providerID \"garbage\"");
      List<String> warns = log.lines().stream().filter(l -> l.contains(" WARN ")).toList();
      assertThat(warns).filteredOn(l -> l.contains("Node bad-ip cannot be initialized (InvalidProvidedNodeIP)"))
          .hasSize(1);
      assertThat(warns).filteredOn(l -> l.contains("Node bad-id cannot be initialized (InvalidProviderID)"))
          .hasSize(1);

      ApiClient client = h.client();
      PatchUtils.patch(V1Node.class, () -> new CoreV1Api(client).patchNode("bad-ip", new V1Patch(
          "{\"metadata\":{\"annotations\":{\"" + WellKnown.ANNOTATION_PROVIDED_NODE_IP + "\":\"10.0.0.2\"}}}"))
          .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
      await().atMost(Duration.ofSeconds(10)).until(() -> initialized("bad-ip"));
      assertThat(NodeAddressRulesTest.flat(read("bad-ip").getStatus().getAddresses()))
          .containsExactly("InternalIP=10.0.0.2");
    }
  }

  @Test
  void informerResyncsDoNotCutAFailingNodesBackoffShort() throws Exception {
    FakeCloud cloud = new FakeCloud();
    h = ControllerHarness.builder().cloud(cloud)
        .controller(ControllerNames.CLOUD_NODE, CloudNodeController.factory())
        .options(o -> o.minResyncPeriod(Duration.ofMillis(100)))
        .start();
    join("bad-id", null, "garbage");
    // the default backoff retries at 5, 15, 35 ... 1275, 2555 ms: 10 attempts in 3 s, the next at 5.1 s; informer
    // resyncs every 100 to 200 ms would add many more if they were let through
    Thread.sleep(3000);
    assertThat(cloud.calls(Operation.INSTANCE_METADATA)).filteredOn(c -> c.target().equals("bad-id"))
        .hasSizeBetween(5, 11);
  }

  private List<CoreV1Event> warnings() throws ApiException {
    return h.core().listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> "Warning".equals(e.getType())).toList();
  }

  private double nodeRetries() {
    return h.metrics().lines().filter(l -> l.startsWith("workqueue_retries_total{name=\"Nodes\"} "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
  }
}
