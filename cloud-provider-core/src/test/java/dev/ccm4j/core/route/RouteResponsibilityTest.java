package dev.ccm4j.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.net.ClusterCidrs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ports upstream's TestIsResponsibleForRoute. */
class RouteResponsibilityTest {
  private final RouteResponsibility single = new RouteResponsibility(ClusterCidrs.parse(List.of("10.244.0.0/16")));
  private final RouteResponsibility dual = new RouteResponsibility(
      ClusterCidrs.parse(List.of("10.244.0.0/16,fd00:1234::/48")));

  @ParameterizedTest
  @CsvSource({
      "10.244.0.0/24, true",
      "10.244.10.0/24, true",
      "10.244.255.0/24, true",
      "10.244.0.0/16, true",
      "10.244.0.0/15, true",
      "10.243.0.0/15, false",
      "10.245.0.0/24, false",
      "10.0.0.0/8, false",
      "192.168.0.0/24, false",
      "fd00:1234::/64, false",
      "not-a-cidr, false",
  })
  void singleStack(String destination, boolean responsible) {
    assertThat(single.isResponsibleFor(destination)).isEqualTo(responsible);
  }

  @ParameterizedTest
  @CsvSource({
      "10.244.0.0/15, true",
      "10.246.0.0/15, false",
      "10.240.0.0/13, false",
  })
  void theLastAddressAloneInsideTheClusterCidrIsEnough(String destination, boolean responsible) {
    RouteResponsibility upper = new RouteResponsibility(ClusterCidrs.parse(List.of("10.245.0.0/16")));
    assertThat(upper.isResponsibleFor(destination)).isEqualTo(responsible);
  }

  @ParameterizedTest
  @CsvSource({
      "10.244.3.0/24, true",
      "fd00:1234::/64, true",
      "fd00:1234:0:ff::/64, true",
      "fd00:1235::/64, false",
      "fd00::/16, false",
  })
  void dualStack(String destination, boolean responsible) {
    assertThat(dual.isResponsibleFor(destination)).isEqualTo(responsible);
  }
}
