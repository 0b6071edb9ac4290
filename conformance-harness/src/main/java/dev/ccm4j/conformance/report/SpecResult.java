package dev.ccm4j.conformance.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one spec of a conformance run.
 *
 * @param nodeType Ginkgo's node type the report prints in brackets before the text: {@code It} for a spec,
 *     {@code BeforeAll} / {@code AfterAll} for a suite class whose setup or teardown failed outside any spec
 * @param fullText the display names of the spec's containers and of the spec, joined by spaces
 * @param state how it ended
 * @param message the failure message for a failed spec, the reason for a skipped one, empty otherwise
 * @param details the failure's stack trace for a failed spec, empty otherwise
 * @param start when it started (the run's start for a filtered spec)
 * @param end when it ended
 * @param output what the spec printed and published as report entries, empty if nothing
 */
public record SpecResult(String nodeType, String fullText, SpecState state, String message, String details,
    Instant start, Instant end, String output) {

  /** Rejects nulls and an end before the start. */
  public SpecResult {
    Objects.requireNonNull(nodeType, "nodeType");
    Objects.requireNonNull(fullText, "fullText");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(output, "output");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("spec " + fullText + " ends before it starts");
    }
  }

  /**
   * A passed spec.
   *
   * @param fullText the spec's full text
   * @param start when it started
   * @param end when it ended
   * @param output its captured output
   * @return the result
   */
  public static SpecResult passed(String fullText, Instant start, Instant end, String output) {
    return new SpecResult("It", fullText, SpecState.PASSED, "", "", start, end, output);
  }

  /**
   * A failed spec.
   *
   * @param fullText the spec's full text
   * @param message the failure message
   * @param details the stack trace
   * @param start when it started
   * @param end when it ended
   * @param output its captured output
   * @return the result
   */
  public static SpecResult failed(String fullText, String message, String details, Instant start, Instant end,
      String output) {
    return new SpecResult("It", fullText, SpecState.FAILED, message, details, start, end, output);
  }

  /**
   * A spec that skipped itself.
   *
   * @param fullText the spec's full text
   * @param reason why
   * @param start when it started
   * @param end when it ended
   * @param output its captured output
   * @return the result
   */
  public static SpecResult skipped(String fullText, String reason, Instant start, Instant end, String output) {
    return new SpecResult("It", fullText, SpecState.SKIPPED, reason, "", start, end, output);
  }

  /**
   * A spec that focus or skip excluded.
   *
   * @param fullText the spec's full text
   * @param at the run's start
   * @return the result
   */
  public static SpecResult filtered(String fullText, Instant at) {
    return new SpecResult("It", fullText, SpecState.FILTERED, "", "", at, at, "");
  }

  /**
   * How long it took.
   *
   * @return the duration, zero for a filtered spec
   */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /**
   * The name the reports print: the node type in brackets, then the full text.
   *
   * @return for example {@code [It] Services [Feature:LoadBalancer] should create a load balancer}
   */
  public String reportName() {
    return "[" + nodeType + "] " + fullText;
  }

  /**
   * The first line of the message, for summaries.
   *
   * @return the first non-blank line, or empty
   */
  public String firstMessageLine() {
    return message.lines().filter(l -> !l.isBlank()).findFirst().map(String::strip).orElse("");
  }
}
