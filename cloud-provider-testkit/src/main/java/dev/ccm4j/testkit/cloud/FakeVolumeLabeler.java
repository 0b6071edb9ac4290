package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.PersistentVolumeLabeler;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PersistentVolumeLabeler} over a map of volume names to labels; unknown volumes get no labels. */
final class FakeVolumeLabeler implements PersistentVolumeLabeler {
  private final CallGate gate;
  private final Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();

  FakeVolumeLabeler(CallGate gate) {
    this.gate = gate;
  }

  @Override
  public Map<String, String> labelsForVolume(V1PersistentVolume volume) {
    String name = volume.getMetadata() == null || volume.getMetadata().getName() == null ? ""
        : volume.getMetadata().getName();
    return gate.call(Operation.LABELS_FOR_VOLUME, name, CallGate.keys(name), List.of(),
        () -> labels.getOrDefault(name, Map.of()));
  }

  void put(String volumeName, Map<String, String> volumeLabels) {
    labels.put(volumeName, Map.copyOf(volumeLabels));
  }
}
