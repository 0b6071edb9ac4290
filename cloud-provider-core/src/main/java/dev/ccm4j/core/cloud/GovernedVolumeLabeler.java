package dev.ccm4j.core.cloud;

import dev.ccm4j.api.PersistentVolumeLabeler;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import java.util.Map;

/** Routes {@link PersistentVolumeLabeler} calls through a {@link CloudCallGovernor}. */
final class GovernedVolumeLabeler implements PersistentVolumeLabeler {
  private final PersistentVolumeLabeler delegate;
  private final CloudCallGovernor governor;

  GovernedVolumeLabeler(PersistentVolumeLabeler delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public Map<String, String> labelsForVolume(V1PersistentVolume volume) {
    return governor.call("GetLabelsForVolume", () -> delegate.labelsForVolume(volume));
  }
}
