package dev.ccm4j.core.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerManagerOptionsTest {

  @Test
  void defaultsAreUpstreamsExceptTheDocumentedOnes() {
    ControllerManagerOptions o = ControllerManagerOptions.builder().build();

    assertThat(o.validate()).isEmpty();
    assertThat(o.clusterName()).isEqualTo("kubernetes");
    assertThat(o.nodeMonitorPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.nodeStatusUpdateFrequency()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.routeReconciliationPeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.minResyncPeriod()).isEqualTo(Duration.ofHours(12));
    assertThat(o.kubeApiQps()).isEqualTo(20);
    assertThat(o.kubeApiBurst()).isEqualTo(30);
    assertThat(o.leaderElect()).isTrue();
    assertThat(o.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(o.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.leaderElectResourceName()).isEqualTo("cloud-controller-manager");
    assertThat(o.leaderElectResourceNamespace()).isEqualTo("kube-system");
    assertThat(o.concurrentNodeSyncs()).isEqualTo(1);
    assertThat(o.effectiveNodeStatusUpdateParallelism()).isEqualTo(1);
    assertThat(o.concurrentServiceSyncs()).as("ccm4j default; upstream is 1").isEqualTo(10);
    assertThat(o.nodeDeletionMaxFraction()).isEqualTo(0.5);
    assertThat(o.nodeCidrMaskSizeIpv4()).isEqualTo(24);
    assertThat(o.nodeCidrMaskSizeIpv6()).isEqualTo(64);
    assertThat(o.configureCloudRoutes()).isTrue();
    assertThat(o.controllers().isEnabled("service")).isTrue();
  }

  @Test
  void everyProblemIsReportedWithItsFlag() {
    ControllerManagerOptions o = ControllerManagerOptions.builder()
        .clusterName(" ")
        .clusterCidrs(List.of("10.0.0.0/16", "fd00::/48", "10.1.0.0/16"))
        .concurrentNodeSyncs(0)
        .concurrentNodeStatusUpdates(-1)
        .concurrentServiceSyncs(0)
        .nodeDeletionMaxFraction(1.5)
        .nodeMonitorPeriod(Duration.ZERO)
        .leaderElectTimings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2))
        .leaderElectResourceLock("endpoints")
        .cloudApi(Duration.ofSeconds(1), 0, 0)
        .build();

    assertThat(o.validate()).containsExactly(
        "--cluster-name must not be empty",
        "--cluster-cidr takes at most two CIDRs (one IPv4 and one IPv6), got 3",
        "--node-monitor-period must be between 100ms and 24h0m0s, got 0s",
        "--concurrent-node-syncs must be between 1 and 100, got 0",
        "--concurrent-node-status-updates must be between 0 and 100, got -1",
        "--concurrent-service-syncs must be between 1 and 100, got 0",
        "--node-deletion-max-fraction must be in (0, 1], got 1.5",
        "--cloud-api-qps must be greater than 0 and at most 1000000, got 0.0",
        "--cloud-api-burst must be between 1 and 1000000, got 0",
        "--leader-elect-resource-lock must be \"leases\", got \"endpoints\"",
        "--leader-elect-lease-duration (10s) must be greater than --leader-elect-renew-deadline (10s)");
  }

  @Test
  void sizesRatesAndPeriodsAreBoundedNamingTheFlagAndTheRange() {
    ControllerManagerOptions o = ControllerManagerOptions.builder()
        .concurrentServiceSyncs(100_000)
        .concurrentNodeSyncs(101)
        .concurrentNodeStatusUpdates(1000)
        .kubeApiQps(Double.NaN)
        .kubeApiBurst(Integer.MAX_VALUE)
        .cloudApi(Duration.ofHours(2), Double.POSITIVE_INFINITY, 40)
        .nodeMonitorPeriod(Duration.ofNanos(1))
        .minResyncPeriod(Duration.ofDays(365))
        .build();

    assertThat(o.validate()).containsExactly(
        "--node-monitor-period must be between 100ms and 24h0m0s, got 1ns",
        "--min-resync-period must be between 100ms and 720h0m0s, got 8760h0m0s",
        "--cloud-api-timeout must be between 100ms and 1h0m0s, got 2h0m0s",
        "--concurrent-node-syncs must be between 1 and 100, got 101",
        "--concurrent-node-status-updates must be between 0 and 100, got 1000",
        "--concurrent-service-syncs must be between 1 and 100, got 100000",
        "--kube-api-qps must be greater than 0 and at most 1000000, got NaN",
        "--kube-api-burst must be between 1 and 1000000, got 2147483647",
        "--cloud-api-qps must be greater than 0 and at most 1000000, got Infinity");
    assertThat(ControllerManagerOptions.builder().concurrentServiceSyncs(100).concurrentNodeSyncs(100)
        .concurrentNodeStatusUpdates(100).build().validate()).isEmpty();
  }

  @Test
  void leaseNamespaceAndNameFollowTheApiServersRules() {
    assertThat(ControllerManagerOptions.builder().leaderElectResourceNamespace("Kube_System")
        .leaderElectResourceName("ccm/lock").build().validate()).containsExactly(
            "--leader-elect-resource-name must be a DNS-1123 subdomain (at most 253 characters: lower-case letters,"
                + " digits, '-' and '.', starting and ending with a letter or digit), got \"ccm/lock\"",
            "--leader-elect-resource-namespace must be a DNS-1123 label (at most 63 characters: lower-case letters,"
                + " digits and '-', starting and ending with a letter or digit), got \"Kube_System\"");
    assertThat(ControllerManagerOptions.builder().leaderElectResourceNamespace("a".repeat(64)).build().validate())
        .singleElement().asString().startsWith("--leader-elect-resource-namespace must be a DNS-1123 label");
    assertThat(ControllerManagerOptions.builder().leaderElectResourceNamespace("team-a")
        .leaderElectResourceName("ccm.example.com").build().validate()).isEmpty();
    assertThat(ControllerManagerOptions.builder().leaderElect(false).leaderElectResourceName("Not Used")
        .build().validate()).as("not used without leader election").isEmpty();
  }

  @Test
  void leaderMigrationNeedsLeaderElection() {
    assertThat(ControllerManagerOptions.builder().leaderElect(false).enableLeaderMigration(true).build().validate())
        .containsExactly("--enable-leader-migration requires --leader-elect");
    assertThat(ControllerManagerOptions.builder().leaderMigrationConfig(Path.of("lm.yaml")).build().validate())
        .containsExactly("--leader-migration-config is set but --enable-leader-migration is not");
  }

  @Test
  void statusUpdateParallelismFallsBackToNodeSyncs() {
    assertThat(ControllerManagerOptions.builder().concurrentNodeSyncs(4).build().effectiveNodeStatusUpdateParallelism())
        .isEqualTo(4);
    assertThat(ControllerManagerOptions.builder().concurrentNodeSyncs(4).concurrentNodeStatusUpdates(9).build()
        .effectiveNodeStatusUpdateParallelism()).isEqualTo(9);
  }

  @Test
  void describeListsFlagsForConfigz() {
    assertThat(ControllerManagerOptions.builder().build().describe())
        .containsEntry("cluster-name", "kubernetes")
        .containsEntry("leader-elect-lease-duration", "PT15S")
        .containsKey("cloud-api-qps");
  }
}
