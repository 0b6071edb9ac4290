package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What every fake call goes through before it touches state: record, hooks, delay, injected fault. No lock is
 * held while hooks or delays run, so one blocked call never blocks another.
 */
final class CallGate {
  private final CallLog log;
  private final Faults faults = new Faults();
  private final Map<Operation, List<CallHook>> hooks = new ConcurrentHashMap<>();
  private final Map<Operation, Duration> delays = new ConcurrentHashMap<>();
  private volatile Duration globalDelay = Duration.ZERO;
  private final Map<String, int[]> inFlight = new HashMap<>();
  private final Map<String, Integer> maxInFlight = new HashMap<>();

  CallGate(Clock clock) {
    this.log = new CallLog(clock);
  }

  CallLog log() {
    return log;
  }

  Faults faults() {
    return faults;
  }

  void addHook(Operation operation, CallHook hook) {
    hooks.computeIfAbsent(operation, o -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(hook, "hook"));
  }

  void clearHooks() {
    hooks.clear();
  }

  void setDelay(Duration delay) {
    globalDelay = requireNotNegative(delay);
  }

  void setDelay(Operation operation, Duration delay) {
    delays.put(operation, requireNotNegative(delay));
  }

  void clearDelays() {
    globalDelay = Duration.ZERO;
    delays.clear();
  }

  synchronized int maxConcurrent(String target) {
    return maxInFlight.getOrDefault(target, 0);
  }

  synchronized void resetConcurrency() {
    maxInFlight.clear();
  }

  /** The identifiers a fault can be aimed at, nulls and empty strings left out. */
  static Set<String> keys(String... identifiers) {
    Set<String> keys = new HashSet<>();
    for (String id : identifiers) {
      if (id != null && !id.isEmpty()) {
        keys.add(id);
      }
    }
    return keys;
  }

  <T> T call(Operation operation, String rawTarget, Set<String> keys, List<String> nodes, Supplier<T> body) {
    String target = rawTarget == null ? "" : rawTarget;
    Call call = log.append(operation, target, nodes);
    enter(target);
    try {
      for (CallHook hook : hooks.getOrDefault(operation, List.of())) {
        try {
          hook.onCall(call);
        } catch (InterruptedException e) {
          throw interrupted(call);
        }
      }
      sleep(call);
      Optional<RuntimeException> fault = faults.take(operation, keys);
      if (fault.isPresent()) {
        throw fault.get();
      }
      return body.get();
    } finally {
      exit(target);
    }
  }

  void run(Operation operation, String target, Set<String> keys, List<String> nodes, Runnable body) {
    call(operation, target, keys, nodes, () -> {
      body.run();
      return null;
    });
  }

  private void sleep(Call call) {
    Duration delay = delays.getOrDefault(call.operation(), globalDelay);
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      throw interrupted(call);
    }
  }

  private static CloudProviderException interrupted(Call call) {
    Thread.currentThread().interrupt();
    return new CloudProviderException("fake cloud call " + call.operation().label() + " interrupted");
  }

  private synchronized void enter(String target) {
    int[] n = inFlight.computeIfAbsent(target, t -> new int[1]);
    n[0]++;
    maxInFlight.merge(target, n[0], Math::max);
  }

  private synchronized void exit(String target) {
    int[] n = inFlight.get(target);
    if (--n[0] == 0) {
      inFlight.remove(target);
    }
  }

  private static Duration requireNotNegative(Duration d) {
    Objects.requireNonNull(d, "delay");
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + d);
    }
    return d;
  }
}
