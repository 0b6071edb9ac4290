package dev.ccm4j.reliability.harness;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling against a deadline: the campaign watches other processes, so there is nothing to latch on. */
public final class Await {
  private static final long POLL_MILLIS = 100;

  private Await() {}

  /**
   * Polls until a value is present.
   *
   * @param what what is awaited, for the message
   * @param timeout how long
   * @param probe returns the value once there; an exception counts as not yet
   * @param <T> the value's type
   * @return the value
   * @throws AssertionError naming what did not happen, with the last probe's failure
   * @throws InterruptedException if interrupted
   */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> v = probe.get();
        if (v.isPresent()) {
          return v.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError e = new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s");
        if (last != null) {
          e.initCause(last);
        }
        throw e;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Polls until a condition holds.
   *
   * @param what what is awaited
   * @param timeout how long
   * @param condition the condition; an exception counts as false
   * @throws AssertionError naming what did not happen
   * @throws InterruptedException if interrupted
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
