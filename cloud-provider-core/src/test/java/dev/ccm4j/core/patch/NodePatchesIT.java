package dev.ccm4j.core.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.patch.GuardedWrite;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RequestMatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodePatchesIT {
  private KubeApiServer server;
  private ApiClient client;
  private NodePatches patches;

  @BeforeEach
  void start() throws Exception {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
    patches = new NodePatches(client);
    new CoreV1Api(client).createNode(new V1Node().metadata(new V1ObjectMeta().name("n1").labels(Map.of("a", "1")))
        .spec(new V1NodeSpec().taints(List.of(
            new V1Taint().key("node.cloudprovider.kubernetes.io/uninitialized").value("true").effect("NoSchedule"),
            new V1Taint().key("dedicated").value("gpu").effect("NoExecute"))))
        .status(new V1NodeStatus())).execute();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void removesOneTaintAndKeepsTheOthers() throws Exception {
    V1Node node = patches.get("n1");

    V1Node written = patches.removeTaint(node, "node.cloudprovider.kubernetes.io/uninitialized", null);

    assertThat(written.getSpec().getTaints()).extracting(V1Taint::getKey).containsExactly("dedicated");
    assertThat(patches.get("n1").getSpec().getTaints()).extracting(V1Taint::getKey).containsExactly("dedicated");
  }

  @Test
  void noRequestWhenTheTaintIsAbsentOrAlreadyPresent() throws Exception {
    V1Node node = patches.get("n1");
    server.journal().clear();

    patches.removeTaint(node, "absent", null);
    patches.addTaint(node, new V1Taint().key("dedicated").effect("NoExecute"));

    assertThat(server.journal().of("patch", "nodes")).isEmpty();
  }

  @Test
  void aStaleNodeIsReReadAndTheChangeReapplied() throws Exception {
    V1Node stale = patches.get("n1");
    // someone else adds a taint meanwhile
    patches.addTaint(stale, new V1Taint().key("other").effect("NoSchedule"));

    V1Node written = patches.addTaint(stale, new V1Taint().key("node.cloudprovider.kubernetes.io/shutdown")
        .effect("NoSchedule"));

    assertThat(written.getSpec().getTaints()).extracting(V1Taint::getKey).containsExactlyInAnyOrder(
        "node.cloudprovider.kubernetes.io/uninitialized", "dedicated", "other",
        "node.cloudprovider.kubernetes.io/shutdown");
  }

  @Test
  void persistentConflictsGiveUp() throws Exception {
    V1Node node = patches.get("n1");
    server.faults().failNext(RequestMatcher.of("patch", "nodes"), 100, 409, "Conflict");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> patches.removeTaint(node, "dedicated", null))
        .isInstanceOf(io.kubernetes.client.openapi.ApiException.class);
    assertThat(server.journal().of("patch", "nodes")).hasSize(GuardedWrite.CONFLICT_ATTEMPTS);
  }

  @Test
  void labelsAreMergedAndNullRemoves() throws Exception {
    Map<String, String> change = new HashMap<>();
    change.put("topology.kubernetes.io/zone", "z1");
    change.put("a", null);

    V1Node written = patches.patchLabels("n1", change);

    assertThat(written.getMetadata().getLabels()).containsExactly(Map.entry("topology.kubernetes.io/zone", "z1"));
  }

  @Test
  void addressesAreReplacedExactlyEvenWithTwoOfOneType() throws Exception {
    List<V1NodeAddress> addresses = List.of(
        new V1NodeAddress().type("InternalIP").address("10.0.0.5"),
        new V1NodeAddress().type("InternalIP").address("fd00::5"),
        new V1NodeAddress().type("Hostname").address("n1"));

    patches.replaceAddresses("n1", addresses);

    assertThat(patches.get("n1").getStatus().getAddresses()).isEqualTo(addresses);
  }

  @Test
  void conditionsMergeByType() throws Exception {
    OffsetDateTime now = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    patches.setCondition("n1", new V1NodeCondition().type("Ready").status("True").reason("KubeletReady")
        .lastHeartbeatTime(now).lastTransitionTime(now));

    patches.setCondition("n1", new V1NodeCondition().type("NetworkUnavailable").status("False")
        .reason("RouteCreated").message("RouteController created a route").lastTransitionTime(now));

    assertThat(patches.get("n1").getStatus().getConditions()).extracting(V1NodeCondition::getType)
        .containsExactlyInAnyOrder("Ready", "NetworkUnavailable");
  }
}
