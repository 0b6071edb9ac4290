package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.controller.ControllerNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.core.testing.ContributingCloud;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.util.ClientBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checking a provider's contributed controllers and {@code --controllers} against them, when the manager is built. */
class ContributedControllersTest {
  private final FakeCloud cloud = new FakeCloud();
  private final LoadBalancerClassController nlb = LoadBalancerClassController.builder("fake-nlb", "example.com/nlb",
      cloud.loadBalancer().orElseThrow()).build();
  private final NodeController sg = NodeController.builder("fake-sg", (name, node) -> {}).build();

  private static ControllerManager build(CloudProvider provider, String... controllers) {
    ControllerManager.Builder b = ControllerManager.builder()
        .provider(provider)
        .options(ControllerManagerOptions.builder().leaderElect(false).configureCloudRoutes(false)
            .controllers(ControllerSelection.parseDeferringUnknown(List.of(controllers))).build())
        // never started: no request is ever sent
        .clients(name -> new ClientBuilder().setBasePath("http://127.0.0.1:9").build());
    BuiltInControllers.registerAll(b);
    return b.build();
  }

  private CloudProvider contributing(ProviderController... controllers) {
    return new ContributingCloud(cloud, List.of(controllers), Set.of());
  }

  @Test
  void contributedNamesAreSelectableLikeBuiltInOnes() {
    build(contributing(nlb, sg), "*", "-fake-nlb", "fake-sg").close();
    assertThat(ContributedControllers.names(contributing(nlb, sg)))
        .containsExactly(Map.entry("fake-nlb", true), Map.entry("fake-sg", false));
    ControllerSelection selection = ControllerSelection.parse(List.of("*"),
        ContributedControllers.names(contributing(nlb, sg)));
    assertThat(selection.isEnabled("fake-nlb")).isTrue();
    assertThat(selection.isEnabled("fake-sg")).isFalse();
    assertThat(ControllerSelection.parse(List.of("*", "-fake-nlb", "fake-sg"),
        ContributedControllers.names(contributing(nlb, sg))).isEnabled("fake-sg")).isTrue();
  }

  @Test
  void anUnknownNameIsRefusedListingTheContributedOnes() {
    assertThatThrownBy(() -> build(contributing(nlb, sg), "*", "-nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--controllers: \"nope\" is not in the list of known controllers")
        .hasMessageContaining("service-lb-controller (service, service-controller)")
        .hasMessageContaining("fake-nlb, fake-sg");
    // a contributed name is unknown to a provider that does not contribute it
    assertThatThrownBy(() -> build(cloud, "fake-nlb"))
        .hasMessageContaining("\"fake-nlb\" is not in the list of known controllers");
  }

  @Test
  void aNameClashingWithABuiltInControllerIsAStartUpErrorNamingBoth() {
    LoadBalancerClassController clash = LoadBalancerClassController.builder("service", "example.com/x",
        cloud.loadBalancer().orElseThrow()).build();
    assertThatThrownBy(() -> build(contributing(clash), "*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cloud provider fake contributes controller \"service\", which clashes with the"
            + " built-in controller service-lb-controller (alias \"service\")");
    NodeController canonical = NodeController.builder(ControllerNames.NODE_ROUTE, (name, node) -> {}).build();
    assertThatThrownBy(() -> build(contributing(canonical), "*"))
        .hasMessageContaining("clashes with the built-in controller node-route-controller");
  }

  @Test
  void duplicateNamesAndClassesAreRefused() {
    LoadBalancerClassController sameClass = LoadBalancerClassController.builder("fake-nlb2", "example.com/nlb",
        cloud.loadBalancer().orElseThrow()).build();
    assertThatThrownBy(() -> build(contributing(nlb, sameClass), "*"))
        .hasMessageContaining("contributes controllers \"fake-nlb\" and \"fake-nlb2\" for the same"
            + " loadBalancerClass example.com/nlb");
    NodeController sameName = NodeController.builder("fake-nlb", (name, node) -> {}).build();
    assertThatThrownBy(() -> build(contributing(nlb, sameName), "*"))
        .hasMessageContaining("contributes two controllers named \"fake-nlb\"");
  }
}
