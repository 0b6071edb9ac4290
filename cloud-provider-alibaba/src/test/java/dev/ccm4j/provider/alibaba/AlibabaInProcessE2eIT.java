package dev.ccm4j.provider.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.inprocess.InProcessCluster;
import dev.ccm4j.conformance.report.SpecState;
import dev.ccm4j.conformance.run.ConformanceResult;
import dev.ccm4j.conformance.run.ConformanceRun;
import dev.ccm4j.conformance.run.Suite;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end suite against the real controllers of the core, in an in-process cluster (Kubernetes API emulator
 * and simulated kubelets), with the {@code alibaba} provider loaded by name from the emulator's cloud-config and
 * the fixture found by the ServiceLoader, as {@code ccm4j conformance} wires them.
 */
class AlibabaInProcessE2eIT {
  @TempDir
  Path dir;

  @Test
  void theEndToEndSuitePassesAgainstTheEmulator() throws Exception {
    try (AlibabaEmulator emulator = AlibabaEmulator.builder().accessKey("e2e-access-key", "e2e-access-secret")
        .instances(0).instanceTransition(Duration.ofMillis(200)).routeEntryPending(Duration.ofMillis(300))
        .build().start()) {
      Path cloudConfig = Files.writeString(dir.resolve("cloud-config.json"), emulator.cloudConfig(),
          StandardCharsets.UTF_8);
      Duration max = Duration.ofSeconds(60);
      try (InProcessCluster cluster = InProcessCluster.builder().provider("alibaba", cloudConfig)
          .clusterName("e2e-cluster")
          .timeouts(new E2eTimeouts(Duration.ofMillis(200), max, max, max, max, max, Duration.ofSeconds(2)))
          .build().start()) {
        assertThat(cluster.provider()).isInstanceOf(AlibabaCloudProvider.class);
        ConformanceResult result = ConformanceRun.builder().suites(Set.of(Suite.E2E)).e2e(cluster)
            .reportDir(dir.resolve("reports")).build().run();
        String outcomes = result.specs().stream().map(s -> s.state() + " " + s.fullText() + " " + s.message())
            .collect(Collectors.joining("\n"));
        // nodes, routes, CLB and loadBalancerClass scenarios all apply to this provider: none may be skipped
        assertThat(result.specs()).as(outcomes).hasSizeGreaterThanOrEqualTo(9)
            .allSatisfy(s -> assertThat(s.state()).as("%s: %s", s.fullText(), s.message()).isEqualTo(SpecState.PASSED));
        assertThat(result.passed()).as(outcomes).isTrue();
        // the provider's own node controller ran beside the core's: every node's ENI lets routed pod traffic in
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(emulator.state().ecs().instances())
            .isNotEmpty().allSatisfy(i -> assertThat(i.sourceDestCheck()).as("check of %s", i.instanceId())
                .isFalse()));
      }
    }
  }
}
