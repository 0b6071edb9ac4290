package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SPI's value types are final classes made only through builders or factories, with value equality. */
class ValueClassesTest {

  @Test
  void valueTypesHaveNoPublicConstructorsAndAreNotRecords() {
    for (Class<?> type : List.of(InstanceMetadata.class, Route.class, Zone.class, ProviderId.class,
        MetadataLookup.Found.class, MetadataLookup.Unavailable.class, MetadataLookup.Failed.class,
        FixtureInstance.class, FixtureLoadBalancer.class, FixtureLoadBalancer.Listener.class)) {
      assertThat(type.isRecord()).as("%s is a record", type).isFalse();
      assertThat(Modifier.isFinal(type.getModifiers())).as("%s is final", type).isTrue();
      assertThat(type.getConstructors()).as("public constructors of %s", type).isEmpty();
    }
  }

  @Test
  void factoriesGiveValueEquality() {
    assertThat(Zone.of("a", "r")).isEqualTo(Zone.of("a", "r")).hasSameHashCodeAs(Zone.of("a", "r"))
        .isNotEqualTo(Zone.of("b", "r")).hasToString("Zone[failureDomain=a, region=r]");
    assertThatThrownBy(() -> Zone.of(null, "r")).isInstanceOf(NullPointerException.class);
    assertThat(ProviderId.of("local", "n1")).isEqualTo(ProviderId.parse("local://n1")).hasToString("local://n1");
    assertThat(FixtureLoadBalancer.Listener.of("TCP", 80, 30080)).isEqualTo(FixtureLoadBalancer.Listener.of("TCP",
        80, 30080)).isNotEqualTo(FixtureLoadBalancer.Listener.of("UDP", 80, 30080));
    InstanceMetadata m = InstanceMetadata.builder().providerId("x://1").address("InternalIP", "10.0.0.1").build();
    assertThat(MetadataLookup.found(m)).isEqualTo(MetadataLookup.found(m.toBuilder().build()));
    assertThat(MetadataLookup.unavailable()).isEqualTo(MetadataLookup.unavailable());
  }

  @Test
  void fixtureBuildersCopyAndDefault() {
    List<V1NodeAddress> given = new ArrayList<>(List.of(new V1NodeAddress().type("InternalIP").address("10.0.0.1")));
    FixtureInstance i = FixtureInstance.builder("n1", "fake://n1").addresses(given).zone("z").build();
    given.get(0).setAddress("6.6.6.6");
    i.addresses().get(0).setAddress("7.7.7.7");
    assertThat(i.addresses()).extracting(V1NodeAddress::getAddress).containsExactly("10.0.0.1");
    assertThat(i.instanceType()).isEmpty();
    assertThat(i.region()).isEmpty();

    FixtureLoadBalancer lb = FixtureLoadBalancer.builder("lb").backendNodes(List.of("b", "a")).build();
    assertThat(lb.backendNodes()).containsExactly("a", "b");
    assertThat(lb.addresses()).isEmpty();
    assertThat(lb).isEqualTo(FixtureLoadBalancer.builder("lb").backendNodes(Set.of("a", "b")).build());
  }

  @Test
  void neverCalledLegacyMethodsHaveDefaults() {
    Instances legacy = new Instances() {
      @Override
      public List<V1NodeAddress> nodeAddresses(String nodeName) {
        return List.of();
      }

      @Override
      public List<V1NodeAddress> nodeAddressesByProviderId(String providerId) {
        return List.of();
      }

      @Override
      public String instanceId(String nodeName) {
        return "";
      }

      @Override
      public String instanceType(String nodeName) {
        return "";
      }

      @Override
      public String instanceTypeByProviderId(String providerId) {
        return "";
      }

      @Override
      public boolean instanceExistsByProviderId(String providerId) {
        return true;
      }

      @Override
      public boolean instanceShutdownByProviderId(String providerId) {
        return false;
      }
    };
    Zones zones = new Zones() {
      @Override
      public Zone getZoneByProviderId(String providerId) {
        return Zone.of("", "");
      }

      @Override
      public Zone getZoneByNodeName(String nodeName) {
        return Zone.of("", "");
      }
    };
    Clusters clusters = new Clusters() {};

    assertThatThrownBy(() -> legacy.addSshKeyToAllInstances("root", new byte[0]))
        .isInstanceOf(NotImplementedException.class).hasMessage("unimplemented: addSshKeyToAllInstances");
    assertThatThrownBy(() -> legacy.currentNodeName("h")).isInstanceOf(NotImplementedException.class);
    assertThatThrownBy(zones::getZone).isInstanceOf(NotImplementedException.class);
    assertThatThrownBy(clusters::listClusters).isInstanceOf(NotImplementedException.class);
    assertThatThrownBy(() -> clusters.master("c")).isInstanceOf(NotImplementedException.class);
  }
}
