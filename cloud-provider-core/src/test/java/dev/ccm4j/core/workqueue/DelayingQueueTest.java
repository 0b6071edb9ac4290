package dev.ccm4j.core.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.clock.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayingQueueTest {

  private final ManualClock clock = new ManualClock();
  private final DelayingQueue<String> queue =
      WorkQueues.newDelayingQueue("delaying", clock, WorkQueueMetricsProvider.noop());

  @AfterEach
  void tearDown() {
    queue.shutDown();
  }

  @Test
  void itemBecomesAvailableExactlyWhenItsDelayHasElapsed() throws InterruptedException {
    queue.addAfter("a", Duration.ofSeconds(10));
    assertThat(queue.len()).isZero();
    assertThat(queue.waitingCount()).isEqualTo(1);

    clock.advance(Duration.ofMillis(9999));
    assertThat(queue.len()).isZero();

    clock.advance(Duration.ofMillis(1));
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.waitingCount()).isZero();
    assertThat(queue.get()).contains("a");
  }

  @Test
  void nonPositiveDelayAddsImmediately() {
    queue.addAfter("a", Duration.ZERO);
    queue.addAfter("b", Duration.ofSeconds(-1));
    assertThat(queue.len()).isEqualTo(2);
  }

  @Test
  void itemsBecomeAvailableInReadyTimeOrder() throws InterruptedException {
    queue.addAfter("late", Duration.ofSeconds(3));
    queue.addAfter("early", Duration.ofSeconds(1));
    queue.addAfter("middle", Duration.ofSeconds(2));

    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.len()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));

    assertThat(queue.get()).contains("early");
    assertThat(queue.get()).contains("middle");
    assertThat(queue.get()).contains("late");
  }

  @Test
  void keepsTheEarliestReadyTimeOfADelayedItem() {
    queue.addAfter("a", Duration.ofSeconds(5));
    queue.addAfter("a", Duration.ofSeconds(60));
    assertThat(queue.waitingCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.len()).isEqualTo(1);

    queue.addAfter("b", Duration.ofSeconds(60));
    queue.addAfter("b", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.len()).isEqualTo(2);
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void delayedItemKeepsTheMostUrgentPriority() throws InterruptedException {
    queue.addAfter("a", Duration.ofSeconds(1), Priority.BACKGROUND);
    queue.addAfter("a", Duration.ofSeconds(5), Priority.FOREGROUND);
    queue.addAfter("b", Duration.ofSeconds(1), Priority.BACKGROUND);
    queue.addBackground("c");

    clock.advance(Duration.ofSeconds(1));

    assertThat(queue.getWithPriority()).contains(new QueueItem<>("a", Priority.FOREGROUND));
    assertThat(queue.get()).contains("c");
    assertThat(queue.get()).contains("b");
  }

  @Test
  void neverDropsDelayedItems() throws InterruptedException {
    int count = 20_000;
    for (int i = 0; i < count; i++) {
      queue.addAfter("item-" + i, Duration.ofHours(1).plusMillis(i % 1000));
    }
    assertThat(queue.waitingCount()).isEqualTo(count);

    clock.advance(Duration.ofMinutes(59));
    assertThat(queue.len()).isZero();
    clock.advance(Duration.ofMinutes(2));

    assertThat(queue.len()).isEqualTo(count);
    Set<String> delivered = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String item = queue.get().orElseThrow();
      delivered.add(item);
      queue.done(item);
    }
    assertThat(delivered).hasSize(count);
  }

  @Test
  void shutDownDiscardsDelayedItemsAndIgnoresNewOnes() throws InterruptedException {
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.shutDown();
    queue.addAfter("b", Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));

    assertThat(queue.waitingCount()).isZero();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void waitingThreadDeliversDelayedItemsOnTheSystemClock() throws InterruptedException {
    DelayingQueue<String> real =
        WorkQueues.newDelayingQueue("real", Clock.system(), WorkQueueMetricsProvider.noop());
    try {
      long start = System.nanoTime();
      real.addAfter("later", Duration.ofMillis(200));
      real.addAfter("sooner", Duration.ofMillis(20));

      Optional<String> first = real.get();
      Optional<String> second = real.get();

      assertThat(first).contains("sooner");
      assertThat(second).contains("later");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    } finally {
      real.shutDown();
    }
  }

  @Test
  void waitingThreadEndsOnShutDown() throws InterruptedException {
    DelayingQueue<String> other =
        WorkQueues.newDelayingQueue("ends", clock, WorkQueueMetricsProvider.noop());
    Thread loop = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("ends-delaying-queue"))
        .findFirst().orElseThrow();
    assertThat(loop.isDaemon()).isTrue();

    other.shutDown();
    loop.join(10_000);

    assertThat(loop.isAlive()).isFalse();
  }
}
