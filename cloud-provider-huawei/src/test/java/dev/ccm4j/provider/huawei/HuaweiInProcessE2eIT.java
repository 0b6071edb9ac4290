package dev.ccm4j.provider.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.inprocess.InProcessCluster;
import dev.ccm4j.conformance.report.SpecState;
import dev.ccm4j.conformance.run.ConformanceResult;
import dev.ccm4j.conformance.run.ConformanceRun;
import dev.ccm4j.conformance.run.Suite;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end suite against the core's real controllers (the service controller with its finalizer, status and
 * events, the cloud-node and lifecycle controllers) in an in-process cluster: Kubernetes API emulator, simulated
 * kubelets, the {@code huaweicloud} provider loaded by name from the emulator's cloud-config, and the fixture found
 * by the ServiceLoader, as {@code ccm4j conformance} wires them.
 */
class HuaweiInProcessE2eIT {
  @TempDir
  Path dir;

  @Test
  void theEndToEndSuitePassesAgainstTheEmulator() throws Exception {
    try (HuaweiEmulator emulator = HuaweiEmulator.builder().instances(0).build().start()) {
      Path cloudConfig = Files.writeString(dir.resolve("cloud-config"), emulator.cloudConfig(),
          StandardCharsets.UTF_8);
      Duration max = Duration.ofSeconds(60);
      try (InProcessCluster cluster = InProcessCluster.builder().provider("huaweicloud", cloudConfig)
          .clusterName("e2e-cluster")
          .timeouts(new E2eTimeouts(Duration.ofMillis(200), max, max, max, max, max, Duration.ofSeconds(2)))
          .build().start()) {
        assertThat(cluster.provider()).isInstanceOf(HuaweiCloudProvider.class);
        ConformanceResult result = ConformanceRun.builder().suites(Set.of(Suite.E2E)).e2e(cluster)
            .reportDir(dir.resolve("reports")).build().run();
        String outcomes = result.specs().stream().map(s -> s.state() + " " + s.fullText() + " " + s.message())
            .collect(Collectors.joining("\n"));
        assertThat(result.passed()).as(outcomes).isTrue();
        // Huawei has no routes (as the original CCM), so only the route scenarios may be skipped: node
        // initialization, shutdown, deletion and every load balancer scenario apply.
        assertThat(result.specs()).as(outcomes).hasSizeGreaterThanOrEqualTo(6).allSatisfy(s ->
            assertThat(s.state()).as("%s: %s", s.fullText(), s.message())
                .isIn(s.fullText().contains("Routes") ? Set.of(SpecState.PASSED, SpecState.SKIPPED)
                    : Set.of(SpecState.PASSED)));
      }
    }
  }
}
