package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registered resources against the real server's: categories, verbs and field selectors. */
class ResourceRegistryTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();

  private static ResourceType type(String apiVersion, String plural) {
    return REGISTRY.find(apiVersion, plural).orElseThrow();
  }

  @Test
  void theAllCategoryHoldsWhatTheRealServerPutsInIt() {
    List<String> inAll = REGISTRY.all().stream().filter(t -> t.categories().contains("all"))
        .map(ResourceType::qualifiedName).toList();
    assertThat(inAll).containsExactlyInAnyOrder("pods", "services", "deployments.apps", "replicasets.apps");
  }

  @Test
  void reviewsOnlyCreateAndNamespacesServeNoDeleteCollection() {
    for (String plural : List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews")) {
      ResourceType t = type("authorization.k8s.io/v1", plural);
      assertThat(t.verbs()).as(plural).containsExactly("create");
      assertThat(t.namespaced()).isFalse();
    }
    assertThat(type("authentication.k8s.io/v1", "selfsubjectreviews").verbs()).containsExactly("create");
    assertThat(type("v1", "namespaces").verbs()).doesNotContain("deletecollection");
    assertThat(type("v1", "services").verbs()).contains("deletecollection");
    assertThat(type("apps/v1", "deployments").subresources()).containsExactlyInAnyOrder("status", "scale");
    assertThat(type("apps/v1", "replicasets").shortNames()).containsExactly("rs");
  }

  @Test
  void fieldSelectorsAreThoseTheRealServerSupports() {
    ResourceType deployments = type("apps/v1", "deployments");
    assertThat(deployments.supportsField("metadata.name")).isTrue();
    assertThat(deployments.supportsField("metadata.namespace")).isTrue();
    assertThat(deployments.supportsField("status.replicas")).isFalse();
    assertThat(type("apps/v1", "replicasets").supportsField("status.replicas")).isTrue();
    assertThat(type("v1", "nodes").supportsField("metadata.namespace")).as("cluster-scoped").isFalse();
  }

  @Test
  void theOldConstructorStillMakesAResourceInNoCategory() {
    ResourceType t = new ResourceType("example.com", "v1", "widgets", "widget", "Widget", true, List.of(), Set.of(),
        false, Set.of());
    assertThat(t.categories()).isEmpty();
    assertThat(t.verbs()).contains("deletecollection");
    assertThatThrownBy(() -> new ResourceType("example.com", "v1", "asks", "ask", "Ask", false, List.of(), Set.of(),
        true, Set.of(), List.of(), true)).isInstanceOf(IllegalArgumentException.class);
  }
}
