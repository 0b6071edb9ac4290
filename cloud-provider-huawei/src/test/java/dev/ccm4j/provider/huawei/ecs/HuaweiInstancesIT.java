package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HuaweiInstances} and {@link SecurityGroupAssociation} against the emulator over real, signed HTTP. */
class HuaweiInstancesIT {
  private static HuaweiEmulator emulator;
  private static HuaweiConfig config;
  private static HuaweiApi api;
  private static EcsClient ecs;
  private static HuaweiInstances instances;

  @BeforeAll
  static void start() {
    emulator = HuaweiEmulator.builder().instances(0).build().start();
    config = HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = HuaweiApi.create(config, Clock.systemUTC(), "ccm4j-it");
    ecs = new EcsClient(api);
    instances = new HuaweiInstances(ecs, config.region(),
        () -> new HuaweiInstances.Networking(List.of(), List.of()));
  }

  @AfterAll
  static void stop() {
    api.close();
    emulator.close();
  }

  @BeforeEach
  void clearJournal() {
    emulator.control().clearJournal();
  }

  @AfterEach
  void clearFaults() {
    emulator.control().clearFaults();
  }

  private static ControlInstance vm(String name) {
    return emulator.control().createInstance(InstanceSpec.builder().name(name).build());
  }

  private static V1Node node(ControlInstance vm, boolean withProviderId) {
    return HuaweiInstancesTest.node(vm.name(), withProviderId ? "huaweicloud://" + vm.id() : null,
        vm.privateIp());
  }

  private static long calls(String operation) {
    return emulator.control().journal(operation).size();
  }

  @Test
  void metadataByProviderIdByNameAndByAddressAgree() {
    ControlInstance vm = vm("it-meta");
    V1Node byAddressName = HuaweiInstancesTest.node(vm.privateIp(), null);

    InstanceMetadata byId = instances.instanceMetadata(node(vm, true)).orElseThrow();
    InstanceMetadata byName = instances.instanceMetadata(node(vm, false)).orElseThrow();
    InstanceMetadata byIp = instances.instanceMetadata(byAddressName).orElseThrow();

    assertThat(byId.providerId()).isEqualTo("huaweicloud://" + vm.id());
    assertThat(byId.region()).isEqualTo(emulator.region());
    assertThat(byId.zone()).isEqualTo(vm.zone()).isIn(emulator.availabilityZones());
    assertThat(byId.instanceType()).isNotEmpty();
    assertThat(byId.nodeAddresses()).anySatisfy(a -> {
      assertThat(a.getType()).isEqualTo("InternalIP");
      assertThat(a.getAddress()).isEqualTo(vm.privateIp());
    });
    assertThat(byName).isEqualTo(byId);
    assertThat(byIp).isEqualTo(byId);
  }

  @Test
  void aBareServerIdIsAccepted() {
    ControlInstance vm = vm("it-bare");

    assertThat(instances.instanceMetadata(HuaweiInstancesTest.node(vm.name(), vm.id())).orElseThrow().providerId())
        .isEqualTo("huaweicloud://" + vm.id());
  }

  @Test
  void aStoppedServerExistsAndIsShutDown() {
    ControlInstance vm = vm("it-stop");
    assertThat(instances.instanceShutdown(node(vm, true))).isFalse();

    emulator.control().stopInstance(vm.id());

    assertThat(instances.instanceExists(node(vm, true))).isTrue();
    assertThat(instances.instanceShutdown(node(vm, true))).isTrue();
    assertThat(instances.instanceShutdown(node(vm, false))).isTrue();
    emulator.control().startInstance(vm.id());
    assertThat(instances.instanceShutdown(node(vm, true))).isFalse();
  }

  @Test
  void aTerminatedServerIsNotFoundByIdOrName() {
    ControlInstance vm = vm("it-gone");
    emulator.control().terminateInstance(vm.id());

    assertThat(instances.instanceExists(node(vm, true))).isFalse();
    assertThat(instances.instanceExists(node(vm, false))).isFalse();
    assertThatThrownBy(() -> instances.instanceMetadata(node(vm, true)))
        .isInstanceOf(InstanceNotFoundException.class).hasMessageContaining(vm.id());
  }

  @Test
  void aServerErrorNeverMeansGone() {
    ControlInstance vm = vm("it-flaky");
    emulator.control().addFault(FaultRule.builder().operation("ShowServer")
        .failTimes(1, 500, "Ecs.0001", "internal error").build());

    assertThatThrownBy(() -> instances.instanceExists(node(vm, true)))
        .isNotInstanceOf(InstanceNotFoundException.class);
    assertThat(instances.instanceExists(node(vm, true))).isTrue();
  }

  @Test
  void aLargeBatchCostsOneListingAndOneInterfacesCallPerNode() {
    List<V1Node> nodes = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ControlInstance vm = vm("it-batch-" + i);
      nodes.add(node(vm, i % 2 == 0));
    }
    emulator.control().clearJournal();

    Map<String, MetadataLookup> out = instances.instanceMetadata(nodes);

    assertThat(out).hasSize(24).allSatisfy((name, r) -> assertThat(r).as(name)
        .isInstanceOf(MetadataLookup.Found.class));
    assertThat(calls("ListServersDetails")).isEqualTo(1);
    assertThat(calls("ShowServer")).isZero();
    assertThat(calls("ListServerInterfaces")).isEqualTo(24);
  }

  @Test
  void theNodeSecurityGroupFollowsTheNode() {
    ControlInstance vm = vm("it-sg");
    String sg = emulator.nodeSecurityGroupId();
    SecurityGroupAssociation association = new SecurityGroupAssociation(ecs, sg);

    association.reconcile(vm.name(), Optional.of(node(vm, true)));
    association.reconcile(vm.name(), Optional.of(node(vm, true)));
    assertThat(emulator.securityGroupsOf(vm.id())).containsOnlyOnce(sg);
    assertThat(calls("NovaAssociateSecurityGroup")).isEqualTo(1);

    association.reconcile(vm.name(), Optional.empty());
    assertThat(emulator.securityGroupsOf(vm.id())).doesNotContain(sg).isNotEmpty();
    association.reconcile(vm.name(), Optional.empty()); // again: "not associated" is done
  }
}
