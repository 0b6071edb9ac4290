package dev.ccm4j.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ports upstream's TestHandleNodeUpdate and the decision half of TestUpdateNetworkingCondition. */
class RouteDecisionsTest {

  private static V1Node node(String rv, String podCidr, String internalIp) {
    return new V1Node().metadata(new V1ObjectMeta().name("node-1").uid("u1").resourceVersion(rv))
        .spec(new V1NodeSpec().podCIDR(podCidr).podCIDRs(List.of(podCidr)))
        .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("InternalIP").address(internalIp))));
  }

  @Test
  void anInternalIpChangeTriggersAReconcile() {
    assertThat(NodeRouteController.needsReconcile(node("1", "10.120.0.0/24", "10.0.0.1"),
        node("2", "10.120.0.0/24", "10.0.0.2"))).isTrue();
  }

  @Test
  void aPodCidrChangeTriggersAReconcile() {
    assertThat(NodeRouteController.needsReconcile(node("1", "10.120.0.0/24", "10.0.0.1"),
        node("2", "10.120.1.0/24", "10.0.0.1"))).isTrue();
  }

  @Test
  void aResyncWithTheSameResourceVersionTriggersAReconcile() {
    assertThat(NodeRouteController.needsReconcile(node("1", "10.120.0.0/24", "10.0.0.1"),
        node("1", "10.120.0.0/24", "10.0.0.1"))).isTrue();
  }

  @Test
  void anUnrelatedUpdateDoesNot() {
    V1Node updated = node("2", "10.120.0.0/24", "10.0.0.1");
    updated.getMetadata().labels(Map.of("team", "a"));
    updated.getStatus().conditions(List.of(new V1NodeCondition().type("Ready").status("True")));
    assertThat(NodeRouteController.needsReconcile(node("1", "10.120.0.0/24", "10.0.0.1"), updated)).isFalse();
  }

  @Test
  void theFingerprintIgnoresNodesWithoutPodCidrsAndUnrelatedFields() {
    V1Node plain = node("1", "10.120.0.0/24", "10.0.0.1");
    V1Node labelled = node("9", "10.120.0.0/24", "10.0.0.1");
    labelled.getMetadata().labels(Map.of("team", "a"));
    V1Node noCidr = new V1Node().metadata(new V1ObjectMeta().name("bare").uid("u2")).spec(new V1NodeSpec());

    assertThat(RouteFingerprint.of(List.of(plain, noCidr))).isEqualTo(RouteFingerprint.of(List.of(labelled)));
    assertThat(RouteFingerprint.of(List.of(plain)))
        .isNotEqualTo(RouteFingerprint.of(List.of(node("1", "10.120.0.0/24", "10.0.0.2"))))
        .isNotEqualTo(RouteFingerprint.of(List.of(node("1", "10.120.9.0/24", "10.0.0.1"))));
  }

  @ParameterizedTest(name = "{0}/{1} with routes created={2}: up to date={3}")
  @CsvSource({
      "'', '', true, false",
      "False, RouteCreated, true, true",
      "True, NoRouteCreated, true, false",
      "False, CalicoIsUp, true, false",
      "'', '', false, false",
      "True, NoRouteCreated, false, true",
      "False, RouteCreated, false, false",
      "False, CalicoIsUp, false, false",
  })
  void conditionWriteIsSkippedOnlyWhenStatusAndReasonMatch(String status, String reason, boolean created,
      boolean upToDate) {
    V1Node node = node("1", "10.120.0.0/24", "10.0.0.1");
    if (!status.isEmpty()) {
      node.getStatus().conditions(List.of(new V1NodeCondition().type(WellKnown.CONDITION_NETWORK_UNAVAILABLE)
          .status(status).reason(reason)));
    }
    assertThat(NetworkCondition.upToDate(node, created)).isEqualTo(upToDate);
  }

  @Test
  void conditionValuesMatchUpstream() {
    V1NodeCondition ok = NetworkCondition.of(true, Instant.EPOCH);
    assertThat(ok.getStatus()).isEqualTo("False");
    assertThat(ok.getReason()).isEqualTo("RouteCreated");
    assertThat(ok.getMessage()).isEqualTo("RouteController created a route");
    V1NodeCondition failed = NetworkCondition.of(false, Instant.EPOCH);
    assertThat(failed.getStatus()).isEqualTo("True");
    assertThat(failed.getReason()).isEqualTo("NoRouteCreated");
    assertThat(failed.getMessage()).isEqualTo("RouteController failed to create a route");
    assertThat(failed.getLastTransitionTime()).isNotNull();
  }
}
