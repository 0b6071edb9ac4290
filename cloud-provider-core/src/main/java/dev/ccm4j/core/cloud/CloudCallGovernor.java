package dev.ccm4j.core.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.core.concurrent.DaemonThreads;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place every cloud provider call made by the controllers goes through.
 *
 * <p>For each call the governor:
 * <ol>
 *   <li>waits for a token from a fair token bucket ({@code --cloud-api-qps}, default {@value #DEFAULT_QPS};
 *       {@code --cloud-api-burst}, default {@value #DEFAULT_BURST});
 *   <li>waits for a free slot among at most {@code maxConcurrentCalls} (default
 *       {@value #DEFAULT_MAX_CONCURRENT_CALLS}) calls in flight;
 *   <li>runs the call on its own daemon thread and interrupts it when {@code --cloud-api-timeout} (default
 *       {@value #DEFAULT_TIMEOUT_SECONDS}s) passes, throwing {@link CloudCallTimeoutException};
 *   <li>rethrows whatever the provider threw, unchanged;
 *   <li>on a {@link ThrottledException} anywhere in the cause chain, slows down every call to this provider:
 *       no call starts before the cloud's retry-after, and the rate halves (down to a floor) and then grows back
 *       by a fixed step after each success;
 *   <li>records {@code cloudprovider_api_requests_total{provider,operation,result}},
 *       {@code cloudprovider_api_request_duration_seconds{provider,operation}},
 *       {@code cloudprovider_api_rate_limiter_wait_seconds{provider}} and the effective rate
 *       {@code cloudprovider_api_rate_limit_qps{provider}}.
 * </ol>
 *
 * <p>The injected clock drives the rate limiter and the recorded durations; the timeout is always real time. A
 * provider call that ignores its interruption keeps its slot until it returns, so a provider that hangs for good
 * eventually makes every call time out instead of piling up threads.
 *
 * <p>Operation names are fixed identifiers chosen by the caller (for example {@code EnsureLoadBalancer}), never
 * derived from objects, so that the metric label sets stay bounded. A governor is thread-safe; close it on
 * shutdown to stop its threads.
 */
public final class CloudCallGovernor implements AutoCloseable {
  /** Default of {@code --cloud-api-qps}. */
  public static final double DEFAULT_QPS = 20;
  /** Default of {@code --cloud-api-burst}. */
  public static final int DEFAULT_BURST = 40;
  /** Default of {@code --cloud-api-timeout}, in seconds. */
  public static final long DEFAULT_TIMEOUT_SECONDS = 30;
  /** Default bound on concurrent calls. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 16;

  /** Marks a call that failed before it reached the provider, so no duration is recorded. */
  private static final long NOT_STARTED = Long.MIN_VALUE;

  private final String provider;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private final AdaptiveRateLimiter limiter;
  private final CloudCallMetrics metrics;
  private final Semaphore slots;
  private final ThreadPoolExecutor executor;

  private CloudCallGovernor(Builder b) {
    this.provider = b.provider;
    this.timeout = b.timeout;
    this.nanoTime = b.nanoTime;
    double minQps = b.minQps > 0 ? Math.min(b.minQps, b.qps) : b.qps / 32;
    double step = b.recoveryStep > 0 ? b.recoveryStep : b.qps / 20;
    this.limiter = new AdaptiveRateLimiter(b.qps, b.burst, minQps, step, b.nanoTime, b.sleeper);
    this.metrics = CloudCallMetrics.of(b.registry);
    this.slots = new Semaphore(b.maxConcurrentCalls, true);
    this.executor = new ThreadPoolExecutor(b.maxConcurrentCalls, b.maxConcurrentCalls, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.factory("cloud-call-" + b.provider));
    executor.allowCoreThreadTimeOut(true);
    metrics.rateLimit.labelValues(provider).set(b.qps);
  }

  /**
   * Starts a builder.
   *
   * @param provider the provider's name, used in metric labels and error messages
   * @param registry where the metrics are registered (idempotently)
   * @return a builder with the defaults
   */
  public static Builder builder(String provider, PrometheusRegistry registry) {
    return new Builder(provider, registry);
  }

  /**
   * Runs a cloud call under the governor's rate limit and timeout.
   *
   * @param operation a fixed operation name such as {@code InstanceMetadata}
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws CloudCallTimeoutException if the call did not finish within the timeout
   * @throws CloudCallInterruptedException if the calling thread was interrupted; the interrupt flag stays set
   * @throws RuntimeException whatever the call threw, unchanged
   */
  public <T> T call(String operation, Supplier<T> call) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(call, "call");
    try {
      metrics.rateLimiterWait.labelValues(provider).observe(limiter.acquire() / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(operation, interrupted(operation, e), NOT_STARTED);
    }
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    try {
      if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return fail(operation, new CloudCallTimeoutException(provider, operation, timeout), NOT_STARTED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(operation, interrupted(operation, e), NOT_STARTED);
    }
    long started = nanoTime.getAsLong();
    Future<T> future;
    try {
      future = executor.submit(() -> {
        try {
          return call.get();
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    try {
      T result = future.get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      limiter.onSuccess();
      record(operation, CallResult.SUCCESS, started);
      return result;
    } catch (TimeoutException e) {
      future.cancel(true);
      return fail(operation, new CloudCallTimeoutException(provider, operation, timeout), started);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return fail(operation, interrupted(operation, e), started);
    } catch (ExecutionException e) {
      return fail(operation, e.getCause(), started);
    }
  }

  /**
   * Runs a cloud call that returns nothing. See {@link #call(String, Supplier)}.
   *
   * @param operation a fixed operation name such as {@code EnsureLoadBalancerDeleted}
   * @param call the call
   */
  public void run(String operation, Runnable call) {
    Objects.requireNonNull(call, "call");
    call(operation, () -> {
      call.run();
      return null;
    });
  }

  /**
   * The provider's name.
   *
   * @return the name
   */
  public String provider() {
    return provider;
  }

  /**
   * The rate currently allowed, lower than the configured qps while the cloud is throttling this client.
   *
   * @return calls per second
   */
  public double effectiveQps() {
    return limiter.rate();
  }

  /** Stops the call threads, interrupting calls still running. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private <T> T fail(String operation, Throwable error, long started) {
    CallResult result = CallResult.of(error);
    if (result == CallResult.THROTTLED) {
      ThrottledException throttled =
          CloudProviderException.findInChain(error, ThrottledException.class).orElseThrow();
      limiter.onThrottled(throttled.retryAfter().orElse(null));
    }
    record(operation, result, started);
    metrics.rateLimit.labelValues(provider).set(limiter.rate());
    if (error instanceof RuntimeException) {
      throw (RuntimeException) error;
    }
    if (error instanceof Error) {
      throw (Error) error;
    }
    throw new CloudProviderException("cloud provider " + provider + ": " + operation + " failed", error);
  }

  private CloudProviderException interrupted(String operation, InterruptedException e) {
    return new CloudCallInterruptedException(provider, operation, e);
  }

  private void record(String operation, CallResult result, long started) {
    metrics.requests.labelValues(provider, operation, result.label()).inc();
    if (started != NOT_STARTED) {
      metrics.duration.labelValues(provider, operation).observe((nanoTime.getAsLong() - started) / 1e9);
    }
    if (result == CallResult.SUCCESS) {
      metrics.rateLimit.labelValues(provider).set(limiter.rate());
    }
  }


  /** Configures a {@link CloudCallGovernor}. */
  public static final class Builder {
    private final String provider;
    private final PrometheusRegistry registry;
    private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    private double qps = DEFAULT_QPS;
    private int burst = DEFAULT_BURST;
    private double minQps;
    private double recoveryStep;
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private LongSupplier nanoTime = System::nanoTime;
    private Sleeper sleeper = Sleeper.system();

    private Builder(String provider, PrometheusRegistry registry) {
      this.provider = Objects.requireNonNull(provider, "provider");
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets {@code --cloud-api-timeout}.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("--cloud-api-timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets {@code --cloud-api-qps}.
     *
     * @param qps positive calls per second
     * @return this builder
     */
    public Builder qps(double qps) {
      if (!(qps > 0) || Double.isInfinite(qps)) {
        throw new IllegalArgumentException("--cloud-api-qps must be positive, got " + qps);
      }
      this.qps = qps;
      return this;
    }

    /**
     * Sets {@code --cloud-api-burst}.
     *
     * @param burst at least 1
     * @return this builder
     */
    public Builder burst(int burst) {
      if (burst < 1) {
        throw new IllegalArgumentException("--cloud-api-burst must be at least 1, got " + burst);
      }
      this.burst = burst;
      return this;
    }

    /**
     * Sets the floor the rate never drops below while throttled. The default is qps / 32.
     *
     * @param minQps positive calls per second; capped at qps
     * @return this builder
     */
    public Builder minQps(double minQps) {
      if (!(minQps > 0)) {
        throw new IllegalArgumentException("minQps must be positive, got " + minQps);
      }
      this.minQps = minQps;
      return this;
    }

    /**
     * Sets how much the rate grows back after each successful call. The default is qps / 20.
     *
     * @param step positive calls per second
     * @return this builder
     */
    public Builder recoveryStep(double step) {
      if (!(step > 0)) {
        throw new IllegalArgumentException("recoveryStep must be positive, got " + step);
      }
      this.recoveryStep = step;
      return this;
    }

    /**
     * Sets the bound on calls in flight, and so on the governor's threads.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConcurrentCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, got " + max);
      }
      this.maxConcurrentCalls = max;
      return this;
    }

    /**
     * Sets the time source used for rate limiting and durations.
     *
     * @param nanoTime a monotonic nanosecond clock
     * @param sleeper waits on that clock
     * @return this builder
     */
    public Builder time(LongSupplier nanoTime, Sleeper sleeper) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the governor.
     *
     * @return a new governor; close it on shutdown
     */
    public CloudCallGovernor build() {
      return new CloudCallGovernor(this);
    }
  }
}
