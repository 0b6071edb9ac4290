package dev.ccm4j.core.controller;

import dev.ccm4j.core.kube.ApiErrors;
import dev.ccm4j.core.clock.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs reconcile failures without flooding: every failure at DEBUG (with the stack trace only for a key's first
 * failure), and at most one WARN per interval of clock time, which also says how many failures it stands for.
 * Every line but the DEBUG trace is a single line: an API error shows as its HTTP code and Status reason and
 * message ({@link ApiErrors}), never the client's multi-line text with the response body and headers.
 */
final class FailureLog {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final String controller;
  private final Clock clock;
  private final long intervalNanos;
  private boolean warnedBefore;
  private long lastWarnNanos;
  private long failuresSinceWarn;

  FailureLog(String controller, Clock clock, long intervalNanos) {
    this.controller = controller;
    this.clock = clock;
    this.intervalNanos = intervalNanos;
  }

  /**
   * Records one failure.
   *
   * @param key the key that failed
   * @param attempt 1 for the key's first consecutive failure, 2 for the next, and so on
   * @param cause why it failed
   */
  void failed(Object key, int attempt, Throwable cause) {
    if (LOG.isDebugEnabled()) {
      if (attempt == 1) {
        LOG.debug("Controller {}: reconciling {} failed", controller, key, cause);
      } else {
        LOG.debug("Controller {}: reconciling {} failed (attempt {}): {}", controller, key, attempt,
            ApiErrors.describe(cause));
      }
    }
    long failures;
    synchronized (this) {
      failuresSinceWarn++;
      long now = clock.nanoTime();
      if (warnedBefore && now - lastWarnNanos < intervalNanos) {
        return;
      }
      warnedBefore = true;
      lastWarnNanos = now;
      failures = failuresSinceWarn;
      failuresSinceWarn = 0;
    }
    LOG.warn("Controller {}: reconciling {} failed (attempt {}): {} ({} failure(s) since the previous warning;"
        + " retrying with backoff)", controller, key, attempt, ApiErrors.describe(cause), failures);
  }
}
