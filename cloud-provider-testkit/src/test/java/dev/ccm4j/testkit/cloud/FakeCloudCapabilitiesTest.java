package dev.ccm4j.testkit.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderContext;
import java.lang.reflect.Proxy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeCloudCapabilitiesTest {
  private static final Map<Capability, Function<CloudProvider, Optional<?>>> ACCESSORS =
      new EnumMap<>(Capability.class);

  static {
    ACCESSORS.put(Capability.LOAD_BALANCER, CloudProvider::loadBalancer);
    ACCESSORS.put(Capability.INSTANCES, CloudProvider::instances);
    ACCESSORS.put(Capability.INSTANCES_V2, CloudProvider::instancesV2);
    ACCESSORS.put(Capability.ZONES, CloudProvider::zones);
    ACCESSORS.put(Capability.ROUTES, CloudProvider::routes);
    ACCESSORS.put(Capability.CLUSTERS, CloudProvider::clusters);
    ACCESSORS.put(Capability.PERSISTENT_VOLUME_LABELER, CloudProvider::persistentVolumeLabeler);
  }

  @Test
  void everyCapabilityIsOnByDefault() {
    FakeCloud cloud = new FakeCloud();
    assertThat(ACCESSORS).hasSize(Capability.values().length);
    ACCESSORS.forEach((capability, accessor) -> {
      assertThat(accessor.apply(cloud)).as(capability.name()).isPresent();
      assertThat(cloud.isEnabled(capability)).isTrue();
    });
  }

  @ParameterizedTest
  @EnumSource(Capability.class)
  void disablingOneCapabilityEmptiesOnlyItsAccessor(Capability disabled) {
    FakeCloud cloud = new FakeCloud().disable(disabled);
    ACCESSORS.forEach((capability, accessor) ->
        assertThat(accessor.apply(cloud).isPresent()).as(capability.name()).isEqualTo(capability != disabled));
    assertThat(cloud.isEnabled(disabled)).isFalse();
    cloud.enable(disabled);
    assertThat(ACCESSORS.get(disabled).apply(cloud)).isPresent();
  }

  @Test
  void nameAndClusterId() {
    assertThat(new FakeCloud().name()).isEqualTo("fake");
    assertThat(new FakeCloud("acme-cloud").name()).isEqualTo("acme-cloud");
    assertThatThrownBy(() -> new FakeCloud("Not Valid")).isInstanceOf(IllegalArgumentException.class);
    FakeCloud cloud = new FakeCloud();
    assertThat(cloud.hasClusterId()).isTrue();
    cloud.setHasClusterId(false);
    assertThat(cloud.hasClusterId()).isFalse();
  }

  @Test
  void initializeAndCloseAreRecorded() {
    FakeCloud cloud = new FakeCloud();
    KubernetesClientFactory clients = (KubernetesClientFactory) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {KubernetesClientFactory.class}, (p, m, a) -> {
          throw new UnsupportedOperationException(m.getName());
        });
    ProviderContext context = ProviderContext.builder("c1", clients).build();
    assertThat(cloud.context()).isEmpty();
    cloud.initialize(context);
    assertThat(cloud.context()).containsSame(context);

    cloud.failAlways(Operation.CLOSE, new IllegalStateException("close fails"));
    cloud.close();
    assertThat(cloud.isClosed()).isTrue();
    assertThat(cloud.calls()).extracting(Call::operation).containsExactly(Operation.INITIALIZE, Operation.CLOSE);
    assertThat(cloud.calls().get(0).target()).isEqualTo("c1");
  }
}
