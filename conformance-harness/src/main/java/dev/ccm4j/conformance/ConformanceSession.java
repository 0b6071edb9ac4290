package dev.ccm4j.conformance;

import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.tck.TckTargetFactory;
import java.util.Objects;
import java.util.Optional;

/**
 * What one harness run hands to the suites it launches: where the TCK gets its provider and fixture, and where the
 * end-to-end suite finds its cluster. The JUnit engine only carries strings, so a run registers its session with
 * {@link ConformanceSessions} and passes the id as a configuration parameter.
 *
 * @param tck opens a fresh provider and fixture per contract; empty when the TCK does not run
 * @param e2e the cluster under test; empty when the end-to-end suite does not run
 */
public record ConformanceSession(Optional<TckTargetFactory> tck, Optional<E2eEnvironment> e2e) {
  /** Rejects nulls. */
  public ConformanceSession {
    Objects.requireNonNull(tck, "tck");
    Objects.requireNonNull(e2e, "e2e");
  }
}
