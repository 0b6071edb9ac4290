package dev.ccm4j.core.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

/** Ports upstream's Test_GetProviderID. */
class InstanceProbeTest {

  private static V1Node node(String name, String providerId) {
    return new V1Node().metadata(new V1ObjectMeta().name(name)).spec(new V1NodeSpec().providerID(providerId));
  }

  private static FakeCloud cloud(boolean v2) {
    FakeCloud cloud = new FakeCloud();
    if (!v2) {
      cloud.disable(Capability.INSTANCES_V2);
    }
    cloud.addInstance(FakeInstance.builder("node0").providerId("fake://i-0").build());
    return cloud;
  }

  @Test
  void aSetProviderIdIsUsedWithoutAskingTheCloud() {
    FakeCloud cloud = cloud(false);
    assertThat(InstanceProbe.providerId(cloud, node("node0", "fake://given"))).isEqualTo("fake://given");
    assertThat(cloud.calls()).isEmpty();
  }

  @Test
  void legacyInstancesBuildTheIdFromTheProviderNameAndInstanceId() {
    assertThat(InstanceProbe.providerId(cloud(false), node("node0", null))).isEqualTo("fake://i-0");
  }

  @Test
  void instancesV2TakeTheIdFromTheMetadata() {
    FakeCloud cloud = cloud(true);
    assertThat(InstanceProbe.providerId(cloud, node("node0", ""))).isEqualTo("fake://i-0");
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isEqualTo(1);
  }

  @Test
  void aMissingInstanceIsInstanceNotFoundOnBothPaths() {
    assertThatThrownBy(() -> InstanceProbe.providerId(cloud(false), node("ghost", null)))
        .isInstanceOf(InstanceNotFoundException.class);
    assertThatThrownBy(() -> InstanceProbe.providerId(cloud(true), node("ghost", null)))
        .isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void anUnknownErrorPropagatesOnBothPaths() {
    FakeCloud v1 = cloud(false);
    v1.failNext(Operation.INSTANCE_ID, 1, new CloudProviderException("boom"));
    assertThatThrownBy(() -> InstanceProbe.providerId(v1, node("node0", null))).hasMessage("boom");
    FakeCloud v2 = cloud(true);
    v2.failNext(Operation.INSTANCE_METADATA, 1, new CloudProviderException("boom"));
    assertThatThrownBy(() -> InstanceProbe.providerId(v2, node("node0", null))).hasMessage("boom");
  }

  @Test
  void aProviderWithoutInstancesCannotBeProbed() {
    FakeCloud cloud = new FakeCloud().disable(Capability.INSTANCES).disable(Capability.INSTANCES_V2);
    assertThatThrownBy(() -> new InstanceProbe(cloud)).isInstanceOf(IllegalArgumentException.class);
  }
}
