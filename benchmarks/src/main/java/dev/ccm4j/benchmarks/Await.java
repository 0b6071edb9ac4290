package dev.ccm4j.benchmarks;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a completion condition; polling keeps the measured time within one poll interval of the truth. */
final class Await {
  private static final long POLL_MILLIS = 25;

  private Await() {}

  /**
   * Waits until {@code done} holds.
   *
   * @param what what is awaited, for the timeout message
   * @param timeout the longest wait
   * @param done the condition
   * @param progress describes how far it got, for the timeout message
   * @return the nanoTime at which the condition was first seen to hold
   * @throws ScenarioTimeoutException when the timeout passes first
   */
  static long until(String what, Duration timeout, BooleanSupplier done, Supplier<String> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new ScenarioTimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + "; progress: " + progress.get());
      }
      Thread.sleep(POLL_MILLIS);
    }
    return System.nanoTime();
  }
}
