package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;
import dev.ccm4j.api.fixture.FixtureInstance;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The deprecated {@link Zones} contract: lookups by provider ID and by node name agree with each other and with the
 * instance metadata.
 */
public interface ZonesContract {

  /**
   * The zone by provider ID equals the zone by node name, the cloud's zone and region when it knows them, and the
   * zone and region of the InstancesV2 metadata when the provider has InstancesV2.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Zones by provider ID and by node name agree with the instance metadata")
  default void zonesAgreeWithInstanceMetadata(TckTarget target) {
    Zones zones = Tck.require(target, target.provider().zones(), "Zones");
    FixtureInstance instance = Tck.createInstance(target, "zone");

    Zone byProviderId = zones.getZoneByProviderId(instance.providerId());
    Zone byName = zones.getZoneByNodeName(instance.name());
    assertThat(byName).as("zone of %s by node name vs by provider ID", instance.name()).isEqualTo(byProviderId);
    InstanceChecks.assertKnown(byProviderId.failureDomain(), instance.zone(), "zone", instance);
    InstanceChecks.assertKnown(byProviderId.region(), instance.region(), "region", instance);
    Optional<InstancesV2> v2 = target.provider().instancesV2();
    if (v2.isPresent()) {
      InstanceMetadata metadata = InstanceChecks.metadata(v2.get(), KubeObjects.node(instance, true));
      assertThat(Zone.of(metadata.zone(), metadata.region())).as("zone of %s in the InstancesV2 metadata",
          instance.name()).isEqualTo(byProviderId);
    }
  }
}
