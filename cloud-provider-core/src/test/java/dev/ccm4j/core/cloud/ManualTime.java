package dev.ccm4j.core.cloud;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when a sleeper waits on it or a test advances it. */
final class ManualTime implements Sleeper {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();

  long nanoTime() {
    return now.get();
  }

  void advance(long nanos) {
    now.addAndGet(nanos);
  }

  @Override
  public void sleepNanos(long nanos) {
    if (nanos > 0) {
      sleeps.add(nanos);
      now.addAndGet(nanos);
    }
  }

  long totalSlept() {
    return sleeps.stream().mapToLong(Long::longValue).sum();
  }

  List<Long> sleeps() {
    return List.copyOf(sleeps);
  }
}
