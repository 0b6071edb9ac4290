package dev.ccm4j.core.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigTest {
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration RENEW = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private static LeaderElection.Config config(String namespace, String name) {
    return new LeaderElection.Config(namespace, name, "id", LEASE, RENEW, RETRY);
  }

  @Test
  void lockNamesTheApiServerWouldRefuseNameTheirFlag() {
    assertThatThrownBy(() -> config("Kube_System", "ccm")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--leader-elect-resource-namespace must be a DNS-1123 label");
    assertThatThrownBy(() -> config("a.b", "ccm"))
        .hasMessageStartingWith("--leader-elect-resource-namespace");
    assertThatThrownBy(() -> config("x".repeat(64), "ccm"))
        .hasMessageStartingWith("--leader-elect-resource-namespace");
    assertThatThrownBy(() -> config("kube-system", "-ccm")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--leader-elect-resource-name must be a DNS-1123 subdomain");
    assertThatThrownBy(() -> config("kube-system", "")).hasMessageStartingWith("--leader-elect-resource-name");
    assertThatThrownBy(() -> config("kube-system", "a".repeat(254)))
        .hasMessageStartingWith("--leader-elect-resource-name");
    assertThat(config("kube-system", "cloud-controller-manager.example.com").lockName())
        .isEqualTo("cloud-controller-manager.example.com");
  }

  @Test
  void timingsNameTheirFlags() {
    assertThatThrownBy(() -> new LeaderElection.Config("ns", "n", "id", LEASE, RENEW, Duration.ZERO))
        .hasMessageStartingWith("--leader-elect-retry-period");
    assertThatThrownBy(() -> new LeaderElection.Config("ns", "n", "id", LEASE, RETRY, RETRY))
        .hasMessageStartingWith("--leader-elect-renew-deadline");
    assertThatThrownBy(() -> new LeaderElection.Config("ns", "n", "id", RENEW, RENEW, RETRY))
        .hasMessageStartingWith("--leader-elect-lease-duration");
    assertThatThrownBy(() -> new LeaderElection.Config("ns", "n", "id", Duration.ofMillis(900),
        Duration.ofMillis(500), Duration.ofMillis(100))).hasMessageStartingWith("--leader-elect-lease-duration");
  }

  @Test
  void theLeaseRecordsWholeSecondsRoundedUp() {
    assertThat(new LeaderElection.Config("ns", "n", "id", Duration.ofMillis(2500), RETRY, Duration.ofSeconds(1))
        .leaseSeconds()).isEqualTo(3);
    assertThat(LeaderElection.Config.defaults("id").leaseSeconds()).isEqualTo(15);
  }
}
