package dev.ccm4j.core.cloud;

import dev.ccm4j.core.testing.Exposition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.ThrottledException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloudCallGovernorTest {
  private static final long SECOND = 1_000_000_000L;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ManualTime time = new ManualTime();
  private CloudCallGovernor governor;

  @AfterEach
  void close() {
    if (governor != null) {
      governor.close();
    }
  }

  private CloudCallGovernor.Builder manual(String provider) {
    return CloudCallGovernor.builder(provider, registry).time(time::nanoTime, time);
  }

  @Test
  void burstIsFreeThenCallsWaitOneTokenInterval() {
    governor = manual("fake").qps(10).burst(5).build();
    long start = time.nanoTime();

    for (int i = 0; i < 25; i++) {
      assertThat(governor.call("ListRoutes", () -> "ok")).isEqualTo("ok");
    }

    // 5 tokens from the burst, then 20 tokens at 10 per second.
    assertThat(time.sleeps()).hasSize(20);
    assertThat(time.sleeps()).allSatisfy(s -> assertThat(s).isBetween(SECOND / 10, SECOND / 10 + 1));
    assertThat(time.nanoTime() - start).isBetween(2 * SECOND, 2 * SECOND + 20);
    assertThat(Exposition.of(registry))
        .contains("cloudprovider_api_rate_limiter_wait_seconds_count{provider=\"fake\"} 25")
        .containsPattern("cloudprovider_api_rate_limiter_wait_seconds_sum\\{provider=\"fake\"} 2\\.0");
  }

  @Test
  void idleTimeRefillsTheBucketUpToBurstOnly() {
    governor = manual("fake").qps(1).burst(3).build();
    for (int i = 0; i < 3; i++) {
      governor.run("ListRoutes", () -> {});
    }
    assertThat(time.sleeps()).isEmpty();

    time.advance(100 * SECOND);
    for (int i = 0; i < 4; i++) {
      governor.run("ListRoutes", () -> {});
    }

    assertThat(time.sleeps()).containsExactly(SECOND);
  }

  @Test
  void timeoutInterruptsTheHangingCallAndSaysWhatTimedOut() throws Exception {
    governor = CloudCallGovernor.builder("hangcloud", registry).timeout(Duration.ofMillis(200)).build();
    CountDownLatch interrupted = new CountDownLatch(1);

    assertThatThrownBy(() -> governor.call("EnsureLoadBalancer", () -> {
      try {
        new CountDownLatch(1).await();
        return "never";
      } catch (InterruptedException e) {
        interrupted.countDown();
        Thread.currentThread().interrupt();
        throw new CloudProviderException("interrupted");
      }
    }))
        .isInstanceOf(CloudCallTimeoutException.class)
        .hasMessageContaining("hangcloud")
        .hasMessageContaining("EnsureLoadBalancer")
        .hasMessageContaining("200ms")
        .satisfies(e -> assertThat(((CloudCallTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(200)));

    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Exposition.of(registry)).contains(
        "cloudprovider_api_requests_total{operation=\"EnsureLoadBalancer\",provider=\"hangcloud\",result=\"timeout\"} 1");
    // The slot of the timed-out call is free again.
    assertThat(governor.call("EnsureLoadBalancer", () -> "next")).isEqualTo("next");
  }

  @Test
  void retryAfterFromAThrottleDelaysEveryOperation() {
    governor = manual("fake").qps(100).burst(100).build();
    ThrottledException throttled = new ThrottledException("429 slow down", Duration.ofSeconds(7), null);
    RuntimeException wrapped = new IllegalStateException("sdk error", throttled);

    long before = time.nanoTime();
    assertThatThrownBy(() -> governor.call("EnsureLoadBalancer", () -> {
      throw wrapped;
    })).isSameAs(wrapped);
    assertThat(time.nanoTime()).isEqualTo(before);

    governor.call("InstanceMetadata", () -> "ok");

    assertThat(time.nanoTime() - before).isGreaterThanOrEqualTo(7 * SECOND);
    assertThat(Exposition.of(registry)).contains(
        "cloudprovider_api_requests_total{operation=\"EnsureLoadBalancer\",provider=\"fake\",result=\"throttled\"} 1");
  }

  @Test
  void aCallAlreadyWaitingForATokenAlsoHonoursALaterRetryAfter() {
    AtomicReference<CloudCallGovernor> ref = new AtomicReference<>();
    // The sleeper reports a throttle from "another thread" while the first caller waits for its token.
    Sleeper sleeper = new Sleeper() {
      private boolean fired;

      @Override
      public void sleepNanos(long nanos) {
        time.sleepNanos(nanos);
        if (!fired && nanos > 0) {
          fired = true;
          assertThatThrownBy(() -> ref.get().run("ListRoutes", () -> {
            throw new ThrottledException("quota", Duration.ofSeconds(30), null);
          })).isInstanceOf(ThrottledException.class);
        }
      }
    };
    governor = CloudCallGovernor.builder("fake", registry).qps(1).burst(1).time(time::nanoTime, sleeper).build();
    ref.set(governor);
    governor.run("ListRoutes", () -> {});
    long before = time.nanoTime();

    governor.run("CreateRoute", () -> {});

    assertThat(time.nanoTime() - before).isGreaterThanOrEqualTo(31 * SECOND);
  }

  @Test
  void throttlingHalvesTheRateDownToTheFloorAndSuccessesRecoverIt() {
    governor = manual("aimd").qps(16).burst(16).minQps(1).recoveryStep(4).build();
    Runnable throttle = () -> assertThatThrownBy(() -> governor.run("ListRoutes", () -> {
      throw new ThrottledException("throttled");
    })).isInstanceOf(ThrottledException.class);

    throttle.run();
    assertThat(governor.effectiveQps()).isEqualTo(8);
    assertThat(Exposition.of(registry)).contains("cloudprovider_api_rate_limit_qps{provider=\"aimd\"} 8.0");
    throttle.run();
    throttle.run();
    throttle.run();
    throttle.run();
    assertThat(governor.effectiveQps()).isEqualTo(1);

    governor.run("ListRoutes", () -> {});
    assertThat(governor.effectiveQps()).isEqualTo(5);
    governor.run("ListRoutes", () -> {});
    governor.run("ListRoutes", () -> {});
    governor.run("ListRoutes", () -> {});
    governor.run("ListRoutes", () -> {});
    assertThat(governor.effectiveQps()).isEqualTo(16);
    assertThat(Exposition.of(registry)).contains("cloudprovider_api_rate_limit_qps{provider=\"aimd\"} 16.0");
  }

  @Test
  void aThrottleDropsTheSavedUpBurstSoCallsArePacedAtTheReducedRate() {
    governor = manual("fake").qps(10).burst(10).build();
    assertThatThrownBy(() -> governor.run("ListRoutes", () -> {
      throw new ThrottledException("throttled");
    })).isInstanceOf(ThrottledException.class);
    time.sleeps();

    governor.run("ListRoutes", () -> {});

    // The next call waits a full token at the halved rate (5 per second) instead of using the burst.
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isBetween(SECOND / 5, SECOND / 5 + 1);
  }

  @Test
  void providerExceptionsPropagateUnchangedAndAreClassified() {
    governor = manual("fake").build();
    NotImplementedException notImplemented = new NotImplementedException("instanceShutdownByProviderId");
    InstanceNotFoundException notFound = new InstanceNotFoundException("fake://i-1");
    UncheckedIOException io = new UncheckedIOException(new IOException("connection reset"));
    AssertionError error = new AssertionError("boom");

    assertThatThrownBy(() -> governor.call("InstanceShutdown", () -> {
      throw notImplemented;
    })).isSameAs(notImplemented);
    assertThatThrownBy(() -> governor.call("InstanceMetadata", () -> {
      throw notFound;
    })).isSameAs(notFound);
    assertThatThrownBy(() -> governor.call("ListRoutes", () -> {
      throw io;
    })).isSameAs(io);
    assertThatThrownBy(() -> governor.call("ListRoutes", () -> {
      throw error;
    })).isSameAs(error);

    assertThat(Exposition.of(registry))
        .contains("cloudprovider_api_requests_total{operation=\"InstanceShutdown\",provider=\"fake\",result=\"not_implemented\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"InstanceMetadata\",provider=\"fake\",result=\"not_found\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"ListRoutes\",provider=\"fake\",result=\"error\"} 2");
    assertThat(governor.effectiveQps()).isEqualTo(CloudCallGovernor.DEFAULT_QPS);
  }

  @Test
  void metricsShowRequestsAndDurationsAndRegisterOncePerRegistry() {
    governor = manual("fake").build();
    try (CloudCallGovernor other = manual("other").build()) {
      governor.call("ListRoutes", () -> {
        time.advance(SECOND / 2);
        return 1;
      });
      governor.call("ListRoutes", () -> 2);
      other.run("CreateRoute", () -> {});
    }

    String text = Exposition.of(registry);
    assertThat(text)
        .contains("# TYPE cloudprovider_api_requests_total counter")
        .contains("cloudprovider_api_requests_total{operation=\"ListRoutes\",provider=\"fake\",result=\"success\"} 2")
        .contains("cloudprovider_api_requests_total{operation=\"CreateRoute\",provider=\"other\",result=\"success\"} 1")
        .contains("# TYPE cloudprovider_api_request_duration_seconds histogram")
        .contains("cloudprovider_api_request_duration_seconds_count{operation=\"ListRoutes\",provider=\"fake\"} 2")
        .contains("cloudprovider_api_request_duration_seconds_sum{operation=\"ListRoutes\",provider=\"fake\"} 0.5")
        .contains("cloudprovider_api_request_duration_seconds_bucket{operation=\"ListRoutes\",provider=\"fake\",le=\"0.5\"} 2")
        .contains("cloudprovider_api_request_duration_seconds_bucket{operation=\"ListRoutes\",provider=\"fake\",le=\"0.25\"} 1");
  }

  @Test
  void interruptionWhileWaitingForATokenFailsPromptlyWithTheFlagSet() throws Exception {
    governor = CloudCallGovernor.builder("slow", registry).qps(0.001).burst(1).build();
    governor.run("ListRoutes", () -> {});
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    Thread caller = new Thread(() -> {
      try {
        governor.run("ListRoutes", called::countDown);
      } catch (RuntimeException e) {
        thrown.set(e);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.setDaemon(true);
    caller.start();

    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(caller.isAlive()).isFalse();
    assertThat(called.getCount()).isEqualTo(1);
    assertThat(thrown.get()).isInstanceOf(CloudCallInterruptedException.class).hasMessageContaining("ListRoutes");
    assertThat(flag.get()).isTrue();
  }
}
