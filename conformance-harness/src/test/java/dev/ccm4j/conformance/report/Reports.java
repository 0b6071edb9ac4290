package dev.ccm4j.conformance.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built runs for the writer tests. */
final class Reports {
  static final Instant START = Instant.parse("2026-05-01T14:20:30Z");

  private Reports() {}

  static RunReport run(List<SpecResult> specs) {
    return new RunReport("my-job", "1777645230", "run-uuid", "host-1", START, START.plusMillis(12_345), 42,
        List.of("\\[Conformance\\]"), List.of("\\[Slow\\]", "Alpha"), Optional.of("v1.32.0"),
        Map.of("provider", "fake", "job-version", "v1.32.0"), "java -jar ccm4j-conformance.jar run --provider fake",
        specs.size(), specs);
  }

  static SpecResult passed(String text, long millis) {
    return SpecResult.passed(text, START, START.plusMillis(millis), "");
  }
}
