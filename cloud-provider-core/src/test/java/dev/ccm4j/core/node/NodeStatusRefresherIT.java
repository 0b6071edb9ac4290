package dev.ccm4j.core.node;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;


/** Upstream's {@code TestUpdateNodeStatus} and address-update scenarios, plus the batch refresh improvements. */
class NodeStatusRefresherIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static KubeApiServer server;
  private static ApiClient client;
  private static CoreV1Api core;

  private final FakeCloud cloud = new FakeCloud();
  private ExecutorService pool;
  private String prefix;

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
  void freshPrefix() {
    prefix = "r" + SEQ.incrementAndGet() + "-";
  }

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private NodeStatusRefresher refresher(int parallelism, int batchSize) {
    pool = Executors.newFixedThreadPool(parallelism, DaemonThreads.factory("test-refresh"));
    return new NodeStatusRefresher(this::list, InstanceMetadataSource.of(cloud).orElseThrow(),
        new NodePatches(client), pool, batchSize);
  }

  private List<V1Node> list() {
    try {
      return core.listNode().execute().getItems().stream()
          .filter(n -> n.getMetadata().getName().startsWith(prefix)).toList();
    } catch (ApiException e) {
      throw new IllegalStateException(e);
    }
  }

  private V1Node read(String name) throws ApiException {
    return core.readNode(name).execute();
  }

  /** An initialized node with old addresses and zone-a labels, and its instance in zone-b with new addresses. */
  private String node(int i, boolean tainted) throws ApiException {
    String name = prefix + i;
    List<V1Taint> taints = tainted ? List.of(CloudNodeSyncIT.uninitializedTaint()) : List.of();
    core.createNode(new V1Node().metadata(new V1ObjectMeta().name(name).labels(Map.of(
        WellKnown.LABEL_ZONE, "zone-a", WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_INSTANCE_TYPE, "big",
        WellKnown.LABEL_INSTANCE_TYPE_BETA, "big")))
        .spec(new V1NodeSpec().providerID("fake://" + name).taints(new ArrayList<>(taints)))).execute();
    new NodePatches(client).replaceAddresses(name, List.of(NodeAddressRulesTest.addr("InternalIP", "10.0.0." + i)));
    cloud.addInstance(FakeInstance.builder(name).instanceType("big").zone("zone-b").region("r1")
        .address("InternalIP", "10.1.0." + i).address("ExternalIP", "1.2.3." + i).build());
    return name;
  }

  private static long patchesOf(String name) {
    return server.journal().all().stream().filter(r -> r.verb().equals("patch") && name.equals(r.name())).count();
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 5, 10, 30})
  void refreshesEveryInitializedNodeInBatches(int parallelism) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      names.add(node(i, false));
    }
    assertThat(refresher(parallelism, 4).refresh()).isEqualTo(30);
    assertThat(cloud.count(Operation.INSTANCE_METADATA_BATCH)).isEqualTo(8);
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isZero();
    for (int i = 0; i < 30; i++) {
      V1Node node = read(names.get(i));
      assertThat(NodeAddressRulesTest.flat(node.getStatus().getAddresses()))
          .containsExactly("InternalIP=10.1.0." + i, "ExternalIP=1.2.3." + i);
      assertThat(node.getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-b")
          .containsEntry(WellKnown.LABEL_ZONE_BETA, "zone-b").containsEntry(WellKnown.LABEL_REGION, "r1")
          .containsEntry(WellKnown.LABEL_REGION_BETA, "r1");
    }
  }

  @Test
  void writesNothingWhenNothingChanged() throws Exception {
    String name = node(1, false);
    NodeStatusRefresher refresher = refresher(2, 500);
    assertThat(refresher.refresh()).isEqualTo(1);
    long patches = patchesOf(name);
    assertThat(refresher.refresh()).isZero();
    assertThat(patchesOf(name)).isEqualTo(patches);
    assertThat(cloud.count(Operation.INSTANCE_METADATA_BATCH)).isEqualTo(2);
  }

  @Test
  void detectsReorderedAddresses() throws Exception {
    String name = node(1, false);
    NodeStatusRefresher refresher = refresher(1, 500);
    refresher.refresh();
    cloud.addInstance(FakeInstance.builder(name).instanceType("big").zone("zone-b").region("r1")
        .address("ExternalIP", "1.2.3.1").address("InternalIP", "10.1.0.1").build());
    assertThat(refresher.refresh()).isEqualTo(1);
    assertThat(NodeAddressRulesTest.flat(read(name).getStatus().getAddresses()))
        .containsExactly("ExternalIP=1.2.3.1", "InternalIP=10.1.0.1");
  }

  @Test
  void skipsTaintedNodes() throws Exception {
    String tainted = node(1, true);
    String initialized = node(2, false);
    assertThat(refresher(1, 500).refresh()).isEqualTo(1);
    assertThat(cloud.calls(Operation.INSTANCE_METADATA_BATCH)).singleElement()
        .satisfies(c -> assertThat(c.nodes()).containsExactly(initialized));
    assertThat(NodeAddressRulesTest.flat(read(tainted).getStatus().getAddresses()))
        .containsExactly("InternalIP=10.0.0.1");
  }

  @Test
  void oneFailedLookupLeavesTheOthersUpdated() throws Exception {
    String failing = node(1, false);
    String fine = node(2, false);
    cloud.failNext(Operation.INSTANCE_METADATA, failing, 1, new IllegalStateException("boom"));
    assertThat(refresher(1, 500).refresh()).isEqualTo(1);
    assertThat(read(failing).getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a");
    assertThat(read(fine).getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-b");
  }

  @Test
  void keepsAddressesWhenTheCloudReportsNone() throws Exception {
    String name = node(1, false);
    cloud.addInstance(FakeInstance.builder(name).instanceType("big").zone("zone-a").build());
    assertThat(refresher(1, 500).refresh()).isZero();
    assertThat(NodeAddressRulesTest.flat(read(name).getStatus().getAddresses()))
        .containsExactly("InternalIP=10.0.0.1");
  }

  @Test
  void legacyInstancesAreLookedUpNodeByNode() throws Exception {
    cloud.disable(Capability.INSTANCES_V2);
    String a = node(1, false);
    node(2, false);
    assertThat(refresher(2, 500).refresh()).isEqualTo(2);
    assertThat(cloud.count(Operation.INSTANCE_METADATA_BATCH)).isZero();
    assertThat(cloud.count(Operation.NODE_ADDRESSES_BY_PROVIDER_ID)).isEqualTo(2);
    assertThat(NodeAddressRulesTest.flat(read(a).getStatus().getAddresses()))
        .containsExactly("InternalIP=10.1.0.1", "ExternalIP=1.2.3.1");
    assertThat(read(a).getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-b");
  }
}
