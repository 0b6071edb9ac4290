package dev.ccm4j.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceMetadataSourceTest {
  private final FakeCloud cloud = new FakeCloud();

  InstanceMetadataSourceTest() {
    cloud.addInstance(FakeInstance.builder("node-1").providerId("fake://i-1").instanceType("big").zone("zone-a")
        .region("r1").address("InternalIP", "10.0.0.1").build());
  }

  static V1Node node(String name, String providerId) {
    return new V1Node().metadata(new V1ObjectMeta().name(name)).spec(new V1NodeSpec().providerID(providerId));
  }

  private InstanceMetadataSource legacy() {
    cloud.disable(Capability.INSTANCES_V2);
    return InstanceMetadataSource.of(cloud).orElseThrow();
  }

  @Test
  void noInstancesCapabilityMeansNoSource() {
    cloud.disable(Capability.INSTANCES_V2).disable(Capability.INSTANCES);
    assertThat(InstanceMetadataSource.of(cloud)).isEmpty();
  }

  @Test
  void instancesWithProviderIdAskByProviderId() {
    InstanceMetadata md = legacy().lookUp(node("node-1", "fake://i-1")).orElseThrow();
    assertThat(md.providerId()).isEqualTo("fake://i-1");
    assertThat(md.instanceType()).isEqualTo("big");
    assertThat(md.zone()).isEqualTo("zone-a");
    assertThat(md.region()).isEqualTo("r1");
    assertThat(md.nodeAddresses()).extracting(a -> a.getAddress()).containsExactly("10.0.0.1");
    assertThat(cloud.count(Operation.INSTANCE_ID)).isZero();
    assertThat(cloud.count(Operation.NODE_ADDRESSES_BY_PROVIDER_ID)).isEqualTo(1);
    assertThat(cloud.count(Operation.GET_ZONE_BY_PROVIDER_ID)).isEqualTo(1);
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isZero();
  }

  @Test
  void instancesWithoutProviderIdDeriveItFromTheInstanceId() {
    InstanceMetadata md = legacy().lookUp(node("node-1", null)).orElseThrow();
    assertThat(md.providerId()).isEqualTo("fake://i-1");
    assertThat(cloud.count(Operation.INSTANCE_ID)).isEqualTo(1);
  }

  @Test
  void instancesFallBackToTheNodeNameWhenTheProviderIdLookupFails() {
    cloud.failNext(Operation.NODE_ADDRESSES_BY_PROVIDER_ID, 1, new IllegalStateException("boom"));
    cloud.failNext(Operation.GET_ZONE_BY_PROVIDER_ID, 1, new IllegalStateException("boom"));
    InstanceMetadata md = legacy().lookUp(node("node-1", "fake://i-1")).orElseThrow();
    assertThat(md.nodeAddresses()).hasSize(1);
    assertThat(md.zone()).isEqualTo("zone-a");
    assertThat(cloud.count(Operation.NODE_ADDRESSES)).isEqualTo(1);
    assertThat(cloud.count(Operation.GET_ZONE_BY_NODE_NAME)).isEqualTo(1);
  }

  @Test
  void instancesToleratesUnimplementedInstanceIds() {
    cloud.failAlways(Operation.INSTANCE_ID, new NotImplementedException("instanceId"));
    InstanceMetadata md = legacy().lookUp(node("node-1", null)).orElseThrow();
    assertThat(md.providerId()).isEmpty();
    assertThat(md.instanceType()).isEqualTo("big");
  }

  @Test
  void instancesFailOnOtherInstanceIdErrors() {
    cloud.failAlways(Operation.INSTANCE_ID, new IllegalStateException("cloud down"));
    assertThatThrownBy(() -> legacy().lookUp(node("node-1", null))).hasMessageContaining("cloud down");
  }

  @Test
  void zonesAreOnlyAskedOnTheLegacyPath() {
    cloud.disable(Capability.ZONES);
    InstanceMetadata md = legacy().lookUp(node("node-1", "fake://i-1")).orElseThrow();
    assertThat(md.zone()).isEmpty();
    cloud.enable(Capability.ZONES).enable(Capability.INSTANCES_V2);
    InstanceMetadataSource.of(cloud).orElseThrow().lookUp(node("node-1", "fake://i-1"));
    assertThat(cloud.count(Operation.GET_ZONE_BY_PROVIDER_ID) + cloud.count(Operation.GET_ZONE_BY_NODE_NAME))
        .isZero();
  }

  @Test
  void instancesV2WithAndWithoutProviderId() {
    InstanceMetadataSource source = InstanceMetadataSource.of(cloud).orElseThrow();
    assertThat(source.lookUp(node("node-1", "fake://i-1")).orElseThrow().providerId()).isEqualTo("fake://i-1");
    assertThat(source.lookUp(node("node-1", null)).orElseThrow().providerId()).isEqualTo("fake://i-1");
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isEqualTo(2);
    assertThat(cloud.count(Operation.INSTANCE_ID)).isZero();
  }

  @Test
  void instancesV2WithoutProviderIdUsesTheNodesOwnOrFails() {
    InstanceMetadataSource source = InstanceMetadataSource.of(withoutProviderIds(cloud)).orElseThrow();
    assertThat(source.lookUp(node("node-1", "fake://i-1")).orElseThrow().providerId()).isEqualTo("fake://i-1");
    assertThatThrownBy(() -> source.lookUp(node("node-1", null)))
        .hasMessageContaining("does not set node provider ID");
  }

  @Test
  void instancesV2NilMetadataIsEmpty() {
    cloud.addInstance(FakeInstance.builder("node-2").provisioning(true).build());
    assertThat(InstanceMetadataSource.of(cloud).orElseThrow().lookUp(node("node-2", null))).isEmpty();
  }

  @Test
  void batchLookupIsOneCallAndKeepsFailuresApart() {
    cloud.addInstance(FakeInstance.builder("node-2").provisioning(true).build());
    cloud.failNext(Operation.INSTANCE_METADATA, "node-3", 1, new IllegalStateException("boom"));
    cloud.addInstance(FakeInstance.builder("node-3").build());
    Map<String, MetadataLookup> results = InstanceMetadataSource.of(cloud).orElseThrow()
        .lookUpAll(List.of(node("node-1", null), node("node-2", null), node("node-3", null)));
    assertThat(results.get("node-1")).isInstanceOf(MetadataLookup.Found.class);
    assertThat(results.get("node-2")).isInstanceOf(MetadataLookup.Unavailable.class);
    assertThat(results.get("node-3")).isInstanceOf(MetadataLookup.Failed.class);
    assertThat(cloud.count(Operation.INSTANCE_METADATA_BATCH)).isEqualTo(1);
  }

  /** The fake cloud with InstancesV2 answers stripped of their provider IDs. */
  static CloudProvider withoutProviderIds(FakeCloud cloud) {
    InstancesV2 real = cloud.instancesV2().orElseThrow();
    InstancesV2 stripped = new InstancesV2() {
      @Override
      public boolean instanceExists(V1Node node) {
        return real.instanceExists(node);
      }

      @Override
      public boolean instanceShutdown(V1Node node) {
        return real.instanceShutdown(node);
      }

      @Override
      public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
        return real.instanceMetadata(node).map(m -> m.toBuilder().providerId("").build());
      }
    };
    return new CloudProvider() {
      @Override
      public String name() {
        return cloud.name();
      }

      @Override
      public Optional<InstancesV2> instancesV2() {
        return Optional.of(stripped);
      }
    };
  }
}
