package dev.ccm4j.core.pvlabel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1VolumeNodeAffinity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeLabelPatchTest {
  private static final Map<String, String> CLOUD = Map.of(WellKnown.LABEL_ZONE, "zone-b__zone-a",
      WellKnown.LABEL_REGION, "r1");

  private static V1PersistentVolume volume(V1NodeSelectorTerm... terms) {
    V1PersistentVolumeSpec spec = new V1PersistentVolumeSpec();
    if (terms.length > 0) {
      spec.nodeAffinity(new V1VolumeNodeAffinity().required(new V1NodeSelector().nodeSelectorTerms(List.of(terms))));
    }
    return new V1PersistentVolume().metadata(new V1ObjectMeta().name("pv").resourceVersion("7")).spec(spec);
  }

  private static V1NodeSelectorTerm term(String key, String... values) {
    return new V1NodeSelectorTerm().addMatchExpressionsItem(new V1NodeSelectorRequirement().key(key).operator("In")
        .values(List.of(values)));
  }

  @Test
  void multiZoneValuesSplitIntoSortedZones() {
    assertThat(VolumeLabelPatch.requirements(CLOUD)).extracting(r -> r.getKey() + " " + r.getOperator() + " "
        + r.getValues()).containsExactly(WellKnown.LABEL_REGION + " In [r1]",
            WellKnown.LABEL_ZONE + " In [zone-a, zone-b]");
  }

  @Test
  void newAffinityGetsOneTermAndLabelsAreGuarded() {
    JsonObject patch = VolumeLabelPatch.patch(volume(), CLOUD, true);
    assertThat(patch.getAsJsonObject("metadata").get("resourceVersion").getAsString()).isEqualTo("7");
    assertThat(patch.getAsJsonObject("metadata").getAsJsonObject("labels").get(WellKnown.LABEL_ZONE).getAsString())
        .isEqualTo("zone-b__zone-a");
    var terms = patch.getAsJsonObject("spec").getAsJsonObject("nodeAffinity").getAsJsonObject("required")
        .getAsJsonArray("nodeSelectorTerms");
    assertThat(terms).hasSize(1);
    assertThat(terms.get(0).getAsJsonObject().getAsJsonArray("matchExpressions")).hasSize(2);
  }

  @Test
  void everyExistingTermGetsTheRequirements() {
    JsonObject patch = VolumeLabelPatch.patch(volume(term("disk", "ssd"), term("rack", "r1", "r2")), CLOUD, true);
    var terms = patch.getAsJsonObject("spec").getAsJsonObject("nodeAffinity").getAsJsonObject("required")
        .getAsJsonArray("nodeSelectorTerms");
    assertThat(terms).hasSize(2);
    for (var t : terms) {
      var expressions = t.getAsJsonObject().getAsJsonArray("matchExpressions");
      assertThat(expressions).hasSize(3);
      assertThat(expressions.get(2).getAsJsonObject().get("key").getAsString()).isEqualTo(WellKnown.LABEL_ZONE);
    }
  }

  @Test
  void conflictingKeysLeaveTheAffinityAlone() {
    JsonObject patch = VolumeLabelPatch.patch(volume(term(WellKnown.LABEL_ZONE, "zone-c")), CLOUD, true);
    assertThat(patch.has("spec")).isFalse();
    assertThat(patch.getAsJsonObject("metadata").getAsJsonObject("labels").size()).isEqualTo(2);
  }

  @Test
  void labelledVolumesAreRecognized() {
    V1PersistentVolume v = volume();
    assertThat(VolumeLabelPatch.alreadyLabelled(v)).isFalse();
    v.getMetadata().putLabelsItem("app", "db");
    assertThat(VolumeLabelPatch.alreadyLabelled(v)).isFalse();
    v.getMetadata().putLabelsItem(WellKnown.LABEL_ZONE_BETA, "zone-a");
    assertThat(VolumeLabelPatch.alreadyLabelled(v)).isTrue();
  }
}
