package dev.ccm4j.core.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.testing.ControllerHarness;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeIpamControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static V1Node node(String name, String... cidrs) {
    V1NodeSpec spec = new V1NodeSpec();
    if (cidrs.length > 0) {
      spec.podCIDR(cidrs[0]).podCIDRs(List.of(cidrs));
    }
    return new V1Node().metadata(new V1ObjectMeta().name(name)).spec(spec);
  }

  private static List<String> podCidrs(CoreV1Api api, String name) throws ApiException {
    List<String> cidrs = api.readNode(name).execute().getSpec().getPodCIDRs();
    return cidrs == null ? List.of() : cidrs;
  }

  @Test
  void allocatesAroundExistingCidrsReportsExhaustionAndReusesReleasedCidrs() throws Exception {
    try (ControllerHarness h = ControllerHarness.builder()
        .options(o -> o.allocateNodeCidrs(true).clusterCidrs(List.of("10.0.0.0/22")).nodeCidrMaskSize(24))
        .controller(ControllerNames.NODE_IPAM, ctx -> {
          try {
            // exists before the informers start, so the allocator must learn it from its rebuild
            new CoreV1Api(ctx.client("seed")).createNode(node("old", "10.0.1.0/24")).execute();
          } catch (ApiException e) {
            throw new IllegalStateException(e);
          }
          return NodeIpamController.factory().create(ctx);
        })
        .start()) {
      CoreV1Api api = h.core();
      for (String n : List.of("n1", "n2", "n3")) {
        api.createNode(node(n)).execute();
      }
      await().atMost(WAIT).until(() -> !podCidrs(api, "n1").isEmpty() && !podCidrs(api, "n2").isEmpty()
          && !podCidrs(api, "n3").isEmpty());
      Set<String> all = new HashSet<>();
      for (String n : List.of("old", "n1", "n2", "n3")) {
        V1Node read = api.readNode(n).execute();
        assertThat(read.getSpec().getPodCIDRs()).hasSize(1);
        assertThat(read.getSpec().getPodCIDR()).isEqualTo(read.getSpec().getPodCIDRs().get(0));
        all.add(read.getSpec().getPodCIDR());
      }
      assertThat(all).containsExactlyInAnyOrder("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");
      assertThat(podCidrs(api, "old")).containsExactly("10.0.1.0/24");

      api.createNode(node("n4")).execute();
      await().atMost(WAIT).until(() -> events(api).stream().anyMatch(e -> "CIDRNotAvailable".equals(e.getReason())
          && "n4".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())));
      assertThat(h.metrics()).contains("node_ipam_controller_cidrset_exhausted_total{clusterCIDR=\"10.0.0.0/22\"}");
      assertThat(podCidrs(api, "n4")).isEmpty();

      String freed = podCidrs(api, "n2").get(0);
      api.deleteNode("n2").execute();

      await().atMost(WAIT).until(() -> podCidrs(api, "n4").equals(List.of(freed)));
      assertThat(h.metrics()).contains("node_ipam_controller_cidrset_usage_cidrs{clusterCIDR=\"10.0.0.0/22\"} 1.0");
    }
  }

  @Test
  void dualStackNodesGetOneCidrOfEachFamily() throws Exception {
    try (ControllerHarness h = ControllerHarness.builder()
        .options(o -> o.allocateNodeCidrs(true).clusterCidrs(List.of("10.1.0.0/16", "fd00:10::/56")))
        .controller(ControllerNames.NODE_IPAM, NodeIpamController.factory())
        .start()) {
      CoreV1Api api = h.core();
      api.createNode(node("a")).execute();
      api.createNode(node("b")).execute();

      await().atMost(WAIT).until(() -> podCidrs(api, "a").size() == 2 && podCidrs(api, "b").size() == 2);
      List<String> cidrs = new ArrayList<>(podCidrs(api, "a"));
      cidrs.addAll(podCidrs(api, "b"));
      assertThat(cidrs).doesNotHaveDuplicates().allSatisfy(c -> assertThat(c).matches(
          "10\\.1\\.\\d+\\.0/24|fd00:10(:0:[0-9a-f]+)?::/64"));
      assertThat(podCidrs(api, "a").get(0)).startsWith("10.1.");
      assertThat(podCidrs(api, "a").get(1)).startsWith("fd00:10:");
    }
  }

  @Test
  void skippedWithoutAllocateNodeCidrsAndInvalidMasksFailTheStartNamingTheFlag() {
    try (ControllerHarness h = ControllerHarness.builder()
        .options(o -> o.clusterCidrs(List.of("10.1.0.0/16")))
        .controller(ControllerNames.NODE_IPAM, NodeIpamController.factory())
        .start()) {
      assertThat(h.manager().runningControllers()).isEmpty();
    }
    assertThatThrownBy(() -> ControllerHarness.builder()
        .options(o -> o.allocateNodeCidrs(true).clusterCidrs(List.of("10.1.0.0/16")).nodeCidrMaskSize(12))
        .controller(ControllerNames.NODE_IPAM, NodeIpamController.factory())
        .start().close())
        .hasStackTraceContaining("--node-cidr-mask-size=12");
  }

  private static List<CoreV1Event> events(CoreV1Api api) throws ApiException {
    return api.listEventForAllNamespaces().execute().getItems();
  }
}
