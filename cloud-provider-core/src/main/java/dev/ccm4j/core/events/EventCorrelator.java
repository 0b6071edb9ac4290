package dev.ccm4j.core.events;

import dev.ccm4j.core.clock.Clock;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for each event, whether it is spam, whether it joins an existing Event, and whether similar events are
 * combined. Used only from the broadcaster's writer thread, so it is not thread-safe.
 */
final class EventCorrelator {
  static final int SIMILAR_THRESHOLD = 10;
  private static final Duration SIMILAR_WINDOW = Duration.ofMinutes(10);
  private static final int CACHE_SIZE = 4096;
  private static final String COMBINED_PREFIX = "(combined from similar events): ";

  private final Clock clock;
  private final int burst;
  private final long refillNanos;
  private final Map<String, Bucket> buckets = lru();
  private final Map<String, Similar> similar = lru();
  private final Map<String, Record> records = lru();

  /** An Event already written: where it is and its count. */
  static final class Record {
    private final String namespace;
    private final String name;
    private int count;

    Record(String namespace, String name, int count) {
      this.namespace = namespace;
      this.name = name;
      this.count = count;
    }

    String namespace() {
      return namespace;
    }

    String name() {
      return name;
    }

    int count() {
      return count;
    }

    void count(int count) {
      this.count = count;
    }
  }

  record Decision(boolean spam, String key, String message, Record existing) {}

  private static final class Bucket {
    double tokens;
    long lastNanos;
  }

  private static final class Similar {
    final Set<String> messages = new HashSet<>();
    long firstNanos;
  }

  EventCorrelator(Clock clock, int burst, Duration refill) {
    this.clock = clock;
    this.burst = burst;
    this.refillNanos = refill.toNanos();
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CACHE_SIZE;
      }
    };
  }

  Decision observe(String component, V1ObjectReference ref, String type, String reason, String message) {
    long now = nanos();
    String objectKey = component + "\u0000" + ref.getKind() + "\u0000" + ref.getNamespace() + "\u0000"
        + ref.getName() + "\u0000" + ref.getUid() + "\u0000" + ref.getApiVersion();
    if (!takeToken(objectKey, now)) {
      return new Decision(true, null, message, null);
    }
    String similarKey = objectKey + "\u0000" + type + "\u0000" + reason;
    Similar s = similar.computeIfAbsent(similarKey, k -> new Similar());
    if (s.messages.isEmpty() || now - s.firstNanos > SIMILAR_WINDOW.toNanos()) {
      s.messages.clear();
      s.firstNanos = now;
    }
    s.messages.add(message);
    String effective = message;
    String key = similarKey + "\u0000" + message;
    if (s.messages.size() >= SIMILAR_THRESHOLD) {
      effective = COMBINED_PREFIX + message;
      key = similarKey + "\u0000" + COMBINED_PREFIX;
    }
    return new Decision(false, key, effective, records.get(key));
  }

  void remember(String key, Record record) {
    records.put(key, record);
  }

  void forget(String key) {
    records.remove(key);
  }

  private boolean takeToken(String key, long now) {
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.lastNanos = now;
      buckets.put(key, b);
    } else if (now > b.lastNanos) {
      b.tokens = Math.min(burst, b.tokens + (double) (now - b.lastNanos) / refillNanos);
      b.lastNanos = now;
    }
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  private long nanos() {
    java.time.Instant i = clock.now();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
