package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;
import java.util.List;
import java.util.function.Supplier;

/** The deprecated {@link Zones} capability: the local zone is a setting, the others come from the instances. */
final class FakeZones implements Zones {
  private final CallGate gate;
  private final InstanceRegistry instances;
  private final Supplier<Zone> localZone;

  FakeZones(CallGate gate, InstanceRegistry instances, Supplier<Zone> localZone) {
    this.gate = gate;
    this.instances = instances;
    this.localZone = localZone;
  }

  @Override
  public Zone getZone() {
    return gate.call(Operation.GET_ZONE, "", CallGate.keys(), List.of(), localZone);
  }

  @Override
  public Zone getZoneByProviderId(String providerId) {
    return gate.call(Operation.GET_ZONE_BY_PROVIDER_ID, providerId, CallGate.keys(providerId), List.of(),
        () -> zoneOf(instances.requireByProviderId(providerId)));
  }

  @Override
  public Zone getZoneByNodeName(String nodeName) {
    return gate.call(Operation.GET_ZONE_BY_NODE_NAME, nodeName, CallGate.keys(nodeName), List.of(),
        () -> zoneOf(instances.requireByName(nodeName)));
  }

  private static Zone zoneOf(FakeInstance instance) {
    return Zone.of(instance.zone(), instance.region());
  }
}
