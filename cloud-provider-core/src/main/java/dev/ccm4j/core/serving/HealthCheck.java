package dev.ccm4j.core.serving;

import java.util.Objects;

/**
 * One named health check, for example one per running controller or the leader-election watchdog. Checks must be
 * fast and must not block: they run on the serving threads for every probe.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Runs the check. Throwing counts as a failure with the exception's message as the reason.
   *
   * @return healthy, or unhealthy with a reason
   */
  Result check();

  /**
   * The outcome of a check.
   *
   * @param healthy whether the check passed
   * @param reason why it failed; empty when healthy. Logged, and shown only on the check's own path
   */
  record Result(boolean healthy, String reason) {
    private static final Result OK = new Result(true, "");

    /**
     * Validates the outcome.
     *
     * @param healthy whether the check passed
     * @param reason why it failed
     */
    public Result {
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * A passed check.
     *
     * @return the healthy result
     */
    public static Result ok() {
      return OK;
    }

    /**
     * A failed check.
     *
     * @param reason why, for operators; never a credential
     * @return the unhealthy result
     */
    public static Result failed(String reason) {
      return new Result(false, reason);
    }
  }
}
