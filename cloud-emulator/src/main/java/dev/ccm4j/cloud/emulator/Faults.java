package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The fault rules an {@link EmulatorServer} applies to vendor requests before its handler sees them. Rules are
 * evaluated in the order added; every matching rule adds its latency, and the first that decides a failure (an
 * outright failure, a throttled call or a hang) ends the evaluation, so a later rule's count is not spent on a call
 * an earlier rule already failed. Thread-safe.
 */
public final class Faults {
  private final List<Active> rules = new ArrayList<>();
  private final Random random;

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Adds a rule after the existing ones.
   *
   * @param rule the rule
   */
  public synchronized void add(FaultRule rule) {
    rules.add(new Active(Objects.requireNonNull(rule, "rule")));
  }

  /** Removes every rule. */
  public synchronized void clear() {
    rules.clear();
  }

  /** The rules still in force, in evaluation order. */
  public synchronized List<FaultRule> rules() {
    List<FaultRule> out = new ArrayList<>();
    rules.forEach(a -> out.add(a.rule));
    return List.copyOf(out);
  }

  /** The rules in force as control API JSON, each with the calls it still applies to ({@code remaining}, -1 = unlimited). */
  synchronized List<JsonObject> describe() {
    List<JsonObject> out = new ArrayList<>();
    for (Active a : rules) {
      JsonObject o = a.rule.toJson();
      o.addProperty("remaining", a.rule.count() == 0 ? -1 : a.remaining);
      out.add(o);
    }
    return out;
  }

  synchronized Decision evaluate(String operation) {
    Duration latency = Duration.ZERO;
    Iterator<Active> it = rules.iterator();
    while (it.hasNext()) {
      Active a = it.next();
      FaultRule rule = a.rule;
      if (!rule.matches(operation)) {
        continue;
      }
      if (rule.count() > 0 && --a.remaining == 0) {
        it.remove();
      }
      latency = latency.plus(rule.latency());
      if (!rule.hang().isZero()) {
        return new Decision(latency, rule.hang(), null);
      }
      if (rule.status() != 0) {
        return new Decision(latency, Duration.ZERO,
            new Failure(rule.status(), rule.code(), rule.message(), rule.retryAfter(), false));
      }
      if (rule.throttleFraction() > 0 && random.nextDouble() < rule.throttleFraction()) {
        return new Decision(latency, Duration.ZERO, new Failure(0, "", "", rule.retryAfter(), true));
      }
    }
    return new Decision(latency, Duration.ZERO, null);
  }

  /** What the faults decided for one call. */
  record Decision(Duration latency, Duration hang, Failure failure) {
    Optional<Failure> failed() {
      return Optional.ofNullable(failure);
    }
  }

  /** A failure to answer instead of calling the handler; {@code throttle} means use the dialect's throttle error. */
  record Failure(int status, String code, String message, Optional<Duration> retryAfter, boolean throttle) {
  }

  private static final class Active {
    final FaultRule rule;
    int remaining;

    Active(FaultRule rule) {
      this.rule = rule;
      this.remaining = rule.count();
    }
  }
}
