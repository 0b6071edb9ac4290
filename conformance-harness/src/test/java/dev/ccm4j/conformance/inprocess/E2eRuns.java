package dev.ccm4j.conformance.inprocess;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.ConformanceSessions;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs end-to-end suite classes against an environment the way the harness runner does, through a session. */
final class E2eRuns {
  private E2eRuns() {}

  /** Timeouts for tests: generous for a loaded machine, far below upstream's so a regression fails in seconds. */
  static E2eTimeouts testTimeouts() {
    Duration max = Duration.ofSeconds(30);
    return new E2eTimeouts(Duration.ofMillis(200), max, max, max, max, max, Duration.ofSeconds(2));
  }

  static EngineExecutionResults run(E2eEnvironment env, List<String> classNames) {
    String id = ConformanceSessions.register(new ConformanceSession(Optional.empty(), Optional.of(env)));
    try {
      return EngineTestKit.engine("junit-jupiter")
          .configurationParameter(ConformanceSessions.CONFIG_KEY, id)
          .selectors(classNames.stream().map(DiscoverySelectors::selectClass)
              .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
          .execute();
    } finally {
      ConformanceSessions.remove(id);
    }
  }

  /** Each finished spec that did not pass, with its display name and why, for assertion messages. */
  static String outcomes(EngineExecutionResults results) {
    return results.testEvents().finished().stream()
        .map(e -> e.getTestDescriptor().getDisplayName() + ": " + describe(e))
        .collect(Collectors.joining("\n"));
  }

  /** The failure or abort messages of the finished specs that did not succeed. */
  static List<String> problems(EngineExecutionResults results) {
    return results.testEvents().finished().stream()
        .filter(e -> resultOf(e).getStatus() != TestExecutionResult.Status.SUCCESSFUL)
        .map(e -> e.getTestDescriptor().getDisplayName() + ": " + describe(e)).toList();
  }

  private static String describe(Event e) {
    TestExecutionResult r = resultOf(e);
    return r.getStatus() + r.getThrowable().map(t -> " " + t).orElse("");
  }

  private static TestExecutionResult resultOf(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class);
  }
}
