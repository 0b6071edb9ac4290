package dev.ccm4j.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that advances by a fixed step on every read, so reported times and durations are predictable. */
public final class StepClock extends Clock {
  private final Duration step;
  private Instant now;

  /**
   * @param start the first instant returned
   * @param step how far each read advances
   */
  public StepClock(Instant start, Duration step) {
    this.now = start;
    this.step = step;
  }

  @Override
  public synchronized Instant instant() {
    Instant current = now;
    now = now.plus(step);
    return current;
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
