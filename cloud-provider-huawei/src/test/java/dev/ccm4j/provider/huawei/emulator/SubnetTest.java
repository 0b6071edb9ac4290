package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Address planning of a subnet: Huawei's reserved addresses, reuse, explicit addresses. */
class SubnetTest {
  private static Subnet subnet(String cidr) {
    return new Subnet("net", "sub", "s", cidr, "vpc", "az", "2026-12-07T02:00:00");
  }

  @Test
  void handsOutFromDotTwoAndKeepsTheLastThree() {
    Subnet s = subnet("10.0.0.0/29");
    assertThat(s.gatewayIp()).isEqualTo("10.0.0.1");
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      got.add(s.allocateIp());
    }
    assertThat(got).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3", "10.0.0.4");
    assertThatThrownBy(s::allocateIp).isInstanceOfSatisfying(HuaweiApiError.class,
        e -> assertThat(e.status()).isEqualTo(400));
    s.release("10.0.0.3");
    assertThat(s.allocateIp()).isEqualTo("10.0.0.3");
  }

  @Test
  void normalisesTheCidrAndChecksExplicitAddresses() {
    Subnet s = subnet("192.168.7.9/24");
    assertThat(s.cidr()).isEqualTo("192.168.7.0/24");
    assertThat(s.contains("192.168.7.200")).isTrue();
    assertThat(s.contains("192.168.8.1")).isFalse();
    s.reserve("192.168.7.2");
    assertThat(s.allocateIp()).isEqualTo("192.168.7.3");
    assertThatThrownBy(() -> s.reserve("192.168.7.2")).hasMessageContaining("already in use");
    assertThatThrownBy(() -> s.reserve("192.168.7.1")).hasMessageContaining("not a usable address");
    assertThatThrownBy(() -> s.reserve("192.168.7.254")).hasMessageContaining("not a usable address");
    assertThatThrownBy(() -> subnet("192.168.7.0/30")).isInstanceOf(IllegalArgumentException.class);
  }
}
