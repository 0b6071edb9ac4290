package dev.ccm4j.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.WellKnown;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLabelRulesTest {

  @Test
  void reconcileRequiredWhenGaLabelsAreMissing() {
    Map<String, String> labels = Map.of(WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_REGION_BETA, "r1",
        WellKnown.LABEL_INSTANCE_TYPE_BETA, "big");
    assertThat(NodeLabelRules.betaToGa(labels)).containsExactly(Map.entry(WellKnown.LABEL_ZONE, "zone-a"),
        Map.entry(WellKnown.LABEL_REGION, "r1"), Map.entry(WellKnown.LABEL_INSTANCE_TYPE, "big"));
  }

  @Test
  void reconcileNotRequiredWhenBothFormsAgree() {
    Map<String, String> labels = Map.of(WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_ZONE, "zone-a",
        WellKnown.LABEL_INSTANCE_TYPE, "only-ga");
    assertThat(NodeLabelRules.betaToGa(labels)).isEmpty();
    assertThat(NodeLabelRules.betaToGa(null)).isEmpty();
  }

  @Test
  void betaWinsWhenTheFormsDisagree() {
    Map<String, String> labels = Map.of(WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_ZONE, "zone-b",
        WellKnown.LABEL_REGION_BETA, "r1", WellKnown.LABEL_REGION, "r2");
    assertThat(NodeLabelRules.betaToGa(labels)).containsExactly(Map.entry(WellKnown.LABEL_ZONE, "zone-a"),
        Map.entry(WellKnown.LABEL_REGION, "r1"));
  }

  @Test
  void initializationSetsBothFormsAndFiltersAdditionalLabels() {
    InstanceMetadata md = InstanceMetadata.builder().instanceType("big").zone("zone-a").region("r1")
        .additionalLabel("example.com/rack", "r7")
        .additionalLabel("example.com/existing", "cloud-value")
        .additionalLabel("node.kubernetes.io/foo", "x")
        .additionalLabel("kubernetes.io/bar", "x")
        .additionalLabel("sub.k8s.io/baz", "x")
        .additionalLabel("k8s.io.example.com/ok", "kept")
        .build();
    Map<String, String> changes = NodeLabelRules.forInitialization("n",
        Map.of("example.com/existing", "node-value"), md);
    assertThat(changes).containsOnly(
        Map.entry(WellKnown.LABEL_INSTANCE_TYPE, "big"), Map.entry(WellKnown.LABEL_INSTANCE_TYPE_BETA, "big"),
        Map.entry(WellKnown.LABEL_ZONE, "zone-a"), Map.entry(WellKnown.LABEL_ZONE_BETA, "zone-a"),
        Map.entry(WellKnown.LABEL_REGION, "r1"), Map.entry(WellKnown.LABEL_REGION_BETA, "r1"),
        Map.entry("example.com/rack", "r7"), Map.entry("k8s.io.example.com/ok", "kept"));
  }

  @Test
  void topologyChangesOnlyListDifferencesAndNeverClear() {
    InstanceMetadata md = InstanceMetadata.builder().instanceType("big").zone("zone-b").build();
    Map<String, String> labels = Map.of(WellKnown.LABEL_INSTANCE_TYPE, "big", WellKnown.LABEL_INSTANCE_TYPE_BETA,
        "big", WellKnown.LABEL_ZONE, "zone-a", WellKnown.LABEL_ZONE_BETA, "zone-a", WellKnown.LABEL_REGION, "r1");
    assertThat(NodeLabelRules.topologyChanges(labels, md)).containsOnly(Map.entry(WellKnown.LABEL_ZONE, "zone-b"),
        Map.entry(WellKnown.LABEL_ZONE_BETA, "zone-b"));
  }
}
