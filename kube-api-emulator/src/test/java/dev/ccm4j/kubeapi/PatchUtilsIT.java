package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.PatchUtils;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client-java's PatchUtils against the emulator, with the patches a CCM sends. */
class PatchUtilsIT {
  private KubeApiServer server;
  private ApiClient client;
  private CoreV1Api api;

  @BeforeEach
  void start() throws Exception {
    server = KubeApiServer.builder().build().start();
    client = Clients.plain(server);
    api = new CoreV1Api(client);
    api.createNode(new V1Node().metadata(new V1ObjectMeta().name("n1"))
        .status(new V1NodeStatus().addConditionsItem(new V1NodeCondition().type("Ready").status("True")))).execute();
    api.createNamespacedService("default", new V1Service().metadata(new V1ObjectMeta().name("web")
            .addFinalizersItem("example.com/keep"))
        .spec(new V1ServiceSpec().type("LoadBalancer").addPortsItem(new V1ServicePort().port(80)))).execute();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String lastContentType(String resource) {
    List<RecordedRequest> patches = server.journal().of("patch", resource);
    assertThat(patches).isNotEmpty();
    return patches.get(patches.size() - 1).contentType();
  }

  @Test
  void strategicMergePatchOfNodeTaints() throws Exception {
    V1Node node = PatchUtils.patch(V1Node.class, () -> api.patchNode("n1",
            new V1Patch("{\"spec\":{\"taints\":[{\"key\":\"node.cloudprovider.kubernetes.io/uninitialized\","
                + "\"value\":\"true\",\"effect\":\"NoSchedule\"}]}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertThat(node.getSpec().getTaints()).extracting(V1Taint::getKey)
        .containsExactly("node.cloudprovider.kubernetes.io/uninitialized");
    assertThat(lastContentType("nodes")).startsWith("application/strategic-merge-patch+json");
    assertThat(api.readNode("n1").execute().getSpec().getTaints()).hasSize(1);
  }

  @Test
  void strategicMergePatchOfNodeStatusConditionsMergesByType() throws Exception {
    V1Node node = PatchUtils.patch(V1Node.class, () -> api.patchNodeStatus("n1",
            new V1Patch("{\"status\":{\"conditions\":[{\"type\":\"NetworkUnavailable\",\"status\":\"False\"}]}}"))
            .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertThat(node.getStatus().getConditions()).extracting(V1NodeCondition::getType)
        .containsExactlyInAnyOrder("Ready", "NetworkUnavailable");
    assertThat(lastContentType("nodes/status")).startsWith("application/strategic-merge-patch+json");
  }

  @Test
  void strategicMergePatchOfServiceFinalizersIsASetUnion() throws Exception {
    V1Service svc = PatchUtils.patch(V1Service.class, () -> api.patchNamespacedService("web", "default",
            new V1Patch("{\"metadata\":{\"finalizers\":[\"service.kubernetes.io/load-balancer-cleanup\"]}}"))
            .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertThat(svc.getMetadata().getFinalizers())
        .containsExactlyInAnyOrder("example.com/keep", "service.kubernetes.io/load-balancer-cleanup");
    assertThat(lastContentType("services")).startsWith("application/strategic-merge-patch+json");
  }

  @Test
  void strategicMergePatchOfServiceStatus() throws Exception {
    V1Service svc = PatchUtils.patch(V1Service.class, () -> api.patchNamespacedServiceStatus("web", "default",
            new V1Patch("{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0.113.10\"}]}}}"))
            .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertThat(svc.getStatus().getLoadBalancer().getIngress()).hasSize(1);
    assertThat(svc.getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("203.0.113.10");
    assertThat(lastContentType("services/status")).startsWith("application/strategic-merge-patch+json");
  }

  @Test
  void jsonAndMergePatches() throws Exception {
    V1Node merged = PatchUtils.patch(V1Node.class, () -> api.patchNode("n1",
            new V1Patch("{\"metadata\":{\"labels\":{\"zone\":\"z1\"}}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    assertThat(merged.getMetadata().getLabels()).containsEntry("zone", "z1");
    assertThat(lastContentType("nodes")).startsWith("application/merge-patch+json");
    V1Node jsonPatched = PatchUtils.patch(V1Node.class, () -> api.patchNode("n1",
            new V1Patch("[{\"op\":\"test\",\"path\":\"/metadata/labels/zone\",\"value\":\"z1\"},"
                + "{\"op\":\"replace\",\"path\":\"/metadata/labels/zone\",\"value\":\"z2\"}]")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_PATCH, client);
    assertThat(jsonPatched.getMetadata().getLabels()).containsEntry("zone", "z2");
    assertThat(lastContentType("nodes")).startsWith("application/json-patch+json");
  }
}
