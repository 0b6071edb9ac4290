package dev.ccm4j.conformance.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the report files say about one finished run.
 *
 * @param job the job name
 * @param buildId the build id
 * @param runId the run's unique id, printed in the e2e.log header
 * @param node the host the run ran on
 * @param start when the run started
 * @param end when the run ended
 * @param randomSeed the seed printed as Ginkgo's (specs run in a fixed order; it identifies the run)
 * @param focus the focus regexes
 * @param skip the skip regexes
 * @param kubernetesVersion the cluster's server version, when a cluster was involved
 * @param metadata string metadata for {@code finished.json}
 * @param commandLine the command line that reproduces the run, for the submission README
 * @param plannedToRun how many specs focus and skip let run ("Will run N of M specs")
 * @param specs every spec, in the order they finished (filtered ones last)
 */
public record RunReport(String job, String buildId, String runId, String node, Instant start, Instant end,
    long randomSeed, List<String> focus, List<String> skip, Optional<String> kubernetesVersion,
    Map<String, String> metadata, String commandLine, int plannedToRun, List<SpecResult> specs) {

  /** The suite name the JUnit file and e2e.log carry, in place of upstream's "Kubernetes e2e suite". */
  public static final String SUITE_NAME = "ccm4j conformance suite";

  /** Copies the collections and rejects nulls. */
  public RunReport {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    focus = List.copyOf(focus);
    skip = List.copyOf(skip);
    Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(commandLine, "commandLine");
    specs = List.copyOf(specs);
  }

  /**
   * How long the run took.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /**
   * The specs sorted by full text, as the k8s JUnit wrapper sorts them.
   *
   * @return the sorted specs
   */
  public List<SpecResult> sortedSpecs() {
    return specs.stream().sorted(Comparator.comparing(SpecResult::fullText).thenComparing(SpecResult::nodeType))
        .toList();
  }

  /**
   * How many specs are in the given state.
   *
   * @param state the state
   * @return the count
   */
  public int count(SpecState state) {
    return (int) specs.stream().filter(s -> s.state() == state).count();
  }

  /**
   * How many specs ran to a verdict (passed or failed), Ginkgo's N in "Ran N of M Specs".
   *
   * @return passed plus failed
   */
  public int ran() {
    return count(SpecState.PASSED) + count(SpecState.FAILED);
  }

  /**
   * How many specs were skipped by themselves or filtered out.
   *
   * @return the count
   */
  public int skippedTotal() {
    return count(SpecState.SKIPPED) + count(SpecState.FILTERED);
  }

  /**
   * Whether the run passed: no spec failed.
   *
   * @return true if nothing failed
   */
  public boolean passed() {
    return count(SpecState.FAILED) == 0;
  }
}
