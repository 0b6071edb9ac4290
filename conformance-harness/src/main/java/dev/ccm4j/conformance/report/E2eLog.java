package dev.ccm4j.conformance.report;

import dev.ccm4j.core.clock.GoDuration;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@code e2e.log} of a run as it happens, in the shape of an upstream conformance log: klog-style header
 * lines (the run id, the Kubernetes server version), Ginkgo's suite banner and "Will run N of M specs", one line per
 * spec as it finishes, then Ginkgo's exact tail ({@code Ran N of M Specs in X seconds}, {@code SUCCESS! -- ...} or
 * {@code FAIL! -- ...}, {@code PASS}/{@code FAIL}, {@code Ginkgo ran 1 suite in ...},
 * {@code Test Suite Passed}/{@code Test Suite Failed}). Each line is also printed to a progress stream.
 *
 * <p>Not thread-safe; the runner calls it from the listener, which serializes its callbacks.
 */
public final class E2eLog {
  private static final DateTimeFormatter KLOG_TIME = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS")
      .withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Optional<PrintStream> progress;
  private final StringBuilder text = new StringBuilder();

  /**
   * Starts an empty log.
   *
   * @param clock the clock for the klog timestamps
   * @param progress where to echo each line, if anywhere
   */
  public E2eLog(Clock clock, Optional<PrintStream> progress) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Writes the header.
   *
   * @param runId the run's unique id
   * @param job the job name, printed where Ginkgo prints the suite's directory
   * @param randomSeed the seed
   * @param kubernetesVersion the cluster's server version, if a cluster is involved
   * @param willRun how many specs focus and skip let run
   * @param total how many specs the suites have
   */
  public void header(String runId, String job, long randomSeed, Optional<String> kubernetesVersion, int willRun,
      int total) {
    klog("Starting e2e run \"" + runId + "\" on Ginkgo node 1");
    kubernetesVersion.ifPresent(v -> klog("Kubernetes server version: " + v));
    String banner = "Running Suite: " + RunReport.SUITE_NAME + " - " + job;
    line(banner);
    line("=".repeat(banner.length()));
    line("Random Seed: " + randomSeed);
    line("");
    line("Will run " + willRun + " of " + total + " specs");
  }

  /**
   * Writes the line of a spec that finished, with its failure message or skip reason under it.
   *
   * @param spec the spec
   */
  public void spec(SpecResult spec) {
    String name = spec.nodeType().equals("It") ? spec.fullText() : spec.reportName();
    String took = " [" + JunitReport.seconds(spec.duration()) + " seconds]";
    switch (spec.state()) {
      case PASSED -> line("• [PASSED] " + name + took);
      case FAILED -> {
        line("• [FAILED] " + name + took);
        indented(spec.message().isEmpty() ? "(no message)" : spec.message());
      }
      case SKIPPED -> {
        line("S [SKIPPED] " + name + took);
        indented(spec.message());
      }
      // a filtered spec never ran, so like Ginkgo's it only counts in the totals
      case FILTERED -> { }
      default -> throw new IllegalStateException("unknown state " + spec.state());
    }
  }

  /**
   * Writes Ginkgo's closing lines for the finished run.
   *
   * @param report the run
   */
  public void tail(RunReport report) {
    boolean passed = report.passed();
    line("");
    line("Ran " + report.ran() + " of " + report.specs().size() + " Specs in " + JunitReport.seconds(report.duration())
        + " seconds");
    line((passed ? "SUCCESS!" : "FAIL!") + " -- " + report.count(SpecState.PASSED) + " Passed | "
        + report.count(SpecState.FAILED) + " Failed | 0 Pending | " + report.skippedTotal() + " Skipped");
    line(passed ? "PASS" : "FAIL");
    line("");
    line("Ginkgo ran 1 suite in " + GoDuration.format(report.duration()));
    line(passed ? "Test Suite Passed" : "Test Suite Failed");
  }

  /**
   * The log so far.
   *
   * @return the text, each line ending in a newline
   */
  public String text() {
    return text.toString();
  }

  private void klog(String message) {
    line("I" + KLOG_TIME.format(clock.instant()) + " " + String.format("%7d", ProcessHandle.current().pid())
        + " conformance:0] " + message);
  }

  private void indented(String block) {
    block.lines().forEach(l -> line("  " + l));
  }

  private void line(String line) {
    text.append(line).append('\n');
    progress.ifPresent(p -> {
      p.println(line);
      p.flush();
    });
  }
}
