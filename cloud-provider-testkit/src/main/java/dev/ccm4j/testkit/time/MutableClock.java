package dev.ccm4j.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until a test moves it, so expiry, refresh and transition logic is tested without
 * sleeping. Safe to read and move from several threads.
 */
public final class MutableClock extends Clock {
  /** Where {@link #MutableClock()} starts: a fixed instant, so runs repeat. */
  public static final Instant DEFAULT_START = Instant.parse("2026-12-07T02:00:00Z");

  private final AtomicReference<Instant> now;

  /** A clock at {@link #DEFAULT_START}. */
  public MutableClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at the given instant.
   *
   * @param start the initial instant
   */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /**
   * Moves the clock forward (or back, with a negative duration).
   *
   * @param d how far
   */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "d");
    now.updateAndGet(t -> t.plus(d));
  }

  /**
   * Sets the clock to an instant.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Returns this clock: it is UTC only, and a test's code under test must not change that. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
