package dev.ccm4j.kubeapi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted misbehaviour for tests: failing, slow and hanging requests, dropped watches and compacted history.
 * Thread-safe; rules apply to requests that arrive after they are added.
 */
public final class FaultInjector {
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private final List<Latency> latencies = new CopyOnWriteArrayList<>();
  private final List<Hang> hangs = new CopyOnWriteArrayList<>();
  private final Store store;

  private record Failure(RequestMatcher matcher, AtomicInteger remaining, int code, String reason,
      Duration retryAfter) {}

  private record Latency(RequestMatcher matcher, Duration delay) {}

  FaultInjector(Store store) {
    this.store = store;
  }

  /**
   * Fails the next {@code times} matching requests with a Status of the given code and reason.
   *
   * @param retryAfter sent as a {@code Retry-After} header in whole seconds; null for none
   */
  public void failNext(RequestMatcher matcher, int times, int code, String reason, Duration retryAfter) {
    Objects.requireNonNull(matcher, "matcher");
    if (times <= 0 || code < 400 || code > 599) {
      throw new IllegalArgumentException("times must be positive and code an HTTP error code");
    }
    failures.add(new Failure(matcher, new AtomicInteger(times), code, reason, retryAfter));
  }

  /** Fails the next {@code times} matching requests with a Status of the given code and reason. */
  public void failNext(RequestMatcher matcher, int times, int code, String reason) {
    failNext(matcher, times, code, reason, null);
  }

  /** Delays every matching request by {@code delay} before it is handled. */
  public void addLatency(RequestMatcher matcher, Duration delay) {
    latencies.add(new Latency(Objects.requireNonNull(matcher, "matcher"), Objects.requireNonNull(delay, "delay")));
  }

  /**
   * Holds every matching request until the returned handle is released (or the server closes). Hung
   * requests then proceed normally.
   */
  public Hang hang(RequestMatcher matcher) {
    Hang h = new Hang(Objects.requireNonNull(matcher, "matcher"), this);
    hangs.add(h);
    return h;
  }

  /** Ends every open watch stream now, as an API server restart or a load balancer would. */
  public void dropWatches() {
    store.dropWatches();
  }

  /** Forgets all watch history: the next resume from an earlier resourceVersion or continue token gets 410. */
  public void compactHistory() {
    store.compactHistory();
  }

  /** Removes every failure, latency and hang rule and releases hung requests. */
  public void clear() {
    failures.clear();
    latencies.clear();
    for (Hang h : hangs) {
      h.release();
    }
  }

  /** Applies the rules to one request: waits out latency and hangs, then throws the scripted failure if any. */
  void apply(String verb, String resource, String name) throws InterruptedException {
    for (Latency l : latencies) {
      if (l.matcher().matches(verb, resource, name)) {
        Thread.sleep(l.delay().toMillis());
      }
    }
    for (Hang h : hangs) {
      if (h.matcher.matches(verb, resource, name)) {
        h.await();
      }
    }
    for (Failure f : failures) {
      if (f.matcher().matches(verb, resource, name) && f.remaining().getAndDecrement() > 0) {
        throw new InjectedFailure(ApiError.injected(f.code(), f.reason(),
            "injected failure for " + verb + " " + resource), f.retryAfter());
      }
    }
    failures.removeIf(f -> f.remaining().get() <= 0);
  }

  /** An injected failure with its optional Retry-After. */
  static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ApiError error;
    private final transient Duration retryAfter;

    InjectedFailure(ApiError error, Duration retryAfter) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.retryAfter = retryAfter;
    }

    ApiError error() {
      return error;
    }

    Duration retryAfter() {
      return retryAfter;
    }
  }

  /** A hang rule: matching requests wait until {@link #release()}. */
  public static final class Hang implements AutoCloseable {
    private final RequestMatcher matcher;
    private final FaultInjector owner;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    private Hang(RequestMatcher matcher, FaultInjector owner) {
      this.matcher = matcher;
      this.owner = owner;
    }

    /** Lets every held request proceed and stops holding new ones. */
    public void release() {
      owner.hangs.remove(this);
      released.countDown();
    }

    /** Number of requests currently held by this rule. */
    public int waiting() {
      return waiting.get();
    }

    /** Waits until at least {@code count} requests are held; returns whether that happened in time. */
    public boolean awaitWaiting(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (waiting.get() < count) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(5);
      }
      return true;
    }

    /** Same as {@link #release()}. */
    @Override
    public void close() {
      release();
    }

    private void await() throws InterruptedException {
      waiting.incrementAndGet();
      try {
        released.await(Long.MAX_VALUE, TimeUnit.DAYS);
      } finally {
        waiting.decrementAndGet();
      }
    }
  }
}
