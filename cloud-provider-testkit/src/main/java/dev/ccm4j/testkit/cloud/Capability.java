package dev.ccm4j.testkit.cloud;

/** The optional capabilities of a {@link FakeCloud}; each can be switched off with {@link FakeCloud#disable}. */
public enum Capability {
  /** {@link dev.ccm4j.api.CloudProvider#loadBalancer()}. */
  LOAD_BALANCER,
  /** {@link dev.ccm4j.api.CloudProvider#instances()}, the legacy instances capability. */
  INSTANCES,
  /** {@link dev.ccm4j.api.CloudProvider#instancesV2()}. */
  INSTANCES_V2,
  /** {@link dev.ccm4j.api.CloudProvider#zones()}. */
  ZONES,
  /** {@link dev.ccm4j.api.CloudProvider#routes()}. */
  ROUTES,
  /** {@link dev.ccm4j.api.CloudProvider#clusters()}. */
  CLUSTERS,
  /** {@link dev.ccm4j.api.CloudProvider#persistentVolumeLabeler()}. */
  PERSISTENT_VOLUME_LABELER
}
