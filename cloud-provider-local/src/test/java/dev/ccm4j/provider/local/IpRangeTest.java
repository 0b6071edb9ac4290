package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.TestBackends.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IpRangeTest {

  @Test
  void cidrsRangesAndSingleAddresses() {
    IpRange cidr = IpRange.parse("10.1.2.99/24");
    assertThat(cidr.toString()).isEqualTo("10.1.2.0-10.1.2.255");
    assertThat(cidr.contains(ip("10.1.2.200"))).isTrue();
    assertThat(cidr.contains(ip("10.1.3.0"))).isFalse();
    assertThat(IpRange.parse("127.0.0.100-127.0.0.102").at(BigInteger.TWO)).contains(ip("127.0.0.102"));
    assertThat(IpRange.parse("127.0.0.100-127.0.0.102").at(BigInteger.valueOf(3))).isEmpty();
    assertThat(IpRange.parse("192.0.2.1").contains(ip("192.0.2.1"))).isTrue();
    assertThat(IpRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
  }

  @Test
  void ipv6() {
    IpRange r = IpRange.parse("fd00::/120");
    assertThat(r.contains(ip("fd00::ff"))).isTrue();
    assertThat(r.contains(ip("fd00::100"))).isFalse();
    assertThat(r.contains(ip("10.0.0.1"))).isFalse();
    assertThat(r.at(BigInteger.ONE)).contains(ip("fd00::1"));
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> IpRange.parse("example.com")).hasMessageContaining("example.com");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.9-10.0.0.1")).hasMessageContaining("ends before");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.1-fd00::1")).hasMessageContaining("mixes");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/x")).hasMessageContaining("prefix");
  }
}
