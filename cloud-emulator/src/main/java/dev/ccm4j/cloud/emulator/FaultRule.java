package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One fault injection rule: which operations it matches (a regular expression over the dialect's operation label,
 * matched in full) and what it does to them: fail with a status and vendor code, throttle a fraction of calls with
 * the dialect's throttle status and code, delay the answer ({@code latency}) or hold the request and then drop the
 * connection without answering ({@code hang}). A rule applies to the next {@code count} matching calls and then
 * expires; a count of 0 means it applies until the faults are cleared. Immutable.
 */
public final class FaultRule {
  private final String operation;
  private final Pattern pattern;
  private final int count;
  private final int status;
  private final String code;
  private final String message;
  private final Duration retryAfter;
  private final Duration latency;
  private final Duration hang;
  private final double throttleFraction;

  private FaultRule(Builder b) {
    this.operation = b.operation;
    try {
      this.pattern = Pattern.compile(b.operation);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("operation is not a valid regular expression: " + e.getDescription(), e);
    }
    if (b.count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + b.count);
    }
    this.count = b.count;
    if (b.status != 0 && (b.status < 400 || b.status > 599)) {
      throw new IllegalArgumentException("status must be an HTTP error status 400..599, got " + b.status);
    }
    if (b.status != 0 && (b.code == null || b.code.isBlank())) {
      throw new IllegalArgumentException("code is required when status is set");
    }
    this.status = b.status;
    this.code = b.status == 0 ? "" : b.code;
    this.message = b.status == 0 ? "" : (b.message == null || b.message.isBlank() ? "injected fault" : b.message);
    this.retryAfter = nonNegative(b.retryAfter, "retryAfter");
    this.latency = nonNegative(b.latency, "latency");
    this.hang = nonNegative(b.hang, "hang");
    if (!(b.throttleFraction >= 0.0 && b.throttleFraction <= 1.0)) {
      throw new IllegalArgumentException("throttleFraction must be between 0 and 1, got " + b.throttleFraction);
    }
    this.throttleFraction = b.throttleFraction;
    if (status == 0 && latency.isZero() && hang.isZero() && throttleFraction == 0.0) {
      throw new IllegalArgumentException(
          "a fault rule must fail (status and code), throttle (throttleFraction), delay (latency) or hang");
    }
  }

  /** A builder matching every operation and doing nothing yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The operation regular expression (matched against the whole label). */
  public String operation() {
    return operation;
  }

  /**
   * Whether the rule matches an operation label.
   *
   * @param operationLabel the dialect's label
   * @return true when the regular expression matches the whole label
   */
  public boolean matches(String operationLabel) {
    return pattern.matcher(operationLabel).matches();
  }

  /** How many matching calls the rule applies to; 0 means unlimited. */
  public int count() {
    return count;
  }

  /** The failure status; 0 when the rule does not fail calls outright. */
  public int status() {
    return status;
  }

  /** The failure's vendor error code; empty when the rule does not fail calls. */
  public String code() {
    return code;
  }

  /** The failure's message; empty when the rule does not fail calls. */
  public String message() {
    return message;
  }

  /** The {@code Retry-After} sent with failures and throttling, when configured. */
  public Optional<Duration> retryAfter() {
    return retryAfter.isZero() ? Optional.empty() : Optional.of(retryAfter);
  }

  /** The delay added before a matching call is answered; zero when none. */
  public Duration latency() {
    return latency;
  }

  /** How long a matching call is held before its connection is dropped unanswered; zero when it is not. */
  public Duration hang() {
    return hang;
  }

  /** The fraction (0..1) of matching calls answered with the dialect's throttling error. */
  public double throttleFraction() {
    return throttleFraction;
  }

  /** The control API's JSON form (the same fields {@link #fromJson} reads). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("operation", operation);
    o.addProperty("count", count);
    if (status != 0) {
      o.addProperty("status", status);
      o.addProperty("code", code);
      o.addProperty("message", message);
    }
    if (!retryAfter.isZero()) {
      o.addProperty("retryAfterSeconds", ceilSeconds(retryAfter));
    }
    if (!latency.isZero()) {
      o.addProperty("latencyMillis", latency.toMillis());
    }
    if (!hang.isZero()) {
      o.addProperty("hangMillis", hang.toMillis());
    }
    if (throttleFraction != 0.0) {
      o.addProperty("throttleFraction", throttleFraction);
    }
    return o;
  }

  /**
   * Reads the control API's JSON form: {@code operation} (regex, default all), {@code count} (default 0 =
   * unlimited), {@code status} + {@code code} (+ {@code message}), {@code retryAfterSeconds}, {@code latencyMillis},
   * {@code hangMillis}, {@code throttleFraction}.
   *
   * @param json the object
   * @return the rule
   * @throws IllegalArgumentException naming the field when one is missing, mistyped or out of range
   */
  public static FaultRule fromJson(JsonObject json) {
    Builder b = builder();
    Jsons.string(json, "operation").ifPresent(b::operation);
    b.times(Math.toIntExact(Jsons.number(json, "count").orElse(0L)));
    Optional<Long> status = Jsons.number(json, "status");
    if (status.isPresent()) {
      b.fail(Math.toIntExact(status.get()), Jsons.string(json, "code").orElse(null),
          Jsons.string(json, "message").orElse(null));
    } else if (json.has("code")) {
      throw new IllegalArgumentException("status is required when code is set");
    }
    Jsons.number(json, "retryAfterSeconds").ifPresent(s -> b.retryAfter(Duration.ofSeconds(s)));
    Jsons.number(json, "latencyMillis").ifPresent(ms -> b.latency(Duration.ofMillis(ms)));
    Jsons.number(json, "hangMillis").ifPresent(ms -> b.hang(Duration.ofMillis(ms)));
    Jsons.decimal(json, "throttleFraction").ifPresent(b::throttleFraction);
    return b.build();
  }

  static long ceilSeconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }

  private static Duration nonNegative(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + d);
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultRule r && toJson().equals(r.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "FaultRule" + toJson();
  }

  /** Builds a {@link FaultRule}. */
  public static final class Builder {
    private String operation = ".*";
    private int count;
    private int status;
    private String code;
    private String message;
    private Duration retryAfter = Duration.ZERO;
    private Duration latency = Duration.ZERO;
    private Duration hang = Duration.ZERO;
    private double throttleFraction;

    private Builder() {
    }

    /**
     * Restricts the rule to operations whose label matches this regular expression in full.
     *
     * @param regex e.g. {@code DescribeInstances} or {@code (Create|Delete)LoadBalancer}
     * @return this builder
     */
    public Builder operation(String regex) {
      this.operation = Objects.requireNonNull(regex, "operation");
      return this;
    }

    /**
     * Fails the next {@code n} matching calls with this error (the rule then expires).
     *
     * @param n how many calls, at least 1
     * @param status the HTTP status, 400..599
     * @param code the vendor error code
     * @param message the error message
     * @return this builder
     */
    public Builder failTimes(int n, int status, String code, String message) {
      if (n < 1) {
        throw new IllegalArgumentException("failTimes needs at least 1 call, got " + n);
      }
      this.count = n;
      return fail(status, code, message);
    }

    /**
     * Fails every matching call with this error (bounded by {@link #times} when set).
     *
     * @param status the HTTP status, 400..599
     * @param code the vendor error code
     * @param message the error message
     * @return this builder
     */
    public Builder fail(int status, String code, String message) {
      this.status = status;
      this.code = code;
      this.message = message;
      return this;
    }

    /**
     * Limits the rule to the next {@code n} matching calls; 0 (the default) means until cleared.
     *
     * @param n the number of calls
     * @return this builder
     */
    public Builder times(int n) {
      this.count = n;
      return this;
    }

    /**
     * Sends a {@code Retry-After} header (whole seconds, rounded up) with the rule's failures and throttling.
     *
     * @param retryAfter the delay to advertise
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Delays the answer to each matching call.
     *
     * @param latency the delay
     * @return this builder
     */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * Holds each matching call for this long, then drops the connection without an answer.
     *
     * @param hang how long to hold it
     * @return this builder
     */
    public Builder hang(Duration hang) {
      this.hang = hang;
      return this;
    }

    /**
     * Throttles this fraction of matching calls with the dialect's throttle status and code; which calls are
     * throttled comes from the server's seeded random source, so a sequential test sees the same ones every run.
     *
     * @param fraction 0..1
     * @return this builder
     */
    public Builder throttleFraction(double fraction) {
      this.throttleFraction = fraction;
      return this;
    }

    /**
     * Builds the rule.
     *
     * @throws IllegalArgumentException naming the field when the rule is invalid or does nothing
     */
    public FaultRule build() {
      return new FaultRule(this);
    }
  }
}
