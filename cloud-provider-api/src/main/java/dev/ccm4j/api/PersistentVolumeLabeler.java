package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1PersistentVolume;
import java.util.Map;

/**
 * Zone and region labels for cloud-backed PersistentVolumes, for clusters that still use in-tree style volumes
 * rather than CSI topology. Only used by the {@code persistent-volume-label-controller}, which is off by default.
 */
public interface PersistentVolumeLabeler {

  /**
   * The labels the volume should carry, typically {@code topology.kubernetes.io/zone} and
   * {@code topology.kubernetes.io/region}. An empty map means the volume is not this provider's.
   *
   * @param volume the PersistentVolume, read-only
   * @return the labels; never null
   */
  Map<String, String> labelsForVolume(V1PersistentVolume volume);
}
