package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.instance;
import static dev.ccm4j.testkit.cloud.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeInstancesTest {
  private final FakeCloud cloud = new FakeCloud();
  private final InstancesV2 v2 = cloud.instancesV2().orElseThrow();
  private final Instances legacy = cloud.instances().orElseThrow();
  private final Zones zones = cloud.zones().orElseThrow();

  @Test
  void derivesTheProviderIdFromTheCloudName() {
    FakeInstance stored = cloud.addInstance(instance("n1").build());
    assertThat(stored.providerId()).isEqualTo("fake://n1");
    assertThat(new FakeCloud("acme").addInstance(instance("n1").build()).providerId()).isEqualTo("acme://n1");
    assertThat(cloud.addInstance(instance("n2").providerId("fake://i-2").build()).providerId())
        .isEqualTo("fake://i-2");
  }

  @Test
  void runningStoppedAndTerminatedInstancesAnswerAsTheContractSays() {
    cloud.addInstance(instance("n1").build());
    V1Node n1 = node("n1");
    assertThat(v2.instanceExists(n1)).isTrue();
    assertThat(v2.instanceShutdown(n1)).isFalse();

    cloud.setInstanceState("n1", InstanceState.STOPPED);
    assertThat(v2.instanceExists(n1)).as("a stopped instance exists").isTrue();
    assertThat(v2.instanceShutdown(n1)).isTrue();
    assertThat(legacy.instanceExistsByProviderId("fake://n1")).isTrue();
    assertThat(legacy.instanceShutdownByProviderId("fake://n1")).isTrue();
    assertThat(v2.instanceMetadata(n1)).isPresent();

    cloud.setInstanceState("n1", InstanceState.TERMINATED);
    assertThat(v2.instanceExists(n1)).isFalse();
    assertThat(legacy.instanceExistsByProviderId("fake://n1")).isFalse();
    assertThatThrownBy(() -> v2.instanceShutdown(n1)).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> v2.instanceMetadata(n1)).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> legacy.instanceShutdownByProviderId("fake://n1"))
        .isInstanceOf(InstanceNotFoundException.class);
    assertThat(cloud.instance("n1")).map(FakeInstance::state).contains(InstanceState.TERMINATED);
  }

  @Test
  void removedInstanceIsNotFound() {
    cloud.addInstance(instance("n1").build());
    assertThat(cloud.removeInstance("n1")).isTrue();
    assertThat(cloud.removeInstance("n1")).isFalse();
    assertThat(v2.instanceExists(node("n1"))).isFalse();
    assertThatThrownBy(() -> legacy.nodeAddresses("n1")).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> legacy.instanceId("n1")).isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> zones.getZoneByNodeName("n1")).isInstanceOf(InstanceNotFoundException.class);
    assertThat(cloud.allInstances()).isEmpty();
  }

  @Test
  void looksUpByProviderIdFirstThenByNodeName() {
    cloud.addInstance(instance("n1").providerId("fake://i-1").instanceType("big").build());
    cloud.addInstance(instance("n2").providerId("fake://i-2").instanceType("tiny").build());

    assertThat(v2.instanceMetadata(node("n2", "fake://i-1"))).map(InstanceMetadata::instanceType)
        .contains("big");
    assertThat(v2.instanceMetadata(node("n2"))).map(InstanceMetadata::instanceType).contains("tiny");
    assertThat(v2.instanceExists(node("n1", "fake://i-404"))).as("a set but unknown provider ID is gone")
        .isFalse();
  }

  @Test
  void metadataCarriesEverythingTheInstanceHas() {
    cloud.addInstance(instance("n1").address("ExternalIP", "203.0.113.5").build());
    InstanceMetadata md = v2.instanceMetadata(node("n1")).orElseThrow();
    assertThat(md.providerId()).isEqualTo("fake://n1");
    assertThat(md.instanceType()).isEqualTo("small");
    assertThat(md.zone()).isEqualTo("zone-a");
    assertThat(md.region()).isEqualTo("region-1");
    assertThat(md.additionalLabels()).containsExactly(Map.entry("team", "blue"));
    assertThat(md.nodeAddresses()).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.1", "203.0.113.5");
  }

  @Test
  void provisioningInstanceHasNoMetadataYet() {
    cloud.addInstance(instance("n1").provisioning(true).build());
    assertThat(v2.instanceExists(node("n1"))).isTrue();
    assertThat(v2.instanceMetadata(node("n1"))).isEmpty();
    assertThat(v2.instanceMetadata(List.of(node("n1")))).containsEntry("n1", MetadataLookup.unavailable());

    cloud.addInstance(cloud.instance("n1").orElseThrow().toBuilder().provisioning(false).build());
    assertThat(v2.instanceMetadata(node("n1"))).isPresent();
  }

  @Test
  void batchAgreesWithSingleCallsAndIsOneCall() {
    cloud.addInstance(instance("n1").build());
    cloud.addInstance(instance("n2").zone("zone-b").build());
    cloud.addInstance(instance("n3").provisioning(true).build());
    List<V1Node> nodes = List.of(node("n1"), node("n2"), node("n3"), node("gone"));

    Map<String, MetadataLookup> batch = v2.instanceMetadata(nodes);
    assertThat(cloud.count(Operation.INSTANCE_METADATA_BATCH)).isEqualTo(1);
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isZero();
    assertThat(cloud.calls(Operation.INSTANCE_METADATA_BATCH).get(0).nodes())
        .containsExactly("n1", "n2", "n3", "gone");

    assertThat(batch.keySet()).containsExactly("n1", "n2", "n3", "gone");
    for (V1Node n : nodes.subList(0, 3)) {
      Optional<InstanceMetadata> single = v2.instanceMetadata(n);
      MetadataLookup expected = single.map(MetadataLookup::found).orElseGet(MetadataLookup::unavailable);
      assertThat(batch.get(n.getMetadata().getName())).isEqualTo(expected);
    }
    assertThat(batch.get("gone")).isInstanceOfSatisfying(MetadataLookup.Failed.class,
        f -> assertThat(f.error()).isInstanceOf(InstanceNotFoundException.class));
  }

  @Test
  void aFaultForOneNodeFailsOnlyThatEntryOfTheBatch() {
    cloud.addInstance(instance("n1").build());
    cloud.addInstance(instance("n2").build());
    ThrottledException slow = new ThrottledException("slow down");
    cloud.failNext(Operation.INSTANCE_METADATA, "n2", 1, slow);

    Map<String, MetadataLookup> batch = v2.instanceMetadata(List.of(node("n1"), node("n2")));
    assertThat(batch.get("n1")).isInstanceOf(MetadataLookup.Found.class);
    assertThat(batch.get("n2")).isEqualTo(MetadataLookup.failed(slow));
    assertThat(v2.instanceMetadata(List.of(node("n2"))).get("n2")).as("the fault was used up")
        .isInstanceOf(MetadataLookup.Found.class);
  }

  @Test
  void batchStopsWhenInterrupted() {
    cloud.addInstance(instance("n1").build());
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> v2.instanceMetadata(List.of(node("n1"))))
          .isInstanceOf(CloudProviderException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void legacyInstancesAnswerByNameAndByProviderId() {
    cloud.addInstance(instance("n1").providerId("fake://zone-a/i-1").build());
    assertThat(legacy.instanceId("n1")).isEqualTo("zone-a/i-1");
    assertThat(legacy.instanceType("n1")).isEqualTo("small");
    assertThat(legacy.instanceTypeByProviderId("fake://zone-a/i-1")).isEqualTo("small");
    assertThat(legacy.nodeAddresses("n1")).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.1");
    assertThat(legacy.nodeAddressesByProviderId("fake://zone-a/i-1")).extracting(V1NodeAddress::getType)
        .containsExactly("InternalIP");
    assertThat(legacy.currentNodeName("host-1")).isEqualTo("host-1");
    assertThat(legacy.instanceShutdownByProviderId("fake://zone-a/i-1")).isFalse();
    assertThatThrownBy(() -> legacy.addSshKeyToAllInstances("root", new byte[] {1}))
        .isInstanceOf(NotImplementedException.class);
    assertThatThrownBy(() -> legacy.instanceExistsByProviderId(""))
        .isInstanceOf(CloudProviderException.class).isNotInstanceOf(InstanceNotFoundException.class);
    assertThat(cloud.calls()).extracting(c -> c.operation().label()).containsExactly("instance-id",
        "instance-type", "instance-type-by-provider-id", "node-addresses", "node-addresses-by-provider-id",
        "current-node-name", "instance-shutdown-by-provider-id", "add-ssh-key", "instance-exists-by-provider-id");
  }

  @Test
  void returnedAddressesAreCopies() {
    cloud.addInstance(instance("n1").build());
    legacy.nodeAddresses("n1").get(0).setAddress("6.6.6.6");
    assertThat(cloud.instance("n1").orElseThrow().addresses().get(0).getAddress()).isEqualTo("10.0.0.1");
  }

  @Test
  void zonesComeFromTheSettingAndTheInstances() {
    assertThat(zones.getZone()).isEqualTo(Zone.of("", ""));
    cloud.setLocalZone(Zone.of("zone-x", "region-x"));
    assertThat(zones.getZone()).isEqualTo(Zone.of("zone-x", "region-x"));
    cloud.addInstance(instance("n1").zone("zone-b").region("region-2").build());
    assertThat(zones.getZoneByNodeName("n1")).isEqualTo(Zone.of("zone-b", "region-2"));
    assertThat(zones.getZoneByProviderId("fake://n1")).isEqualTo(Zone.of("zone-b", "region-2"));
    assertThatThrownBy(() -> zones.getZoneByProviderId("fake://nope"))
        .isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void nodeArgumentsAreNotModified() {
    cloud.addInstance(instance("n1").build());
    V1Node arg = node("n1", "fake://n1");
    v2.instanceExists(arg);
    v2.instanceShutdown(arg);
    v2.instanceMetadata(arg);
    v2.instanceMetadata(List.of(arg));
    assertThat(arg).isEqualTo(node("n1", "fake://n1"));
  }
}
