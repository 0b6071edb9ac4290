package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.Zone;
import java.util.List;
import java.util.Map;

/**
 * The optional JSON cloud-config of {@link FakeCloudFactory}; every field may be left out. Bound by Gson, which
 * leaves absent fields null and turns unknown enum names into null, so {@link #apply} checks both.
 */
record FakeCloudConfig(
    String registryName,
    String providerName,
    Boolean hasClusterId,
    Boolean enableRouteNodeAddresses,
    List<Capability> disabled,
    ZoneConfig localZone,
    Map<String, String> clusters,
    List<InstanceConfig> instances) {

  record ZoneConfig(String zone, String region) {}

  record AddressConfig(String type, String address) {}

  record InstanceConfig(String name, String providerId, String instanceType, String zone, String region,
      InstanceState state, Boolean provisioning, Map<String, String> labels, List<AddressConfig> addresses) {}

  FakeCloud create(String source) {
    FakeCloud cloud = providerName == null ? new FakeCloud() : new FakeCloud(providerName);
    apply(cloud, source);
    return cloud;
  }

  private void apply(FakeCloud cloud, String source) {
    if (hasClusterId != null) {
      cloud.setHasClusterId(hasClusterId);
    }
    if (enableRouteNodeAddresses != null) {
      cloud.setEnableNodeAddresses(enableRouteNodeAddresses);
    }
    if (disabled != null) {
      for (Capability c : disabled) {
        if (c == null) {
          throw new CloudConfigException(source + ": disabled holds an unknown capability; known: "
              + List.of(Capability.values()));
        }
        cloud.disable(c);
      }
    }
    if (localZone != null) {
      cloud.setLocalZone(Zone.of(orEmpty(localZone.zone()), orEmpty(localZone.region())));
    }
    if (clusters != null) {
      clusters.forEach((name, master) -> cloud.addCluster(name, orEmpty(master)));
    }
    if (instances != null) {
      for (int i = 0; i < instances.size(); i++) {
        cloud.addInstance(instance(instances.get(i), source + ": instances[" + i + "]"));
      }
    }
  }

  private static FakeInstance instance(InstanceConfig c, String where) {
    if (c == null || c.name() == null || c.name().isEmpty()) {
      throw new CloudConfigException(where + ".name is required");
    }
    FakeInstance.Builder b = FakeInstance.builder(c.name()).providerId(orEmpty(c.providerId()))
        .instanceType(orEmpty(c.instanceType())).zone(orEmpty(c.zone())).region(orEmpty(c.region()))
        .provisioning(Boolean.TRUE.equals(c.provisioning()));
    if (c.state() != null) {
      b.state(c.state());
    }
    if (c.labels() != null) {
      c.labels().forEach(b::label);
    }
    if (c.addresses() != null) {
      for (AddressConfig a : c.addresses()) {
        if (a == null || a.type() == null || a.address() == null) {
          throw new CloudConfigException(where + ".addresses entries need a type and an address");
        }
        b.address(a.type(), a.address());
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CloudConfigException(where + ": " + e.getMessage(), e);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
