package dev.ccm4j.provider.alibaba.clb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.provider.alibaba.clb.ClbBackends.Backend;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClbBackendsTest {
  private static final ClbSettings NONE = ClbAnnotations.parse(Map.of(), List.of());

  @Test
  void instancesComeFromBothProviderIdFormsAndSkipTheRest() {
    List<V1Node> nodes = List.of(node("a", "cn-hangzhou.i-a", Map.of(), false),
        node("b", "alicloud://cn-hangzhou.i-b", Map.of(), false),
        node("c", "ack-hybrid://x", Map.of(), false),
        node("d", "", Map.of(), false),
        node("e", "cn-hangzhou.i-e", Map.of("service.alibabacloud.com/exclude-node", "true"), false),
        node("f", "cn-hangzhou.i-a", Map.of(), false));
    assertThat(ClbBackends.instances(nodes, NONE)).containsExactly("i-a", "i-b");
  }

  @Test
  void labelSelectorAndUnschedulableFilter() {
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.BACKEND_LABEL.key(), "pool=web",
        ClbAnnotation.REMOVE_UNSCHEDULED_BACKEND.key(), "on"), List.of());
    List<V1Node> nodes = List.of(node("a", "r.i-a", Map.of("pool", "web"), false),
        node("b", "r.i-b", Map.of("pool", "db"), false), node("c", "r.i-c", Map.of("pool", "web"), true));
    assertThat(ClbBackends.instances(nodes, s)).containsExactly("i-a");
    // cordoned nodes stay unless the annotation says otherwise
    ClbSettings keep = ClbAnnotations.parse(Map.of(ClbAnnotation.BACKEND_LABEL.key(), "pool=web"), List.of());
    assertThat(ClbBackends.instances(nodes, keep)).containsExactly("i-a", "i-c");
  }

  @Test
  void weights() {
    assertThat(ClbBackends.weight(NONE, 3)).isEqualTo(100);
    assertThat(ClbBackends.weight(ClbAnnotations.parse(Map.of(ClbAnnotation.DEFAULT_WEIGHT.key(), "0"), List.of()),
        3)).isZero();
    ClbSettings total = ClbAnnotations.parse(Map.of(ClbAnnotation.WEIGHT.key(), "50"), List.of());
    assertThat(ClbBackends.weight(total, 4)).isEqualTo(12);
    assertThat(ClbBackends.weight(total, 200)).isEqualTo(1);
  }

  @Test
  void diffInOwnedAndSharedGroups() {
    Backend keep = new Backend("i-1", 30080, 100, "ours");
    Backend reweigh = new Backend("i-2", 30080, 100, "ours");
    Backend stale = new Backend("i-3", 30080, 100, "ours");
    Backend users = new Backend("i-9", 8080, 100, "by hand");
    List<Backend> current = List.of(keep, reweigh, stale, users);
    List<Backend> desired = List.of(keep, new Backend("i-2", 30080, 50, "ours"), new Backend("i-4", 30080, 100,
        "ours"));

    ClbBackends.Diff owned = ClbBackends.diff(current, desired, true, Set.of("ours"), false);
    assertThat(owned.add()).extracting(Backend::serverId).containsExactly("i-4");
    assertThat(owned.remove()).extracting(Backend::serverId).containsExactly("i-3", "i-9");
    assertThat(owned.update()).extracting(Backend::weight).containsExactly(50);

    ClbBackends.Diff shared = ClbBackends.diff(current, desired, false, Set.of("ours"), true);
    assertThat(shared.remove()).extracting(Backend::serverId).containsExactly("i-3");
    assertThat(shared.update()).isEmpty();
    assertThat(ClbBackends.diff(desired, desired, true, Set.of(), false).isEmpty()).isTrue();
  }

  @Test
  void batches() {
    List<Integer> items = java.util.stream.IntStream.range(0, 85).boxed().toList();
    assertThat(ClbBackends.batches(items, 40)).extracting(List::size).containsExactly(40, 40, 5);
    assertThat(ClbBackends.batches(List.of(), 40)).isEmpty();
  }

  private static V1Node node(String name, String providerId, Map<String, String> labels, boolean unschedulable) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).labels(labels))
        .spec(new V1NodeSpec().providerID(providerId).unschedulable(unschedulable));
  }
}
