package dev.ccm4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void parsesAndFormatsBothFamiliesClearingHostBits() {
    assertThat(Cidr.parse("10.244.1.7/16").toString()).isEqualTo("10.244.0.0/16");
    assertThat(Cidr.parse("fd00:0:0:1::5/64").toString()).isEqualTo("fd00:0:0:1::/64");
    assertThat(Cidr.parse("::/0").toString()).isEqualTo("::/0");
    assertThat(Cidr.parse("2001:db8::/32").ipv6()).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").last()).isEqualTo(Cidr.parse("10.255.255.255/32").base());
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0/8", "banana/8", "fd00::/129", "/8", "10.0.0.0/x")) {
      assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void containmentIsPerFamily() {
    Cidr cluster = Cidr.parse("10.244.0.0/16");
    assertThat(cluster.contains(Cidr.parse("10.244.3.0/24"))).isTrue();
    assertThat(cluster.contains(Cidr.parse("10.245.0.0/24"))).isFalse();
    assertThat(cluster.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
    assertThat(cluster.contains(Cidr.parse("::/120"))).isFalse();
  }

  @Test
  void clusterCidrFlagErrorsNameTheFlag() {
    assertThat(ClusterCidrs.parse(List.of("10.244.0.0/16,fd00::/48"))).hasSize(2);
    assertThat(ClusterCidrs.parse(List.of("10.244.0.0/16", "fd00::/48"))).hasSize(2);
    assertThatThrownBy(() -> ClusterCidrs.parse(List.of())).hasMessageContaining("--cluster-cidr is empty");
    assertThatThrownBy(() -> ClusterCidrs.parse(List.of("nope"))).hasMessageStartingWith("--cluster-cidr: ");
    assertThatThrownBy(() -> ClusterCidrs.parse(List.of("10.0.0.0/8,fd00::/48,10.1.0.0/16")))
        .hasMessageContaining("--cluster-cidr takes at most two");
    assertThatThrownBy(() -> ClusterCidrs.parse(List.of("10.0.0.0/16,10.1.0.0/16")))
        .hasMessageContaining("--cluster-cidr with two CIDRs must be dual-stack");
  }
}
