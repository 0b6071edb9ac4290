package dev.ccm4j.conformance.run;

import dev.ccm4j.conformance.report.SpecResult;
import dev.ccm4j.conformance.report.SpecState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

/**
 * Turns JUnit Platform execution events into spec results. A test is a spec; a container that fails or aborts
 * (for example in {@code @BeforeAll} or an extension) gives each of its specs that has no result yet that error;
 * a container that fails after all its specs finished ({@code @AfterAll}) becomes a failed entry of its own.
 */
final class SpecCollector implements TestExecutionListener {
  private static final String ASSUMPTION_PREFIX = "Assumption failed: ";
  private static final String STDOUT = "stdout";
  private static final String STDERR = "stderr";

  private final Clock clock;
  private final Consumer<SpecResult> onFinished;
  private final Map<String, Instant> starts = new HashMap<>();
  private final Map<String, StringBuilder> outputs = new HashMap<>();
  private final Map<String, SpecResult> results = new LinkedHashMap<>();
  private TestPlan plan;

  SpecCollector(Clock clock, Consumer<SpecResult> onFinished) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onFinished = Objects.requireNonNull(onFinished, "onFinished");
  }

  /** Results by unique id, in the order they finished; container entries are keyed by the container's id. */
  synchronized Map<String, SpecResult> results() {
    return Map.copyOf(results);
  }

  /** Results in the order they finished. */
  synchronized List<SpecResult> resultsInOrder() {
    return List.copyOf(results.values());
  }

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
  }

  @Override
  public synchronized void executionStarted(TestIdentifier id) {
    starts.put(id.getUniqueId(), clock.instant());
  }

  @Override
  public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    StringBuilder out = outputs.computeIfAbsent(id.getUniqueId(), k -> new StringBuilder());
    entry.getKeyValuePairs().forEach((key, value) -> {
      if (key.equals(STDOUT) || key.equals(STDERR)) {
        out.append(value);
        if (!value.endsWith("\n")) {
          out.append('\n');
        }
      } else {
        out.append(entry.getTimestamp()).append(' ').append(key).append(": ").append(value).append('\n');
      }
    });
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier id, String reason) {
    Instant now = clock.instant();
    if (SpecPlan.isSpec(plan, id)) {
      record(id.getUniqueId(), SpecResult.skipped(text(id), reason, now, now, ""));
      return;
    }
    for (TestIdentifier spec : pendingSpecsUnder(id)) {
      record(spec.getUniqueId(), SpecResult.skipped(text(spec), reason, now, now, ""));
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Instant end = clock.instant();
    String uid = id.getUniqueId();
    Instant start = starts.getOrDefault(uid, end);
    if (SpecPlan.isSpec(plan, id)) {
      record(uid, specResult(text(id), result, start, end, output(uid)));
      return;
    }
    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      return;
    }
    List<TestIdentifier> pending = pendingSpecsUnder(id);
    for (TestIdentifier spec : pending) {
      record(spec.getUniqueId(), specResult(text(spec), result, end, end, output(spec.getUniqueId())));
    }
    if (pending.isEmpty() && result.getStatus() == TestExecutionResult.Status.FAILED) {
      boolean anySpecRan = plan.getDescendants(id).stream().anyMatch(d -> results.containsKey(d.getUniqueId()));
      SpecResult failed = specResult(text(id), result, start, end, output(uid));
      record(uid, new SpecResult(anySpecRan ? "AfterAll" : "BeforeAll", failed.fullText(), SpecState.FAILED,
          failed.message(), failed.details(), start, end, failed.output()));
    }
  }

  private List<TestIdentifier> pendingSpecsUnder(TestIdentifier container) {
    return plan.getDescendants(container).stream()
        .filter(d -> SpecPlan.isSpec(plan, d) && !results.containsKey(d.getUniqueId()))
        .toList();
  }

  private String text(TestIdentifier id) {
    return SpecPlan.fullText(plan, id);
  }

  private String output(String uid) {
    StringBuilder out = outputs.get(uid);
    return out == null ? "" : out.toString();
  }

  private void record(String uid, SpecResult result) {
    if (results.putIfAbsent(uid, result) == null) {
      onFinished.accept(result);
    }
  }

  static SpecResult specResult(String text, TestExecutionResult result, Instant start, Instant end, String output) {
    return switch (result.getStatus()) {
      case SUCCESSFUL -> SpecResult.passed(text, start, end, output);
      case ABORTED -> SpecResult.skipped(text, result.getThrowable().map(SpecCollector::skipReason)
          .orElse("aborted"), start, end, output);
      case FAILED -> result.getThrowable()
          .map(t -> SpecResult.failed(text, failureMessage(t), stackTrace(t), start, end, output))
          .orElseGet(() -> SpecResult.failed(text, "failed without an exception", "", start, end, output));
    };
  }

  private static String skipReason(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t instanceof TestAbortedException ? "assumption not met" : t.toString();
    }
    return message.startsWith(ASSUMPTION_PREFIX) ? message.substring(ASSUMPTION_PREFIX.length()) : message;
  }

  static String failureMessage(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getName();
    }
    return t instanceof AssertionError ? message.strip() : t.getClass().getName() + ": " + message.strip();
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      t.printStackTrace(w);
    }
    return out.toString();
  }
}
