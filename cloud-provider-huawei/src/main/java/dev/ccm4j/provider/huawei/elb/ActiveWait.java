package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.vendor.client.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Waits, briefly, for an ELB's {@code provisioning_status} to come back to {@code ACTIVE} after a change.
 *
 * <p>The original polled for up to 78 s per change; a worker blocked that long starves every other Service. Here one
 * call shares a small budget (polls 100 ms apart, growing), and when the ELB is still pending the call ends with a
 * {@link RetryAfterException}: the next call re-reads the cloud and continues where this one stopped, as every step
 * is idempotent. {@code ERROR} ends the call at once with an exception naming the ELB, which the core reports as a
 * Warning event and retries with backoff.
 */
final class ActiveWait {
  static final String ACTIVE = "ACTIVE";
  static final String ERROR = "ERROR";

  /** Sleeps; injectable so tests move a clock instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Sleeps the calling thread. */
  static final Sleeper THREAD = d -> Thread.sleep(Math.max(1, d.toMillis()));

  /** Reads an ELB's current object. */
  @FunctionalInterface
  interface Reader {
    /** the ELB, or null when it is gone */
    JsonObject read(String id);
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration budget;
  private final Duration firstPoll;
  private final Duration maxPoll;
  private final Duration retryAfter;

  ActiveWait(Clock clock, Sleeper sleeper, Duration budget, Duration firstPoll, Duration maxPoll,
      Duration retryAfter) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.budget = budget;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
    this.retryAfter = retryAfter;
  }

  /**
   * How long one ensure, update or delete may wait for ELB transitions in all. A two-port Service is about fifteen
   * changes, each leaving the ELB pending for a moment; ten seconds lets a typical one finish in one call, while a
   * worker is never held for the original's 78 s per change.
   */
  static final Duration CALL_BUDGET = Duration.ofSeconds(10);
  /** When a call whose budget ran out asks to be tried again; a pending ELB is usually ACTIVE by then. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  static ActiveWait standard(Clock clock, Sleeper sleeper) {
    return new ActiveWait(clock, sleeper, CALL_BUDGET, Duration.ofMillis(100), Duration.ofSeconds(1), RETRY_AFTER);
  }

  /** The end of this call's waiting budget. */
  Instant deadline() {
    return clock.instant().plus(budget);
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /**
   * Polls until the ELB is ACTIVE.
   *
   * @param reader reads the ELB
   * @param id the ELB id
   * @param after what was done last, for the messages
   * @param deadline the call's budget
   * @return the ELB as last read, ACTIVE
   * @throws RetryAfterException when the budget runs out first
   * @throws CloudProviderException when the ELB is in ERROR or gone
   */
  JsonObject awaitActive(Reader reader, String id, String after, Instant deadline) {
    Duration pause = firstPoll;
    while (true) {
      JsonObject lb = reader.read(id);
      if (lb == null) {
        throw new CloudProviderException("ELB " + id + " disappeared while waiting for it to be ACTIVE after " + after);
      }
      String status = Json.string(lb, "provisioning_status").orElse("");
      if (status.equals(ACTIVE)) {
        return lb;
      }
      if (status.equals(ERROR)) {
        throw new CloudProviderException("ELB " + id + " is in provisioning status ERROR (after " + after
            + "); it is retried, fix or delete the ELB if this persists");
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new RetryAfterException("ELB " + id + " is still " + (status.isEmpty() ? "provisioning" : status)
            + " after " + after, retryAfter);
      }
      Duration left = Duration.between(now, deadline);
      try {
        sleeper.sleep(pause.compareTo(left) < 0 ? pause : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudProviderException("interrupted while waiting for ELB " + id, e);
      }
      pause = pause.multipliedBy(2).compareTo(maxPoll) < 0 ? pause.multipliedBy(2) : maxPoll;
    }
  }
}
