package dev.ccm4j.provider.alibaba.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so time-driven behaviour is tested without sleeping. */
final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  static MutableClock atNow() {
    return new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
  }

  void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  void set(Instant t) {
    now.set(t);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
