package dev.ccm4j.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.StepClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class E2eLogTest {
  private final StepClock clock = new StepClock(Reports.START.plusNanos(307_137_000), Duration.ZERO);

  @Test
  void headerHasKlogLinesAndGinkgoBanner() {
    E2eLog log = new E2eLog(clock, Optional.empty());
    log.header("uuid-1", "my-job", 42, Optional.of("v1.32.0"), 3, 7);
    List<String> lines = log.text().lines().toList();
    assertThat(lines.get(0)).matches("I0501 14:20:30\\.307137 +\\d+ conformance:0\\] Starting e2e run \"uuid-1\" on"
        + " Ginkgo node 1");
    assertThat(lines.get(1)).matches("I0501 14:20:30\\.307137 +\\d+ conformance:0\\] Kubernetes server version:"
        + " v1.32.0");
    assertThat(lines.subList(2, lines.size())).containsExactly(
        "Running Suite: ccm4j conformance suite - my-job",
        "===============================================",
        "Random Seed: 42",
        "",
        "Will run 3 of 7 specs");
  }

  @Test
  void headerOmitsTheVersionWithoutACluster() {
    E2eLog log = new E2eLog(clock, Optional.empty());
    log.header("uuid-1", "my-job", 42, Optional.empty(), 0, 0);
    assertThat(log.text()).doesNotContain("Kubernetes server version");
  }

  @Test
  void specLinesAndPassingTail() {
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    E2eLog log = new E2eLog(clock, Optional.of(new PrintStream(echoed, true, StandardCharsets.UTF_8)));
    SpecResult passed = Reports.passed("a passes", 1234);
    SpecResult skipped = SpecResult.skipped("b skips", "no LoadBalancer", Reports.START, Reports.START, "");
    SpecResult filtered = SpecResult.filtered("c filtered", Reports.START);
    log.spec(passed);
    log.spec(skipped);
    log.spec(filtered);
    log.tail(Reports.run(List.of(passed, skipped, filtered)));
    assertThat(log.text()).isEqualTo("""
        • [PASSED] a passes [1.234 seconds]
        S [SKIPPED] b skips [0.000 seconds]
          no LoadBalancer

        Ran 1 of 3 Specs in 12.345 seconds
        SUCCESS! -- 1 Passed | 0 Failed | 0 Pending | 2 Skipped
        PASS

        Ginkgo ran 1 suite in 12.345s
        Test Suite Passed
        """);
    assertThat(echoed.toString(StandardCharsets.UTF_8)).isEqualTo(log.text());
  }

  @Test
  void failingTail() {
    E2eLog log = new E2eLog(clock, Optional.empty());
    SpecResult failed = SpecResult.failed("a fails", "expected x\nbut was y", "trace", Reports.START,
        Reports.START.plusMillis(5), "");
    SpecResult teardown = new SpecResult("AfterAll", "Broken", SpecState.FAILED, "orphan", "", Reports.START,
        Reports.START, "");
    log.spec(failed);
    log.spec(teardown);
    log.tail(Reports.run(List.of(failed, teardown, Reports.passed("b", 1))));
    assertThat(log.text()).isEqualTo("""
        • [FAILED] a fails [0.005 seconds]
          expected x
          but was y
        • [FAILED] [AfterAll] Broken [0.000 seconds]
          orphan

        Ran 3 of 3 Specs in 12.345 seconds
        FAIL! -- 1 Passed | 2 Failed | 0 Pending | 0 Skipped
        FAIL

        Ginkgo ran 1 suite in 12.345s
        Test Suite Failed
        """);
  }

}
