package dev.ccm4j.core.cloud;

/**
 * Waits for a number of nanoseconds on the governor's time source. Production code sleeps the thread; tests
 * advance a manual clock instead.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code nanos} nanoseconds, or returns at once if {@code nanos} is not positive.
   *
   * @param nanos how long to wait
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleepNanos(long nanos) throws InterruptedException;

  /**
   * The sleeper that blocks the calling thread.
   *
   * @return a sleeper using {@link Thread#sleep(long, int)}
   */
  static Sleeper system() {
    return nanos -> {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      }
    };
  }
}
