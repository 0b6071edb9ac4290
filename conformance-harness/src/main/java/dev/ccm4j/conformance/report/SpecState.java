package dev.ccm4j.conformance.report;

/** How a spec ended, in Ginkgo's terms. */
public enum SpecState {
  /** It ran and passed. */
  PASSED,
  /** It ran and failed, or its container failed around it. */
  FAILED,
  /** It started but skipped itself: an assumption about the provider or cluster did not hold. */
  SKIPPED,
  /** It did not run: focus or skip excluded it. */
  FILTERED;

  /**
   * Whether the spec counts as skipped in the totals (skipped by itself or filtered out).
   *
   * @return true for {@link #SKIPPED} and {@link #FILTERED}
   */
  public boolean skipped() {
    return this == SKIPPED || this == FILTERED;
  }
}
