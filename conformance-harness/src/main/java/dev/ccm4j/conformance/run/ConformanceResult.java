package dev.ccm4j.conformance.run;

import dev.ccm4j.conformance.report.ReportLayout;
import dev.ccm4j.conformance.report.SpecResult;
import dev.ccm4j.conformance.report.SpecState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a conformance run.
 *
 * @param passed whether no spec failed
 * @param duration how long the run took
 * @param layout where the report files are
 * @param specs every spec's result, sorted by full text
 */
public record ConformanceResult(boolean passed, Duration duration, ReportLayout layout, List<SpecResult> specs) {
  /** Copies the list and rejects nulls. */
  public ConformanceResult {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(layout, "layout");
    specs = List.copyOf(specs);
  }

  /**
   * How many specs are in a state.
   *
   * @param state the state
   * @return the count
   */
  public int count(SpecState state) {
    return (int) specs.stream().filter(s -> s.state() == state).count();
  }

  /**
   * How many specs there are, run or not.
   *
   * @return the count
   */
  public int total() {
    return specs.size();
  }
}
