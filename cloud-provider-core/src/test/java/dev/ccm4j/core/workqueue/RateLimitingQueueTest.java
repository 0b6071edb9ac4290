package dev.ccm4j.core.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.clock.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitingQueueTest {

  private final ManualClock clock = new ManualClock();
  private final RateLimitingQueue<String> queue = WorkQueues.newRateLimitingQueue("limited", clock,
      WorkQueueMetricsProvider.noop(),
      new ItemExponentialFailureRateLimiter<>(Duration.ofSeconds(1), Duration.ofSeconds(60)));

  @AfterEach
  void tearDown() {
    queue.shutDown();
  }

  @Test
  void rateLimitedAddsWaitForTheLimiterDelay() throws InterruptedException {
    queue.addRateLimited("a");
    assertThat(queue.numRequeues("a")).isEqualTo(1);
    assertThat(queue.len()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.get()).contains("a");
    queue.done("a");

    queue.addRateLimited("a");
    clock.advance(Duration.ofMillis(1999));
    assertThat(queue.len()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void forgetResetsTheBackoff() {
    queue.addRateLimited("a");
    queue.addRateLimited("a");
    assertThat(queue.numRequeues("a")).isEqualTo(2);

    queue.forget("a");

    assertThat(queue.numRequeues("a")).isZero();
    queue.addRateLimited("b");
    queue.addRateLimited("a");
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.len()).as("a waits 1 s again, like b").isEqualTo(2);
  }

  @Test
  void rateLimitedAddKeepsItsPriority() throws InterruptedException {
    queue.addRateLimited("a", Priority.BACKGROUND);
    queue.add("b");
    clock.advance(Duration.ofSeconds(1));

    assertThat(queue.getWithPriority()).contains(new QueueItem<>("b", Priority.FOREGROUND));
    assertThat(queue.getWithPriority()).contains(new QueueItem<>("a", Priority.BACKGROUND));
  }

  @Test
  void addsAfterShutDownAreIgnored() {
    queue.shutDown();
    queue.addRateLimited("a");
    clock.advance(Duration.ofMinutes(5));
    assertThat(queue.len()).isZero();
    assertThat(queue.numRequeues("a")).isZero();
  }
}
