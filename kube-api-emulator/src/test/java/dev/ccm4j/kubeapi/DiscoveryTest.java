package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The discovery documents against the real server's: legacy (client-java) and aggregated (client-go, kubectl). */
class DiscoveryTest {
  private final Discovery discovery = new Discovery(ResourceRegistry.standard());

  private static JsonObject named(JsonArray array, String field, String value) {
    for (JsonElement e : array) {
      if (e.getAsJsonObject().get(field).getAsString().equals(value)) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError(value + " not in " + array);
  }

  private static List<String> strings(JsonElement array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.getAsJsonArray().forEach(e -> out.add(e.getAsString()));
    }
    return out;
  }

  @Test
  void theCoreListIsSortedWithSubresourcesAfterTheirResource() {
    JsonArray resources = discovery.resourceList("v1").getAsJsonArray("resources");
    List<String> names = new ArrayList<>();
    resources.forEach(r -> names.add(r.getAsJsonObject().get("name").getAsString()));
    // as the real /api/v1: sorted by name, so "nodes/status" follows "nodes"
    assertThat(names).isSorted();
    assertThat(names).containsSubsequence("namespaces", "namespaces/status", "nodes", "nodes/status", "pods",
        "pods/status");
  }

  @Test
  void verbsShortNamesCategoriesAndStorageHashAreThoseOfTheRealServer() {
    JsonArray core = discovery.resourceList("v1").getAsJsonArray("resources");
    JsonObject pods = named(core, "name", "pods");
    assertThat(strings(pods.get("verbs"))).containsExactly("create", "delete", "deletecollection", "get", "list",
        "patch", "update", "watch");
    assertThat(strings(pods.get("shortNames"))).containsExactly("po");
    assertThat(strings(pods.get("categories"))).containsExactly("all");
    // base64 of the first 8 bytes of sha256("/v1/Pod"), as the real server computes it
    assertThat(pods.get("storageVersionHash").getAsString()).isEqualTo("xPOwRZ+Yhw8=");
    JsonObject namespaces = named(core, "name", "namespaces");
    assertThat(strings(namespaces.get("verbs"))).doesNotContain("deletecollection");
    assertThat(namespaces.has("categories")).isFalse();
    assertThat(strings(named(core, "name", "services").get("categories"))).containsExactly("all");
    assertThat(named(core, "name", "nodes").has("categories")).as("nodes are not in 'all'").isFalse();
    assertThat(strings(named(core, "name", "pods/status").get("verbs"))).containsExactly("get", "patch", "update");

    JsonArray apps = discovery.resourceList("apps/v1").getAsJsonArray("resources");
    JsonObject deployments = named(apps, "name", "deployments");
    assertThat(strings(deployments.get("shortNames"))).containsExactly("deploy");
    assertThat(strings(deployments.get("categories"))).containsExactly("all");
    assertThat(deployments.get("namespaced").getAsBoolean()).isTrue();
    JsonObject scale = named(apps, "name", "deployments/scale");
    assertThat(scale.get("group").getAsString()).isEqualTo("autoscaling");
    assertThat(scale.get("version").getAsString()).isEqualTo("v1");
    assertThat(scale.get("kind").getAsString()).isEqualTo("Scale");
    assertThat(strings(named(apps, "name", "replicasets").get("shortNames"))).containsExactly("rs");

    JsonArray authz = discovery.resourceList("authorization.k8s.io/v1").getAsJsonArray("resources");
    JsonObject ssar = named(authz, "name", "selfsubjectaccessreviews");
    assertThat(strings(ssar.get("verbs"))).containsExactly("create");
    assertThat(ssar.get("namespaced").getAsBoolean()).isFalse();
    assertThat(ssar.has("storageVersionHash")).as("nothing is stored").isFalse();
    named(authz, "name", "selfsubjectrulesreviews");
    named(discovery.resourceList("authentication.k8s.io/v1").getAsJsonArray("resources"), "name",
        "selfsubjectreviews");
  }

  @Test
  void groupsComeInTheRealServersPriorityOrder() {
    List<String> groups = new ArrayList<>();
    discovery.groupList().getAsJsonArray("groups").forEach(g -> groups.add(g.getAsJsonObject().get("name")
        .getAsString()));
    assertThat(groups).containsExactly("apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io");
  }

  @Test
  void kubectlsAcceptHeaderGetsTheAggregatedDocumentAndPlainJsonTheLegacyOne() {
    // what client-go's discovery client sends (AcceptV2, AcceptV2Beta1, AcceptV1)
    assertThat(Discovery.acceptsAggregated("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")).isTrue();
    assertThat(Discovery.acceptsAggregated("application/json")).isFalse();
    assertThat(Discovery.acceptsAggregated(null)).isFalse();
    assertThat(Discovery.acceptsAggregated("*/*")).isFalse();
    assertThat(Discovery.acceptsAggregated("application/json, application/json;g=apidiscovery.k8s.io;v=v2;"
        + "as=APIGroupDiscoveryList")).as("the first acceptable media range wins").isFalse();
    assertThat(Discovery.acceptsAggregated("application/json;g=apidiscovery.k8s.io;v=v2beta1;"
        + "as=APIGroupDiscoveryList,application/json")).as("v2beta1 is no longer served").isFalse();
    assertThat(Discovery.acceptsAggregated("application/json; as=APIGroupDiscoveryList; v=v2; "
        + "g=apidiscovery.k8s.io")).isTrue();
  }

  @Test
  void theAggregatedDocumentsCarryEveryResourceWithScopeVerbsAndSubresources() {
    JsonObject core = discovery.aggregated(true);
    assertThat(core.get("kind").getAsString()).isEqualTo("APIGroupDiscoveryList");
    assertThat(core.get("apiVersion").getAsString()).isEqualTo("apidiscovery.k8s.io/v2");
    JsonArray items = core.getAsJsonArray("items");
    assertThat(items).hasSize(1);
    JsonObject v1 = items.get(0).getAsJsonObject().getAsJsonArray("versions").get(0).getAsJsonObject();
    assertThat(v1.get("version").getAsString()).isEqualTo("v1");
    assertThat(v1.get("freshness").getAsString()).isEqualTo("Current");
    JsonObject nodes = named(v1.getAsJsonArray("resources"), "resource", "nodes");
    assertThat(nodes.get("scope").getAsString()).isEqualTo("Cluster");
    assertThat(nodes.get("singularResource").getAsString()).isEqualTo("node");
    assertThat(nodes.getAsJsonObject("responseKind").get("kind").getAsString()).isEqualTo("Node");
    assertThat(strings(nodes.get("shortNames"))).containsExactly("no");
    JsonObject status = nodes.getAsJsonArray("subresources").get(0).getAsJsonObject();
    assertThat(status.get("subresource").getAsString()).isEqualTo("status");
    assertThat(strings(status.get("verbs"))).containsExactly("get", "patch", "update");

    JsonArray groups = discovery.aggregated(false).getAsJsonArray("items");
    List<String> names = new ArrayList<>();
    groups.forEach(g -> names.add(g.getAsJsonObject().getAsJsonObject("metadata").get("name").getAsString()));
    assertThat(names).containsExactly("apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io");
    JsonObject deployments = named(groups.get(0).getAsJsonObject().getAsJsonArray("versions").get(0)
        .getAsJsonObject().getAsJsonArray("resources"), "resource", "deployments");
    assertThat(strings(deployments.get("categories"))).containsExactly("all");
    JsonObject scale = named(deployments.getAsJsonArray("subresources"), "subresource", "scale");
    assertThat(scale.getAsJsonObject("responseKind").get("group").getAsString()).isEqualTo("autoscaling");
    assertThat(scale.getAsJsonObject("responseKind").get("kind").getAsString()).isEqualTo("Scale");
  }
}
