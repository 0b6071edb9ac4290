package dev.ccm4j.core.workqueue;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Per-item failure counters shared by the per-item limiters. Callers synchronize on the instance. */
final class FailureCounts<T> {

  private final Map<T, Integer> failures = new HashMap<>();

  /**
   * Returns the count before this failure and increments it, saturating at {@link Integer#MAX_VALUE}.
   *
   * @param item the item
   * @return the number of failures recorded before this one
   */
  int recordFailure(T item) {
    Objects.requireNonNull(item, "item");
    int previous = failures.getOrDefault(item, 0);
    failures.put(item, previous == Integer.MAX_VALUE ? previous : previous + 1);
    return previous;
  }

  int count(T item) {
    return failures.getOrDefault(item, 0);
  }

  void forget(T item) {
    failures.remove(item);
  }
}
