package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.vendor.client.CloudApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HuaweiInstancesTest {
  private static final String ID1 = "5e1f2a3b-0000-4000-8000-000000000001";
  private static final String ID2 = "5e1f2a3b-0000-4000-8000-000000000002";
  private static final String SERVERS = "GET /v1/" + FakeEcs.PROJECT + "/cloudservers/";
  private static final String LIST = SERVERS + "detail";

  private final FakeEcs ecs = new FakeEcs();
  private MockWebServer server;
  private HuaweiApi api;
  private HuaweiInstances instances;
  private HuaweiInstances.Networking networking = new HuaweiInstances.Networking(List.of(), List.of());

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(ecs);
    server.start();
    api = TestApis.api(server);
    instances = new HuaweiInstances(new EcsClient(api), "cn-north-4", () -> networking);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  static V1Node node(String name, String providerId, String... internalIps) {
    V1Node n = new V1Node().metadata(new V1ObjectMeta().name(name)).spec(new V1NodeSpec().providerID(providerId));
    List<V1NodeAddress> addrs = new ArrayList<>();
    for (String ip : internalIps) {
      addrs.add(new V1NodeAddress().type("InternalIP").address(ip));
    }
    return n.status(new V1NodeStatus().addresses(addrs));
  }

  private static List<String> addresses(InstanceMetadata m) {
    return m.nodeAddresses().stream().map(a -> a.getType() + "=" + a.getAddress()).toList();
  }

  @Test
  void byProviderIdShowsTheServerAndReportsItsMetadata() {
    FakeEcs.Server s = ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    s.address("vpc-1", "121.36.0.8", "floating", "4");
    s.zone = "cn-north-4b";
    s.flavorName = "c7.xlarge.2";

    InstanceMetadata m = instances.instanceMetadata(node("node-a", "huaweicloud://" + ID1)).orElseThrow();

    assertThat(m.providerId()).isEqualTo("huaweicloud://" + ID1);
    assertThat(m.instanceType()).isEqualTo("c7.xlarge.2");
    assertThat(m.zone()).isEqualTo("cn-north-4b");
    assertThat(m.region()).isEqualTo("cn-north-4");
    assertThat(addresses(m)).containsExactly("InternalIP=192.168.0.10", "ExternalIP=121.36.0.8");
    assertThat(ecs.calls).containsExactly(SERVERS + ID1, SERVERS + ID1 + "/os-interface");
  }

  @Test
  void aBareServerIdFromTheOriginalIsAcceptedAndPrefixed() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");

    InstanceMetadata m = instances.instanceMetadata(node("node-a", ID1)).orElseThrow();

    assertThat(m.providerId()).isEqualTo("huaweicloud://" + ID1);
    assertThat(instances.instanceExists(node("node-a", ID1))).isTrue();
  }

  @Test
  void aForeignProviderIdIsAnErrorNotNotFound() {
    assertThatThrownBy(() -> instances.instanceExists(node("node-a", "aws:///us-east-1a/i-123")))
        .isInstanceOf(CloudProviderException.class)
        .isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void flavorIdStandsInForAnEmptyFlavorName() {
    FakeEcs.Server s = ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    s.flavorName = "";
    s.flavorId = "s6.small.1";

    assertThat(instances.instanceMetadata(node("node-a", "huaweicloud://" + ID1)).orElseThrow().instanceType())
        .isEqualTo("s6.small.1");
  }

  @Test
  void http404IsNotFound() {
    V1Node n = node("node-a", "huaweicloud://" + ID1);

    assertThat(instances.instanceExists(n)).isFalse();
    assertThatThrownBy(() -> instances.instanceMetadata(n)).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceShutdown(n)).isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aServerShownAsDeletedIsNotFound() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10").status = "DELETED";

    assertThat(instances.instanceExists(node("node-a", "huaweicloud://" + ID1))).isFalse();
  }

  @Test
  void http500IsAFailureNeverNotFound() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.fail("/cloudservers/" + ID1, 500, "{\"error\":{\"code\":\"Ecs.0001\",\"message\":\"internal\"}}");
    V1Node n = node("node-a", "huaweicloud://" + ID1);

    assertThatThrownBy(() -> instances.instanceExists(n))
        .isInstanceOf(CloudApiException.class)
        .isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceMetadata(n)).isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aFailedListingIsAFailureNeverNotFound() {
    ecs.fail("cloudservers/detail", 503, "{\"error_code\":\"APIGW.0201\",\"error_msg\":\"busy\"}");

    assertThatThrownBy(() -> instances.instanceExists(node("node-a", null)))
        .isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void shutdownIffShutoff() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10").status = "SHUTOFF";
    ecs.add(ID2, "node-b").fixed("vpc-1", "192.168.0.11").status = "ACTIVE";

    assertThat(instances.instanceShutdown(node("node-a", "huaweicloud://" + ID1))).isTrue();
    assertThat(instances.instanceShutdown(node("node-b", "huaweicloud://" + ID2))).isFalse();
  }

  @Test
  void aNodeNamedByAnIpIsFoundByThatAddress() {
    ecs.add(ID1, "ecs-1234").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "ecs-5678").fixed("vpc-1", "192.168.0.100");

    InstanceMetadata m = instances.instanceMetadata(node("192.168.0.10", null)).orElseThrow();

    assertThat(m.providerId()).isEqualTo("huaweicloud://" + ID1);
    assertThat(ecs.calls).first().asString().startsWith(LIST).contains("ip_eq=192.168.0.10");
    assertThat(ecs.calls).noneMatch(c -> c.contains("name="));
  }

  @Test
  void aNodeIsFoundByItsExactEcsName() {
    ecs.add(ID2, "nodeX1").fixed("vpc-1", "192.168.0.11");
    ecs.add(ID1, "node.1").fixed("vpc-1", "192.168.0.10");

    InstanceMetadata m = instances.instanceMetadata(node("node.1", null)).orElseThrow();

    assertThat(m.providerId()).isEqualTo("huaweicloud://" + ID1);
    assertThat(ecs.calls).first().asString().startsWith(LIST).contains("name=%5Enode.1%24");
  }

  @Test
  void withoutANameMatchTheKubeletAddressIsUsedAndLoopbackNever() {
    ecs.add(ID1, "ecs-1234").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "ecs-local").fixed("vpc-1", "127.0.1.1");
    V1Node n = node("worker-1", null, "127.0.1.1", "192.168.0.10");

    assertThat(instances.instanceMetadata(n).orElseThrow().providerId()).isEqualTo("huaweicloud://" + ID1);
    assertThat(ecs.calls).noneMatch(c -> c.contains("ip_eq=127."));
  }

  @Test
  void theProvidedNodeIpComesBeforeStatusAddresses() {
    ecs.add(ID1, "ecs-1").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "ecs-2").fixed("vpc-1", "192.168.0.20");
    V1Node n = node("worker-1", null, "192.168.0.10");
    n.getMetadata().putAnnotationsItem(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "192.168.0.20");

    assertThat(instances.instanceMetadata(n).orElseThrow().providerId()).isEqualTo("huaweicloud://" + ID2);
  }

  @Test
  void aLoopbackNodeNameIsNotTakenForAnAddress() {
    ecs.add(ID1, "ecs-1").fixed("vpc-1", "127.0.1.1");

    assertThat(instances.instanceExists(node("127.0.1.1", null))).isFalse();
    assertThat(ecs.calls).noneMatch(c -> c.contains("ip_eq"));
  }

  @Test
  void noServerByNameOrAddressIsNotFound() {
    ecs.add(ID1, "other").fixed("vpc-1", "192.168.0.10");

    assertThat(instances.instanceExists(node("worker-1", null, "192.168.0.99"))).isFalse();
    assertThatThrownBy(() -> instances.instanceMetadata(node("worker-1", null)))
        .isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void sameNamedServersAreToldApartByAddressOrRefused() {
    ecs.add(ID1, "worker-1").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "worker-1").fixed("vpc-1", "192.168.0.20");

    assertThat(instances.instanceMetadata(node("worker-1", null, "192.168.0.20")).orElseThrow().providerId())
        .isEqualTo("huaweicloud://" + ID2);
    assertThatThrownBy(() -> instances.instanceExists(node("worker-1", null)))
        .isInstanceOf(CloudProviderException.class)
        .isNotInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining(ID1).hasMessageContaining(ID2);
  }

  @Test
  void aServerStillBuildingWithoutAddressesIsUnavailable() {
    ecs.add(ID1, "node-a").status = "BUILD";

    assertThat(instances.instanceMetadata(node("node-a", "huaweicloud://" + ID1))).isEmpty();
    assertThat(instances.instanceMetadata(List.of(node("node-a", "huaweicloud://" + ID1))).get("node-a"))
        .isInstanceOf(MetadataLookup.Unavailable.class);
  }

  @Test
  void networkingOptionsFromTheLoadBalancerConfigApply() {
    ecs.add(ID1, "node-a").fixed("inner", "192.168.0.10").fixed("outer", "172.16.5.5");
    networking = new HuaweiInstances.Networking(List.of("outer"), List.of());

    assertThat(addresses(instances.instanceMetadata(node("node-a", "huaweicloud://" + ID1)).orElseThrow()))
        .containsExactly("InternalIP=192.168.0.10", "ExternalIP=172.16.5.5");
  }

  @Test
  void aFewNodesInABatchAreShownOneByOne() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "node-b").fixed("vpc-1", "192.168.0.11");

    Map<String, MetadataLookup> out = instances.instanceMetadata(List.of(
        node("node-a", "huaweicloud://" + ID1), node("node-b", ID2),
        node("node-c", "huaweicloud://5e1f2a3b-0000-4000-8000-00000000dead")));

    assertThat(out.get("node-a")).isInstanceOf(MetadataLookup.Found.class);
    assertThat(out.get("node-b")).isInstanceOf(MetadataLookup.Found.class);
    assertThat(((MetadataLookup.Failed) out.get("node-c")).error()).isInstanceOf(InstanceNotFoundException.class);
    assertThat(ecs.count(LIST)).isZero();
    assertThat(ecs.calls.stream().filter(c -> c.endsWith("os-interface")).count()).isEqualTo(2);
  }

  @Test
  void manyNodesInABatchCostOneListingAndOneInterfacesCallEach() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = String.format("5e1f2a3b-0000-4000-8000-%012d", 100 + i);
      ecs.add(id, "node-" + i).fixed("vpc-1", "192.168.1." + (10 + i));
      nodes.add(i % 3 == 0 ? node("node-" + i, null) : i % 3 == 1 ? node("node-" + i, "huaweicloud://" + id)
          : node("192.168.1." + (10 + i), null));
    }
    ecs.pageSizeCap = 7; // ECS may serve smaller pages than asked for

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(out).hasSize(30).allSatisfy((name, r) -> assertThat(r).isInstanceOf(MetadataLookup.Found.class));
    assertThat(((MetadataLookup.Found) out.get("node-1")).metadata().providerId())
        .isEqualTo("huaweicloud://5e1f2a3b-0000-4000-8000-000000000101");
    assertThat(((MetadataLookup.Found) out.get("192.168.1.12")).metadata().providerId())
        .isEqualTo("huaweicloud://5e1f2a3b-0000-4000-8000-000000000102");
    assertThat(ecs.count(LIST)).as("pages of one listing").isEqualTo(5);
    assertThat(ecs.calls).noneMatch(c -> c.contains("ip_eq") || c.contains("name="));
    assertThat(ecs.calls.stream().filter(c -> c.endsWith("os-interface")).count()).isEqualTo(30);
    assertThat(ecs.calls.stream().filter(c -> c.startsWith(SERVERS) && !c.startsWith(LIST)
        && !c.endsWith("os-interface")).count()).as("no ShowServer").isZero();
  }

  @Test
  void inAProjectTooLargeToListTheBatchAsksPerNodeAfterOnePage() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = String.format("5e1f2a3b-0000-4000-8000-%012d", 100 + i);
      ecs.add(id, "node-" + i).fixed("vpc-1", "192.168.1." + (10 + i));
      if (i < 12) {
        nodes.add(node("node-" + i, "huaweicloud://" + id));
      }
    }
    ecs.pageSizeCap = 5; // 20 pages for 12 nodes

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(out).hasSize(12).allSatisfy((name, r) -> assertThat(r).isInstanceOf(MetadataLookup.Found.class));
    assertThat(ecs.count(LIST)).isEqualTo(1);
    assertThat(ecs.calls.stream().filter(c -> c.startsWith(SERVERS) && !c.startsWith(LIST)
        && !c.endsWith("os-interface")).count()).as("ShowServer per node").isEqualTo(12);
  }

  @Test
  void onceThrottledTheRestOfTheBatchFailsWithoutMoreCalls() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = String.format("5e1f2a3b-0000-4000-8000-%012d", 100 + i);
      ecs.add(id, "node-" + i).fixed("vpc-1", "192.168.1." + (10 + i));
      nodes.add(node("node-" + i, "huaweicloud://" + id));
    }
    ecs.fail("000000000101/os-interface", 429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}");

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(out.get("node-0")).isInstanceOf(MetadataLookup.Found.class);
    for (int i = 1; i < 5; i++) {
      assertThat(((MetadataLookup.Failed) out.get("node-" + i)).error())
          .satisfies(e -> assertThat(CloudProviderException.findInChain(e, ThrottledException.class)).isPresent());
    }
    assertThat(ecs.calls.stream().filter(c -> c.endsWith("os-interface")).count()).isEqualTo(2);
  }

  @Test
  void inALargeBatchAnIdMissingFromTheListingIsConfirmedByShowServer() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = String.format("5e1f2a3b-0000-4000-8000-%012d", 100 + i);
      ecs.add(id, "node-" + i).fixed("vpc-1", "192.168.1." + (10 + i));
      nodes.add(node("node-" + i, "huaweicloud://" + id));
    }
    nodes.add(node("gone", "huaweicloud://5e1f2a3b-0000-4000-8000-00000000dead"));
    nodes.add(node("nameless-gone", null));
    ecs.fail("cloudservers/5e1f2a3b-0000-4000-8000-000000000103/os-interface", 500,
        "{\"error\":{\"code\":\"Ecs.0001\",\"message\":\"boom\"}}");

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(((MetadataLookup.Failed) out.get("gone")).error()).isInstanceOf(InstanceNotFoundException.class);
    assertThat(((MetadataLookup.Failed) out.get("nameless-gone")).error())
        .isInstanceOf(InstanceNotFoundException.class);
    assertThat(((MetadataLookup.Failed) out.get("node-3")).error()).isNotInstanceOf(InstanceNotFoundException.class);
    assertThat(out.get("node-4")).isInstanceOf(MetadataLookup.Found.class);
    assertThat(ecs.calls).contains(SERVERS + "5e1f2a3b-0000-4000-8000-00000000dead");
  }

  @Test
  void aFailedListingInALargeBatchFailsEveryNodeButDeletesNone() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      nodes.add(node("node-" + i, null));
    }
    ecs.fail("cloudservers/detail", 500, "{\"error\":{\"code\":\"Ecs.0001\",\"message\":\"boom\"}}");

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(out).hasSize(12).allSatisfy((name, r) -> assertThat(((MetadataLookup.Failed) r).error())
        .isNotInstanceOf(InstanceNotFoundException.class));
  }
}
