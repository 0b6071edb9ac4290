package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.vendor.client.CloudApiException;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HuaweiLegacyInstancesTest {
  private static final String ID1 = "5e1f2a3b-0000-4000-8000-000000000001";
  private static final String ID2 = "5e1f2a3b-0000-4000-8000-000000000002";
  private static final String PID1 = "huaweicloud://" + ID1;
  private static final String SERVERS = "GET /v1/" + FakeEcs.PROJECT + "/cloudservers/";
  private static final String INTERNAL_ERROR = "{\"error\":{\"code\":\"Ecs.0001\",\"message\":\"internal\"}}";

  private final FakeEcs ecs = new FakeEcs();
  private MockWebServer server;
  private HuaweiApi api;
  private HuaweiLegacyInstances instances;
  private HuaweiInstances.Networking networking = new HuaweiInstances.Networking(List.of(), List.of());

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(ecs);
    server.start();
    api = TestApis.api(server);
    instances = new HuaweiLegacyInstances(new HuaweiInstances(new EcsClient(api), "cn-north-4", () -> networking));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  private static List<String> typed(List<V1NodeAddress> addresses) {
    return addresses.stream().map(a -> a.getType() + "=" + a.getAddress()).toList();
  }

  @Test
  void instanceIdIsTheServerIdOfTheExactlyNamedServer() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "node-ab").fixed("vpc-1", "192.168.0.11");

    assertThat(instances.instanceId("node-a")).isEqualTo(ID1);
    assertThat(ecs.calls).allMatch(c -> c.startsWith(SERVERS + "detail?"));
  }

  @Test
  void aNodeNamedByAnIpIsFoundByThatAddressNotByName() {
    ecs.add(ID1, "ecs-1234").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "ecs-5678").fixed("vpc-1", "192.168.0.100");

    assertThat(instances.instanceId("192.168.0.10")).isEqualTo(ID1);
    assertThat(ecs.calls).anyMatch(c -> c.contains("ip_eq=192.168.0.10")).noneMatch(c -> c.contains("name="));
  }

  @Test
  void aMissingServerIsNotFoundRatherThanAnEmptyId() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");

    assertThatThrownBy(() -> instances.instanceId("node-z")).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceType("node-z")).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.nodeAddresses("node-z")).isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aFailedListingIsAFailureNeverNotFound() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.fail("cloudservers/detail", 500, INTERNAL_ERROR);

    assertThatThrownBy(() -> instances.instanceId("node-a"))
        .isInstanceOf(CloudApiException.class).isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceType("node-a")).isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.nodeAddresses("node-a")).isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void severalServersWithTheNameAreAnErrorNotAGuess() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.add(ID2, "node-a").fixed("vpc-1", "192.168.0.11");

    assertThatThrownBy(() -> instances.instanceId("node-a"))
        .isInstanceOf(CloudProviderException.class).isNotInstanceOf(InstanceNotFoundException.class)
        .hasMessageContaining(ID1).hasMessageContaining(ID2);
  }

  @Test
  void instanceTypeIsTheFlavorNameOrItsIdWhenTheNameIsEmpty() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10").flavorName = "c7.xlarge.2";
    FakeEcs.Server unnamed = ecs.add(ID2, "node-b").fixed("vpc-1", "192.168.0.11");
    unnamed.flavorName = "";
    unnamed.flavorId = "s6.small.1";

    assertThat(instances.instanceType("node-a")).isEqualTo("c7.xlarge.2");
    assertThat(instances.instanceTypeByProviderId(PID1)).isEqualTo("c7.xlarge.2");
    assertThat(instances.instanceType("node-b")).isEqualTo("s6.small.1");
    assertThat(instances.instanceTypeByProviderId(ID2)).as("the original's bare id").isEqualTo("s6.small.1");
  }

  @Test
  void addressesFollowTheNetworkNameRulesByNameAndByProviderId() {
    FakeEcs.Server s = ecs.add(ID1, "node-a").fixed("inner", "192.168.0.10").fixed("outer", "10.20.0.5");
    s.address("inner", "121.36.0.8", "floating", "4");
    s.address("inner", "fd00::10", "fixed", "6");
    networking = new HuaweiInstances.Networking(List.of("outer"), List.of());

    List<String> expected = List.of("InternalIP=192.168.0.10", "ExternalIP=121.36.0.8", "ExternalIP=10.20.0.5");
    assertThat(typed(instances.nodeAddresses("node-a"))).containsExactlyElementsOf(expected);
    assertThat(typed(instances.nodeAddressesByProviderId(PID1))).containsExactlyElementsOf(expected);
    assertThat(ecs.count(SERVERS + ID1 + "/os-interface")).isEqualTo(2);
  }

  @Test
  void byProviderIdA404IsNotFoundAndMeansTheServerIsGone() {
    assertThat(instances.instanceExistsByProviderId(PID1)).isFalse();
    assertThatThrownBy(() -> instances.nodeAddressesByProviderId(PID1))
        .isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceTypeByProviderId(PID1))
        .isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceShutdownByProviderId(PID1))
        .isInstanceOf(InstanceNotFoundException.class);
    assertThat(ecs.calls).containsOnly(SERVERS + ID1);
  }

  @Test
  void aServerShownAsDeletedIsGone() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10").status = "DELETED";

    assertThat(instances.instanceExistsByProviderId(PID1)).isFalse();
    assertThatThrownBy(() -> instances.instanceId("node-a")).isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void byProviderIdA500IsAFailureNeverNotFound() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.fail("/cloudservers/" + ID1, 500, INTERNAL_ERROR);

    assertThatThrownBy(() -> instances.instanceExistsByProviderId(PID1))
        .isInstanceOf(CloudApiException.class).isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceShutdownByProviderId(PID1))
        .isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.nodeAddressesByProviderId(PID1))
        .isNotInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> instances.instanceTypeByProviderId(PID1))
        .isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aFailedInterfaceListingFailsTheAddressesNotFindsThemEmpty() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10");
    ecs.fail(ID1 + "/os-interface", 500, INTERNAL_ERROR);

    assertThatThrownBy(() -> instances.nodeAddressesByProviderId(PID1))
        .isInstanceOf(CloudApiException.class).isNotInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aForeignProviderIdIsAnErrorNeverAbsent() {
    assertThatThrownBy(() -> instances.instanceExistsByProviderId("aws:///us-east-1a/i-123"))
        .isInstanceOf(CloudProviderException.class).isNotInstanceOf(InstanceNotFoundException.class);
    assertThat(ecs.calls).isEmpty();
  }

  @Test
  void aStoppedServerExistsAndIsShutDown() {
    ecs.add(ID1, "node-a").fixed("vpc-1", "192.168.0.10").status = "SHUTOFF";
    ecs.add(ID2, "node-b").fixed("vpc-1", "192.168.0.11");

    assertThat(instances.instanceExistsByProviderId(PID1)).isTrue();
    assertThat(instances.instanceShutdownByProviderId(PID1)).isTrue();
    assertThat(instances.instanceId("node-a")).isEqualTo(ID1);
    assertThat(instances.instanceExistsByProviderId("huaweicloud://" + ID2)).isTrue();
    assertThat(instances.instanceShutdownByProviderId("huaweicloud://" + ID2)).isFalse();
  }

  @Test
  void currentNodeNameIsTheHostnameWithoutACall() {
    assertThat(instances.currentNodeName("ecs-node-1")).isEqualTo("ecs-node-1");
    assertThat(ecs.calls).isEmpty();
  }

  @Test
  void sshKeysAreNotImplemented() {
    assertThatThrownBy(() -> instances.addSshKeyToAllInstances("root",
        "ssh-ed25519 AAAA".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(NotImplementedException.class);
    assertThat(ecs.calls).isEmpty();
  }
}
