package dev.ccm4j.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerSelectionTest {

  @Test
  void starEnablesEverythingButTheOptInControllers() {
    ControllerSelection s = ControllerSelection.all();

    assertThat(ControllerNames.builtIn()).filteredOn(s::isEnabled).containsExactly(
        ControllerNames.CLOUD_NODE, ControllerNames.CLOUD_NODE_LIFECYCLE, ControllerNames.SERVICE_LB,
        ControllerNames.NODE_ROUTE, ControllerNames.NODE_IPAM);
    assertThat(s.isEnabled(ControllerNames.PERSISTENT_VOLUME_LABEL)).isFalse();
  }

  @Test
  void aliasesResolveIncludingTheDisablePrefix() {
    ControllerSelection s = ControllerSelection.parse(List.of("*", "-route", "-cloud-node-lifecycle",
        "persistent-volume-label"));

    assertThat(s.isEnabled(ControllerNames.NODE_ROUTE)).isFalse();
    assertThat(s.isEnabled("route")).isFalse();
    assertThat(s.isEnabled(ControllerNames.CLOUD_NODE_LIFECYCLE)).isFalse();
    assertThat(s.isEnabled(ControllerNames.SERVICE_LB)).isTrue();
    assertThat(s.isEnabled(ControllerNames.PERSISTENT_VOLUME_LABEL)).isTrue();
  }

  @Test
  void withoutStarOnlyNamedControllersRun() {
    ControllerSelection s = ControllerSelection.parse(List.of("service", "cloud-node-controller"));

    assertThat(ControllerNames.builtIn()).filteredOn(s::isEnabled)
        .containsExactly(ControllerNames.CLOUD_NODE, ControllerNames.SERVICE_LB);
  }

  @Test
  void firstExplicitMentionWins() {
    assertThat(ControllerSelection.parse(List.of("-service", "service", "*")).isEnabled("service")).isFalse();
    assertThat(ControllerSelection.parse(List.of("service-lb-controller", "-service")).isEnabled("service")).isTrue();
  }

  @Test
  void everyUnknownNameIsReported() {
    assertThatThrownBy(() -> ControllerSelection.parse(List.of("*", "-nodes", "bogus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--controllers: \"nodes\" is not in the list of known controllers; \"bogus\" is not"
            + " in the list of known controllers (known: cloud-node-controller (cloud-node)");
  }

  @Test
  void extraControllersOfAnEmbeddingApplication() {
    ControllerSelection s = ControllerSelection.parse(List.of("*"), Map.of("mycloud-eip", true, "mycloud-audit",
        false));

    assertThat(s.isEnabled("mycloud-eip")).isTrue();
    assertThat(s.isEnabled("mycloud-audit")).isFalse();
    assertThat(ControllerSelection.parse(List.of("*", "mycloud-audit"), Map.of("mycloud-audit", false))
        .isEnabled("mycloud-audit")).isTrue();
    assertThatThrownBy(() -> ControllerSelection.parse(List.of("*"), Map.of("route", true)))
        .hasMessageContaining("already a built-in controller");
  }

  @Test
  void blankEntriesAreIgnoredAndEntriesKept() {
    ControllerSelection s = ControllerSelection.parse(List.of(" * ", "", "-route"));
    assertThat(s.entries()).containsExactly("*", "-route");
    assertThat(s).hasToString("*,-route");
  }
}
