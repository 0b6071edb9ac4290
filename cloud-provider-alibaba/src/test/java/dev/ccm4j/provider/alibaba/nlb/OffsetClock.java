package dev.ccm4j.provider.alibaba.nlb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, optionally running faster, plus an offset the test moves forward, so emulated jobs finish on
 * demand (or sooner) while signature timestamps stay well within the emulator's allowed skew of 15 minutes.
 */
final class OffsetClock extends Clock {
  private final Instant start = Instant.now();
  private final long rate;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** A clock at the system's pace. */
  OffsetClock() {
    this(1);
  }

  /**
   * A clock that runs {@code rate} times as fast as the system's.
   *
   * @param rate the speed-up, at least 1
   */
  OffsetClock(long rate) {
    this.rate = rate;
  }

  void advance(Duration d) {
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

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
