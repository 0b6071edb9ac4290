package dev.ccm4j.core.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.core.clock.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void exponentialBackoffDoublesFromBaseAndResetsOnForget() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(limiter.when("b")).as("per item").isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.numRequeues("a")).isEqualTo(3);

    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void exponentialBackoffIsCappedAndNeverWraps() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
    Duration previous = Duration.ZERO;
    for (int failure = 1; failure <= 10_000; failure++) {
      Duration delay = limiter.when("a");
      assertThat(delay).as("failure %d", failure).isGreaterThanOrEqualTo(previous)
          .isLessThanOrEqualTo(Duration.ofSeconds(1000));
      if (failure == 18) {
        assertThat(delay).isEqualTo(Duration.ofMillis(5L << 17));
      }
      if (failure == 19 || failure == 64 || failure == 65 || failure == 100 || failure == 10_000) {
        assertThat(delay).as("failure %d", failure).isEqualTo(Duration.ofSeconds(1000));
      }
      previous = delay;
    }
    assertThat(limiter.numRequeues("a")).isEqualTo(10_000);
  }

  @Test
  void exponentialBackoffWithHugeBoundsSaturates() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(Duration.ofDays(1), Duration.ofDays(365 * 1000));
    Duration delay = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      delay = limiter.when("a");
    }
    assertThat(delay).isEqualTo(Duration.ofDays(365 * 1000));
  }

  @Test
  void bucketAllowsTheBurstThenSpacesRequestsByOneOverQps() {
    RateLimiter<String> limiter = new BucketRateLimiter<>(10, 100, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.when("item-" + i)).as("burst item %d", i).isZero();
    }
    assertThat(limiter.when("item-100")).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.when("item-101")).isEqualTo(Duration.ofMillis(200));
    assertThat(limiter.when("item-102")).isEqualTo(Duration.ofMillis(300));
    assertThat(limiter.numRequeues("item-100")).isZero();
  }

  @Test
  void bucketRefillsPerSecondOfClockTime() {
    RateLimiter<String> limiter = new BucketRateLimiter<>(10, 100, clock);
    for (int i = 0; i < 100; i++) {
      limiter.when("item-" + i);
    }
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.when("refilled-" + i)).as("token %d refilled within one second", i).isZero();
    }
    assertThat(limiter.when("next")).isEqualTo(Duration.ofMillis(100));

    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.when("again-" + i)).isZero();
    }
    assertThat(limiter.when("over")).as("never more than the burst").isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void bucketRejectsInvalidSettings() {
    assertThatThrownBy(() -> new BucketRateLimiter<String>(0, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BucketRateLimiter<String>(1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxOfTakesTheLongestDelayAndForwardsForget() {
    RateLimiter<String> limiter = new MaxOfRateLimiter<>(List.of(
        new ItemExponentialFailureRateLimiter<String>(Duration.ofMillis(1), Duration.ofSeconds(10)),
        new StepLimiter(Duration.ofMillis(3), Duration.ofSeconds(5), 2)));

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(3));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(3));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(5));
    assertThat(limiter.numRequeues("a")).isEqualTo(4);

    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(3));
  }

  @Test
  void defaultControllerLimiterCombinesBackoffAndPerSecondBucket() {
    RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter(clock);

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    for (int i = 2; i < 100; i++) {
      limiter.when("other-" + i);
    }
    assertThat(limiter.when("x")).as("101st request: bucket delay beats 5 ms backoff")
        .isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.when("y")).isEqualTo(Duration.ofMillis(200));
    assertThat(limiter.numRequeues("a")).isEqualTo(2);
    for (int i = 0; i < 30; i++) {
      limiter.when("a");
    }
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  /**
   * A second limiter for the max-of test whose delays cross the backoff's: a short step for the first attempts, then
   * a long one, counted per item.
   */
  private static final class StepLimiter implements RateLimiter<String> {
    private final Duration shortStep;
    private final Duration longStep;
    private final int shortAttempts;
    private final Map<String, Integer> attempts = new HashMap<>();

    StepLimiter(Duration shortStep, Duration longStep, int shortAttempts) {
      this.shortStep = shortStep;
      this.longStep = longStep;
      this.shortAttempts = shortAttempts;
    }

    @Override
    public Duration when(String item) {
      return attempts.merge(item, 1, Integer::sum) <= shortAttempts ? shortStep : longStep;
    }

    @Override
    public void forget(String item) {
      attempts.remove(item);
    }

    @Override
    public int numRequeues(String item) {
      return attempts.getOrDefault(item, 0);
    }
  }
}
