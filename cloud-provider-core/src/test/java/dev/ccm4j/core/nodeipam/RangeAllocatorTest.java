package dev.ccm4j.core.nodeipam;

import dev.ccm4j.core.net.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.core.manager.ControllerManagerOptions;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RangeAllocatorTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private RangeAllocator allocator(Consumer<ControllerManagerOptions.Builder> change) {
    ControllerManagerOptions.Builder b = ControllerManagerOptions.builder();
    change.accept(b);
    return new RangeAllocator(RangeAllocator.cidrSets(b.build()), new IpamMetrics(registry));
  }

  private double usage(String clusterCidr) {
    return registry.scrape().stream().filter(m -> m.getMetadata().getName()
            .equals("node_ipam_controller_cidrset_usage_cidrs"))
        .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
        .filter(d -> clusterCidr.equals(d.getLabels().get("clusterCIDR")))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue).findFirst().orElseThrow();
  }

  private static V1Node node(String name, String uid, String... cidrs) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).uid(uid))
        .spec(new V1NodeSpec().podCIDRs(cidrs.length == 0 ? null : List.of(cidrs))
            .podCIDR(cidrs.length == 0 ? null : cidrs[0]));
  }

  @Test
  void allocatesDistinctSubnetsWithTheDefaultMask() {
    RangeAllocator a = allocator(o -> o.clusterCidrs(List.of("10.244.0.0/16")));
    a.rebuild(List.of());

    assertThat(a.allocate("n1", "u1")).hasValue(List.of(Cidr.parse("10.244.0.0/24")));
    assertThat(a.allocate("n2", "u2")).hasValue(List.of(Cidr.parse("10.244.1.0/24")));
    assertThat(a.holds("n1", "u1")).isTrue();
    assertThat(a.holds("n1", "other")).isFalse();
  }

  @Test
  void neverHandsOutACidrTwiceUntilItIsReleased() {
    RangeAllocator a = allocator(o -> o.clusterCidrs(List.of("10.0.0.0/22")).nodeCidrMaskSize(24));
    a.rebuild(List.of());
    Set<Cidr> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      assertThat(seen.add(a.allocate("n" + i, "u" + i).orElseThrow().get(0))).isTrue();
    }
    assertThat(a.allocate("n4", "u4")).isEmpty();

    a.release("n2");

    assertThat(a.allocate("n4", "u4")).hasValue(List.of(Cidr.parse("10.0.2.0/24")));
    assertThat(a.allocate("n5", "u5")).isEmpty();
  }

  @Test
  void rebuildMarksExistingCidrsUsedAndSkipsThem() {
    RangeAllocator a = allocator(o -> o.clusterCidrs(List.of("10.0.0.0/22")).nodeCidrMaskSize(24));
    a.rebuild(List.of(node("old1", "u1", "10.0.0.0/24"), node("old2", "u2", "10.0.2.0/24"),
        node("outside", "u3", "192.168.0.0/24"), node("fresh", "u4")));

    assertThat(a.holding("old1")).hasValueSatisfying(h -> assertThat(h.cidrs())
        .containsExactly(Cidr.parse("10.0.0.0/24")));
    assertThat(a.allocate("fresh", "u4")).hasValue(List.of(Cidr.parse("10.0.1.0/24")));
    assertThat(a.allocate("n5", "u5")).hasValue(List.of(Cidr.parse("10.0.3.0/24")));
    assertThat(a.allocate("n6", "u6")).isEmpty();
  }

  @Test
  void dualStackAllocatesOneOfEachFamilyAndExhaustionReleasesThePartialAllocation() {
    RangeAllocator a = allocator(o -> o.clusterCidrs(List.of("10.0.0.0/23", "fd00::/126"))
        .nodeCidrMaskSizeIpv4(24).nodeCidrMaskSizeIpv6(126));
    a.rebuild(List.of());

    assertThat(a.allocate("n1", "u1")).hasValue(List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("fd00::/126")));
    assertThat(a.allocate("n2", "u2")).isEmpty();
    assertThat(usage("10.0.0.0/23")).isEqualTo(0.5);
    assertThat(usage("fd00::/126")).isEqualTo(1.0);

    a.release("n1");
    assertThat(usage("10.0.0.0/23")).isZero();
    assertThat(a.allocate("n2", "u2")).hasValueSatisfying(c -> assertThat(c).hasSize(2)
        .contains(Cidr.parse("fd00::/126")));
  }

  @Test
  void aRecreatedNodeOfTheSameNameReleasesTheOldHolding() {
    RangeAllocator a = allocator(o -> o.clusterCidrs(List.of("10.0.0.0/23")).nodeCidrMaskSize(24));
    a.rebuild(List.of());
    a.allocate("n1", "old");

    assertThat(a.allocate("n1", "new")).isPresent();
    assertThat(a.allocate("n2", "u2")).isPresent();
    assertThat(a.allocate("n3", "u3")).isEmpty();
  }

  @Test
  void invalidMaskSizesAreRejectedNamingTheFlag() {
    assertThatThrownBy(() -> allocator(o -> o.clusterCidrs(List.of("10.0.0.0/16")).nodeCidrMaskSize(12)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--node-cidr-mask-size=12");
    assertThatThrownBy(() -> allocator(o -> o.clusterCidrs(List.of("10.0.0.0/8")).nodeCidrMaskSizeIpv4(28)))
        .hasMessageStartingWith("--node-cidr-mask-size-ipv4=28").hasMessageContaining("more than 2^16");
    assertThatThrownBy(() -> allocator(o -> o.clusterCidrs(List.of("fd00::/64")).nodeCidrMaskSizeIpv6(64 + 1)
        .clusterCidrs(List.of("fd00::/96"))))
        .hasMessageStartingWith("--node-cidr-mask-size-ipv6=65");
    assertThatThrownBy(() -> allocator(o -> o.clusterCidrs(List.of("10.0.0.0/16", "fd00::/48"))
        .nodeCidrMaskSize(24)))
        .hasMessageStartingWith("--node-cidr-mask-size is for single-stack clusters");
    assertThatThrownBy(() -> allocator(o -> o.clusterCidrs(List.of())))
        .hasMessageContaining("--cluster-cidr is empty");
  }
}
