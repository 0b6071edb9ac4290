package dev.ccm4j.core.cloud;

import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;

/** Routes {@link Zones} calls through a {@link CloudCallGovernor}. */
final class GovernedZones implements Zones {
  private final Zones delegate;
  private final CloudCallGovernor governor;

  GovernedZones(Zones delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public Zone getZone() {
    return governor.call("GetZone", delegate::getZone);
  }

  @Override
  public Zone getZoneByProviderId(String providerId) {
    return governor.call("GetZoneByProviderID", () -> delegate.getZoneByProviderId(providerId));
  }

  @Override
  public Zone getZoneByNodeName(String nodeName) {
    return governor.call("GetZoneByNodeName", () -> delegate.getZoneByNodeName(nodeName));
  }
}
