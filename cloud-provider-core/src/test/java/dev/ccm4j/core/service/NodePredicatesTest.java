package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.copy;
import static dev.ccm4j.core.service.Fixtures.excluded;
import static dev.ccm4j.core.service.Fixtures.node;
import static dev.ccm4j.core.service.Fixtures.providerId;
import static dev.ccm4j.core.service.Fixtures.ready;
import static dev.ccm4j.core.service.Fixtures.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NodePredicatesTest {
  private static final String AUTOSCALER = WellKnown.TAINT_TO_BE_DELETED_BY_CLUSTER_AUTOSCALER;

  @ParameterizedTest(name = "exclude label \"{0}\" -> backend {1}")
  @CsvSource({"true,false", "false,true", "1,false", "0,true", "T,false", "F,true", "TRUE,false", "False,true",
      "yes,false", "'',false", "garbage,false"})
  void excludeLabelFollowsParseBoolAndUnparseableExcludes(String value, boolean backend) {
    assertThat(NodePredicates.isBackend(excluded(node("n"), value))).isEqualTo(backend);
  }

  @Test
  void backendPredicates() {
    assertThat(NodePredicates.isBackend(node("n"))).isTrue();
    assertThat(NodePredicates.isBackend(ready(node("n"), false))).as("readiness is ignored").isTrue();
    assertThat(NodePredicates.isBackend(tainted(node("n"), AUTOSCALER))).isFalse();
    assertThat(NodePredicates.isBackend(tainted(node("n"), "other"))).isTrue();
    assertThat(NodePredicates.isBackend(Fixtures.deleting(node("n")))).isFalse();
    V1Node uninitialized = tainted(node("n"), WellKnown.TAINT_UNINITIALIZED);
    assertThat(NodePredicates.isBackend(uninitialized)).isTrue();
  }

  @Test
  void backendsAreFilteredAndSortedByName() {
    List<V1Node> backends = NodePredicates.backends(List.of(node("c"), excluded(node("b"), "true"), node("a")));
    assertThat(backends).extracting(NodePredicates::name).containsExactly("a", "c");
  }

  @Test
  void nodesNotEqual() {
    V1Node a = node("a");
    assertThat(NodePredicates.fingerprint(List.of(a))).isEqualTo(NodePredicates.fingerprint(List.of(copy(a))));
    assertThat(NodePredicates.fingerprint(List.of(a)))
        .as("providerID updated").isNotEqualTo(NodePredicates.fingerprint(List.of(providerId(copy(a), "x://2"))));
    V1Node empty = providerId(node("a"), null);
    assertThat(NodePredicates.fingerprint(List.of(empty)))
        .as("empty providerID changed").isNotEqualTo(NodePredicates.fingerprint(List.of(node("a"))));
    assertThat(NodePredicates.fingerprint(List.of(a)))
        .as("count").isNotEqualTo(NodePredicates.fingerprint(List.of(a, node("b"))));
  }

  static Stream<Arguments> individual() {
    return Stream.of(
        c("excluded F->T", n -> n, n -> excluded(n, "true"), true),
        c("excluded T->F", n -> excluded(n, "true"), n -> excluded(n, "false"), true),
        c("excluded T->T", n -> excluded(n, "true"), n -> excluded(n, "true"), false),
        c("excluded label removed", n -> excluded(n, "true"), n -> n, true),
        c("other taint added", n -> n, n -> tainted(n, "other"), false),
        c("autoscaler taint added", n -> n, n -> tainted(n, AUTOSCALER), true),
        c("autoscaler taint removed", n -> tainted(n, AUTOSCALER), n -> n, true),
        c("other label added", n -> n, n -> withLabel(n, "a", "b"), false),
        c("ready T->F", n -> n, n -> ready(n, false), false),
        c("ready F->T", n -> ready(n, false), n -> n, false),
        c("ready unset->T", n -> withoutConditions(n), n -> n, false),
        c("ready T->unset", n -> n, n -> withoutConditions(n), false),
        c("other condition, Ready True", n -> n, n -> withCondition(n, "DiskPressure", "True"), false),
        c("other condition, Ready False", n -> ready(n, false),
            n -> withCondition(ready(n, false), "DiskPressure", "True"), false),
        c("deletionTimestamp set", n -> n, Fixtures::deleting, true),
        c("providerID set", n -> providerId(n, null), n -> n, true),
        c("providerID unset", n -> n, n -> providerId(n, null), true),
        c("providerID changed", n -> n, n -> providerId(n, "fake://other"), true),
        c("nothing changed", n -> n, n -> n, false));
  }

  static Stream<Arguments> compounded() {
    return Stream.of(
        c("tainted+excluded: taint removed", n -> excluded(tainted(n, AUTOSCALER), "true"),
            n -> excluded(n, "true"), false),
        c("tainted+excluded: label removed", n -> excluded(tainted(n, AUTOSCALER), "true"),
            n -> tainted(n, AUTOSCALER), true),
        c("tainted+not ready: becomes ready", n -> ready(tainted(n, AUTOSCALER), false),
            n -> tainted(n, AUTOSCALER), false),
        c("tainted+not ready: taint removed", n -> ready(tainted(n, AUTOSCALER), false),
            n -> ready(n, false), true),
        c("not ready: excluded", n -> ready(n, false), n -> excluded(ready(n, false), "true"), true),
        c("not ready+excluded: included", n -> excluded(ready(n, false), "true"), n -> ready(n, false), true),
        c("no providerID+not ready: providerID set", n -> ready(providerId(n, null), false),
            n -> ready(n, false), true),
        c("no providerID+excluded: tainted", n -> excluded(providerId(n, null), "true"),
            n -> tainted(excluded(providerId(n, null), "true"), AUTOSCALER), false),
        c("excluded: tainted", n -> excluded(n, "true"), n -> tainted(excluded(n, "true"), AUTOSCALER), false),
        c("tainted: excluded", n -> tainted(n, AUTOSCALER), n -> excluded(tainted(n, AUTOSCALER), "true"), true),
        c("tainted: deleted", n -> tainted(n, AUTOSCALER), n -> Fixtures.deleting(tainted(n, AUTOSCALER)), false),
        c("not ready: deleted", n -> ready(n, false), n -> Fixtures.deleting(ready(n, false)), true),
        c("tainted+excluded+not ready+no providerID: all cleared",
            n -> providerId(ready(excluded(tainted(n, AUTOSCALER), "true"), false), null), n -> n, true));
  }

  private static Arguments c(String name, UnaryOperator<V1Node> before, UnaryOperator<V1Node> after,
      boolean expected) {
    return Arguments.of(name, before, after, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("individual")
  void shouldSyncUpdatedNodeIndividualPredicates(String name, UnaryOperator<V1Node> before,
      UnaryOperator<V1Node> after, boolean expected) {
    assertThat(NodePredicates.shouldSyncUpdatedNode(before.apply(node("n")), after.apply(node("n"))))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compounded")
  void shouldSyncUpdatedNodeCompoundedPredicates(String name, UnaryOperator<V1Node> before,
      UnaryOperator<V1Node> after, boolean expected) {
    assertThat(NodePredicates.shouldSyncUpdatedNode(before.apply(node("n")), after.apply(node("n"))))
        .isEqualTo(expected);
  }

  private static V1Node withLabel(V1Node node, String key, String value) {
    node.getMetadata().putLabelsItem(key, value);
    return node;
  }

  private static V1Node withoutConditions(V1Node node) {
    node.getStatus().setConditions(null);
    return node;
  }

  private static V1Node withCondition(V1Node node, String type, String status) {
    node.getStatus().addConditionsItem(new V1NodeCondition().type(type).status(status));
    return node;
  }
}
