package dev.ccm4j.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system's UTC clock, optionally running faster, plus an offset a test moves forward: time-driven behaviour
 * (jobs, provisioning, expiry) happens on demand while timestamps stay close to real time, as a server that checks
 * request timestamps against its own clock (within a skew) requires.
 */
public final class OffsetClock extends Clock {
  private final Instant start = Instant.now();
  private final long rate;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** A clock at the system's pace. */
  public OffsetClock() {
    this(1);
  }

  /**
   * A clock that runs {@code rate} times as fast as the system's.
   *
   * @param rate the speed-up, at least 1
   */
  public OffsetClock(long rate) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be at least 1, got " + rate);
    }
    this.rate = rate;
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "d");
    offset.updateAndGet(o -> o.plus(d));
  }

  @Override
  public Instant instant() {
    return start.plus(Duration.between(start, Instant.now()).multipliedBy(rate)).plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Returns this clock: it is UTC only. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
