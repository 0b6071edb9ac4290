package dev.ccm4j.core.pvlabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import dev.ccm4j.kubeapi.RequestMatcher;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1VolumeNodeAffinity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PersistentVolumeLabelControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final FakeCloud cloud = new FakeCloud();
  private ControllerHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private void start(List<String> controllers) {
    h = ControllerHarness.builder().cloud(cloud)
        .controller(ControllerNames.PERSISTENT_VOLUME_LABEL, PersistentVolumeLabelController.factory())
        .options(o -> o.controllers(ControllerSelection.parse(controllers)))
        .start();
  }

  private void createVolume(String name, Map<String, String> labels) throws ApiException {
    h.core().createPersistentVolume(new V1PersistentVolume().metadata(new V1ObjectMeta().name(name).labels(labels))
        .spec(new V1PersistentVolumeSpec().capacity(Map.of("storage", Quantity.fromString("1Gi")))
            .accessModes(List.of("ReadWriteOnce")).hostPath(new V1HostPathVolumeSource().path("/data/" + name))))
        .execute();
  }

  private V1PersistentVolume read(String name) throws ApiException {
    return h.core().readPersistentVolume(name).execute();
  }

  @Test
  void labelsVolumesAndSetsTheirAffinityWhenEnabled() throws Exception {
    cloud.setVolumeLabels("pv-1", Map.of(WellKnown.LABEL_ZONE, "zone-a__zone-b", WellKnown.LABEL_REGION, "r1"));
    cloud.setVolumeLabels("pv-labelled", Map.of(WellKnown.LABEL_ZONE, "zone-z"));
    start(List.of("*", ControllerNames.PERSISTENT_VOLUME_LABEL));
    assertThat(h.manager().runningControllers()).containsExactly(ControllerNames.PERSISTENT_VOLUME_LABEL);
    createVolume("pv-labelled", Map.of(WellKnown.LABEL_ZONE, "zone-a"));
    createVolume("pv-foreign", null);
    createVolume("pv-1", null);

    await().atMost(WAIT).until(() -> read("pv-1").getMetadata().getLabels() != null);
    V1PersistentVolume pv = read("pv-1");
    assertThat(pv.getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a__zone-b")
        .containsEntry(WellKnown.LABEL_REGION, "r1");
    List<V1NodeSelectorTerm> terms = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
    assertThat(terms).singleElement().satisfies(t -> assertThat(t.getMatchExpressions())
        .extracting(V1NodeSelectorRequirement::getKey, V1NodeSelectorRequirement::getOperator,
            V1NodeSelectorRequirement::getValues)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(WellKnown.LABEL_REGION, "In", List.of("r1")),
            org.assertj.core.groups.Tuple.tuple(WellKnown.LABEL_ZONE, "In", List.of("zone-a", "zone-b"))));
    await().atMost(WAIT).until(() -> cloud.calls(Operation.LABELS_FOR_VOLUME).stream()
        .anyMatch(c -> c.target().equals("pv-foreign")));

    assertThat(cloud.calls(Operation.LABELS_FOR_VOLUME)).extracting(c -> c.target())
        .doesNotContain("pv-labelled");
    assertThat(read("pv-labelled").getMetadata().getLabels()).containsOnly(Map.entry(WellKnown.LABEL_ZONE, "zone-a"));
    assertThat(read("pv-foreign").getMetadata().getLabels()).isNullOrEmpty();
    assertThat(h.server().journal().of("update", "persistentvolumes")).isEmpty();
    assertThat(h.server().journal().of("patch", "persistentvolumes")).singleElement()
        .satisfies(r -> assertThat(r.userAgent()).startsWith(PersistentVolumeLabelController.CLIENT_NAME));
  }

  @Test
  void labelsOnlyWhenTheServerRefusesToChangeAnExistingAffinity() throws Exception {
    cloud.setVolumeLabels("pv-2", Map.of(WellKnown.LABEL_ZONE, "zone-a"));
    start(List.of("*", ControllerNames.PERSISTENT_VOLUME_LABEL));
    h.server().faults().failNext(RequestMatcher.of("patch", "persistentvolumes"), 1, 422, "Invalid");
    h.core().createPersistentVolume(new V1PersistentVolume().metadata(new V1ObjectMeta().name("pv-2"))
        .spec(new V1PersistentVolumeSpec().capacity(Map.of("storage", Quantity.fromString("1Gi")))
            .accessModes(List.of("ReadWriteOnce")).hostPath(new V1HostPathVolumeSource().path("/data/pv-2"))
            .nodeAffinity(new V1VolumeNodeAffinity().required(new V1NodeSelector().addNodeSelectorTermsItem(
                new V1NodeSelectorTerm().addMatchExpressionsItem(new V1NodeSelectorRequirement().key("disk")
                    .operator("In").values(List.of("ssd")))))))).execute();
    await().atMost(WAIT).until(() -> read("pv-2").getMetadata().getLabels() != null);
    assertThat(read("pv-2").getMetadata().getLabels()).containsEntry(WellKnown.LABEL_ZONE, "zone-a");
    assertThat(read("pv-2").getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()).singleElement()
        .satisfies(t -> assertThat(t.getMatchExpressions()).extracting(V1NodeSelectorRequirement::getKey)
            .containsExactly("disk"));
    assertThat(h.server().journal().of("patch", "persistentvolumes")).extracting(r -> r.responseCode())
        .containsExactly(422, 200);
  }

  @Test
  void disabledByDefault() throws Exception {
    cloud.setVolumeLabels("pv-1", Map.of(WellKnown.LABEL_ZONE, "zone-a"));
    start(List.of("*"));
    assertThat(h.manager().runningControllers()).isEmpty();
    createVolume("pv-1", null);
    assertThat(read("pv-1").getMetadata().getLabels()).isNullOrEmpty();
    assertThat(cloud.count(Operation.LABELS_FOR_VOLUME)).isZero();
  }

  @Test
  void declinesWithoutTheCapability() {
    cloud.disable(Capability.PERSISTENT_VOLUME_LABELER);
    start(List.of("*", ControllerNames.PERSISTENT_VOLUME_LABEL));
    assertThat(h.manager().runningControllers()).isEmpty();
  }
}
