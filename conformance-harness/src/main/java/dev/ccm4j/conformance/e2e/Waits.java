package dev.ccm4j.conformance.e2e;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Polls the cluster or the cloud until something holds, or checks that something keeps holding, and fails with a
 * message that says what was awaited and what was last seen, so a red spec explains itself without logs.
 */
final class Waits {
  private Waits() {}

  /** Reads the current state; may fail, in which case the failure is what was observed. */
  @FunctionalInterface
  interface Probe<T> {
    T read() throws Exception;
  }

  /**
   * Polls until {@code done} accepts what {@code probe} reads.
   *
   * @param what what is awaited, for the failure message ("Service ns/web to get an ingress")
   * @param timeout the longest wait
   * @param poll the pause between reads
   * @param probe reads the state
   * @param done whether the state is the awaited one
   * @param describe renders a state for the failure message
   * @return the state that satisfied {@code done}
   * @throws AssertionError naming {@code what}, the timeout and the last state observed
   */
  static <T> T until(String what, Duration timeout, Duration poll, Probe<T> probe, Predicate<? super T> done,
      Function<? super T, String> describe) throws InterruptedException {
    Objects.requireNonNull(describe, "describe");
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "nothing (no read completed)";
    while (true) {
      try {
        T state = probe.read();
        if (done.test(state)) {
          return state;
        }
        last = describe.apply(state);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = "the read failed: " + e;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("timed out after " + seconds(timeout) + " waiting for " + what
            + "; last observed: " + last);
      }
      Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - System.nanoTime()) / 1_000_000 + 1)));
    }
  }

  /**
   * Checks repeatedly, for a whole window, that {@code ok} accepts what {@code probe} reads; for controllers that
   * must not act. A failed read fails the check too: a scenario cannot vouch for a window it could not see.
   *
   * @param what what must keep holding ("nobody adds a finalizer to Service ns/web")
   * @param window how long it must hold
   * @param poll the pause between reads
   * @param probe reads the state
   * @param ok whether the state is still acceptable
   * @param describe renders a state for the failure message
   * @return the last state read
   * @throws AssertionError at the first state {@code ok} rejects, describing it
   */
  static <T> T holdsFor(String what, Duration window, Duration poll, Probe<T> probe, Predicate<? super T> ok,
      Function<? super T, String> describe) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + window.toNanos();
    while (true) {
      T state;
      try {
        state = probe.read();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("could not check that " + what + ": " + e, e);
      }
      if (!ok.test(state)) {
        throw new AssertionError("expected " + what + " for " + seconds(window) + ", but after "
            + seconds(Duration.ofNanos(System.nanoTime() - start)) + " observed: " + describe.apply(state));
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return state;
      }
      Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000 + 1)));
    }
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    return millis % 1000 == 0 ? d.toSeconds() + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
