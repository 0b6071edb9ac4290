package dev.ccm4j.core.serving;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A small bounded cache whose entries expire after a time-to-live measured on an injected clock. */
final class ExpiringCache<K, V> {
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final int maxEntries;

  ExpiringCache(LongSupplier nanoTime, int maxEntries) {
    this.nanoTime = nanoTime;
    this.maxEntries = maxEntries;
  }

  Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.expiresAt - nanoTime.getAsLong() <= 0) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.value);
  }

  void put(K key, V value, long ttlNanos) {
    if (ttlNanos <= 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> e.expiresAt - now <= 0);
      if (entries.size() >= maxEntries) {
        // Many distinct live keys means a flood of distinct tokens; forgetting is safe, only slower.
        entries.clear();
      }
    }
    entries.put(key, new Entry<>(value, now + ttlNanos));
  }

  private record Entry<V>(V value, long expiresAt) {}
}
