package dev.ccm4j.api;

/**
 * The deprecated zones capability. When a provider implements {@link InstancesV2}, zone and region come from
 * {@link InstanceMetadata} and this capability is never called.
 */
public interface Zones {

  /**
   * The zone of the machine this process runs on, from its local metadata service. Upstream's kubelet asked this of
   * in-tree clouds; no controller calls it, so it has a default and a new provider leaves it alone.
   *
   * @return the zone
   * @throws NotImplementedException by default
   */
  default Zone getZone() {
    throw new NotImplementedException("getZone");
  }

  /**
   * The zone of the instance with this provider ID.
   *
   * @param providerId {@code <provider>://<instance-id>}
   * @return the zone
   */
  Zone getZoneByProviderId(String providerId);

  /**
   * The zone of the named node's instance.
   *
   * @param nodeName the Node's name
   * @return the zone
   */
  Zone getZoneByNodeName(String nodeName);
}
