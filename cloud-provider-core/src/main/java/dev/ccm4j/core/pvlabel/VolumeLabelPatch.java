package dev.ccm4j.core.pvlabel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.patch.GuardedWrite;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The change the old in-tree persistent volume label admission made, as a JSON merge patch: the cloud's labels
 * are set on the volume, and each label becomes a {@code matchExpressions} requirement {@code key In (values)}
 * appended to every existing node selector term of {@code spec.nodeAffinity.required} (or to one new term). Zone
 * values naming several zones ({@code a__b}) become one value per zone. When any existing term already constrains
 * one of the keys, the affinity is left alone, as upstream did. Pure; the volume is never modified.
 */
public final class VolumeLabelPatch {
  /** Separator of multi-zone label values. */
  static final String ZONE_SEPARATOR = "__";
  private static final Set<String> TOPOLOGY_KEYS = Set.of(WellKnown.LABEL_ZONE, WellKnown.LABEL_ZONE_BETA,
      WellKnown.LABEL_REGION, WellKnown.LABEL_REGION_BETA);

  private VolumeLabelPatch() {}

  /**
   * Whether the volume already carries a zone or region label (GA or beta), so it needs no cloud call.
   *
   * @param volume the volume
   * @return true if labelled
   */
  public static boolean alreadyLabelled(V1PersistentVolume volume) {
    Map<String, String> labels = volume.getMetadata() == null ? null : volume.getMetadata().getLabels();
    return labels != null && labels.keySet().stream().anyMatch(TOPOLOGY_KEYS::contains);
  }

  /**
   * The node selector requirements for the cloud's labels, in key order.
   *
   * @param labels the cloud's labels
   * @return one {@code In} requirement per label
   */
  public static List<V1NodeSelectorRequirement> requirements(Map<String, String> labels) {
    List<V1NodeSelectorRequirement> result = new ArrayList<>();
    new TreeMap<>(labels).forEach((key, value) -> {
      List<String> values = List.of(value);
      if (key.equals(WellKnown.LABEL_ZONE) || key.equals(WellKnown.LABEL_ZONE_BETA)) {
        Set<String> zones = new TreeSet<>();
        for (String zone : value.split(ZONE_SEPARATOR, -1)) {
          if (!zone.isBlank()) {
            zones.add(zone.trim());
          }
        }
        values = List.copyOf(zones);
      }
      result.add(new V1NodeSelectorRequirement().key(key).operator("In").values(new ArrayList<>(values)));
    });
    return result;
  }

  /**
   * The merge patch that labels the volume and extends its node affinity, guarded by its resourceVersion.
   *
   * @param volume the volume as last seen
   * @param labels the cloud's labels; not empty
   * @param withAffinity whether to touch {@code spec.nodeAffinity} at all
   * @return the patch body
   */
  public static JsonObject patch(V1PersistentVolume volume, Map<String, String> labels, boolean withAffinity) {
    JsonObject meta = GuardedWrite.guard(volume.getMetadata());
    JsonObject labelJson = new JsonObject();
    new TreeMap<>(labels).forEach(labelJson::addProperty);
    meta.add("labels", labelJson);
    JsonObject body = new JsonObject();
    body.add("metadata", meta);
    if (withAffinity) {
      affinityTerms(volume, labels).ifPresent(terms -> {
        JsonObject required = new JsonObject();
        required.add("nodeSelectorTerms", terms);
        JsonObject affinity = new JsonObject();
        affinity.add("required", required);
        JsonObject spec = new JsonObject();
        spec.add("nodeAffinity", affinity);
        body.add("spec", spec);
      });
    }
    return body;
  }

  /**
   * Whether the volume had a required node affinity before (the API server may refuse to change it).
   *
   * @param volume the volume
   * @return true if {@code spec.nodeAffinity.required} has terms
   */
  public static boolean hasAffinity(V1PersistentVolume volume) {
    return !existingTerms(volume).isEmpty();
  }

  private static Optional<JsonArray> affinityTerms(V1PersistentVolume volume, Map<String, String> labels) {
    List<V1NodeSelectorRequirement> requirements = requirements(labels);
    List<V1NodeSelectorTerm> existing = existingTerms(volume);
    for (V1NodeSelectorTerm term : existing) {
      if (term.getMatchExpressions() != null && term.getMatchExpressions().stream()
          .anyMatch(e -> requirements.stream().anyMatch(r -> Objects.equals(r.getKey(), e.getKey())))) {
        return Optional.empty();
      }
    }
    JsonArray terms = new JsonArray();
    List<JsonElement> copies = new ArrayList<>();
    if (existing.isEmpty()) {
      copies.add(new JsonObject());
    } else {
      existing.forEach(t -> copies.add(JSON.getGson().toJsonTree(t)));
    }
    for (JsonElement copy : copies) {
      JsonObject term = copy.getAsJsonObject();
      JsonArray expressions = term.has("matchExpressions") && term.get("matchExpressions").isJsonArray()
          ? term.getAsJsonArray("matchExpressions") : new JsonArray();
      requirements.forEach(r -> expressions.add(JSON.getGson().toJsonTree(r)));
      term.add("matchExpressions", expressions);
      terms.add(term);
    }
    return Optional.of(terms);
  }

  private static List<V1NodeSelectorTerm> existingTerms(V1PersistentVolume volume) {
    if (volume.getSpec() == null || volume.getSpec().getNodeAffinity() == null
        || volume.getSpec().getNodeAffinity().getRequired() == null
        || volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms() == null) {
      return List.of();
    }
    return volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
  }
}
