package dev.ccm4j.core.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final WorkQueue<String> queue =
      WorkQueues.newWorkQueue("test", new ManualClock(), WorkQueueMetricsProvider.noop());
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    queue.shutDown();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void handsItemsOutInFifoOrder() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    queue.add("c");

    assertThat(List.of(take(), take(), take())).containsExactly("a", "b", "c");
    assertThat(queue.len()).isZero();
  }

  @Test
  void collapsesDuplicatesWhileQueued() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    queue.add("a");

    assertThat(queue.len()).isEqualTo(2);
    assertThat(take()).isEqualTo("a");
    assertThat(take()).isEqualTo("b");
    assertThat(queue.len()).isZero();
  }

  @Test
  void itemAddedWhileProcessingIsQueuedAgainOnlyAfterDone() throws InterruptedException {
    queue.add("a");
    String item = take();

    queue.add("a");
    queue.add("a");
    assertThat(queue.len()).as("a processing item is not queued twice").isZero();

    queue.done(item);
    assertThat(queue.len()).isEqualTo(1);
    assertThat(take()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.len()).isZero();
  }

  @Test
  void doneWithoutReAddDoesNotRequeue() throws InterruptedException {
    queue.add("a");
    queue.done(take());
    queue.done("a");
    assertThat(queue.len()).isZero();
  }

  @Test
  void neverHandsOneItemToTwoWorkersAtOnce() throws Exception {
    int workers = 6;
    int keys = 5;
    int addsPerKey = 400;
    ConcurrentHashMap<String, AtomicInteger> active = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      futures.add(executor.submit(() -> {
        while (true) {
          Optional<String> item = queue.get();
          if (item.isEmpty()) {
            return null;
          }
          AtomicInteger counter = active.computeIfAbsent(item.get(), k -> new AtomicInteger());
          if (counter.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          processed.incrementAndGet();
          Thread.yield();
          counter.decrementAndGet();
          queue.done(item.get());
        }
      }));
    }
    List<Future<?>> producers = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String key = "key-" + k;
      producers.add(executor.submit(() -> {
        for (int i = 0; i < addsPerKey; i++) {
          queue.add(key);
          Thread.yield();
        }
      }));
    }
    for (Future<?> producer : producers) {
      producer.get(30, TimeUnit.SECONDS);
    }
    // Every key was added after the producers' last add, so each is processed at least once more.
    queue.shutDownWithDrain();
    for (Future<?> future : futures) {
      future.get(30, TimeUnit.SECONDS);
    }

    assertThat(overlaps).hasValue(0);
    assertThat(processed.get()).isBetween(1, keys * addsPerKey);
  }

  @Test
  void foregroundItemsAreHandedOutBeforeBackgroundOnes() throws InterruptedException {
    queue.addBackground("resync-1");
    queue.addBackground("resync-2");
    queue.add("new-1");
    queue.add("new-2");

    assertThat(List.of(take(), take(), take(), take()))
        .containsExactly("new-1", "new-2", "resync-1", "resync-2");
  }

  @Test
  void backgroundItemAddedInForegroundIsPromotedOnce() throws InterruptedException {
    queue.addBackground("a");
    queue.addBackground("b");
    queue.add("c");
    queue.add("b");

    assertThat(queue.len()).isEqualTo(3);
    Optional<QueueItem<String>> first = queue.getWithPriority();
    Optional<QueueItem<String>> second = queue.getWithPriority();
    Optional<QueueItem<String>> third = queue.getWithPriority();
    assertThat(first).contains(new QueueItem<>("c", Priority.FOREGROUND));
    assertThat(second).contains(new QueueItem<>("b", Priority.FOREGROUND));
    assertThat(third).contains(new QueueItem<>("a", Priority.BACKGROUND));
  }

  @Test
  void foregroundItemIsNotDemotedByBackgroundAdd() throws InterruptedException {
    queue.add("a");
    queue.addBackground("a");
    queue.addBackground("b");

    assertThat(queue.getWithPriority()).contains(new QueueItem<>("a", Priority.FOREGROUND));
  }

  @Test
  void promotionWhileProcessingAppliesWhenRequeuedOnDone() throws InterruptedException {
    queue.addBackground("a");
    String item = take();
    queue.addBackground("a");
    queue.add("a");
    queue.addBackground("z");

    queue.done(item);

    assertThat(queue.getWithPriority()).contains(new QueueItem<>("a", Priority.FOREGROUND));
    assertThat(queue.getWithPriority()).contains(new QueueItem<>("z", Priority.BACKGROUND));
  }

  @Test
  void shutDownReleasesBlockedGettersWithNothing() throws Exception {
    CountDownLatch getting = new CountDownLatch(2);
    List<Future<Optional<String>>> getters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      getters.add(executor.submit(() -> {
        getting.countDown();
        return queue.get();
      }));
    }
    assertThat(getting.await(10, TimeUnit.SECONDS)).isTrue();

    queue.shutDown();

    for (Future<Optional<String>> getter : getters) {
      assertThat(getter.get(10, TimeUnit.SECONDS)).isEmpty();
    }
    assertThat(queue.isShuttingDown()).isTrue();
  }

  @Test
  void afterShutDownAddsAreIgnoredAndWaitingItemsDiscarded() throws InterruptedException {
    queue.add("a");
    queue.shutDown();
    queue.add("b");

    assertThat(queue.len()).isZero();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void shutDownWithDrainWaitsForProcessingItems() throws Exception {
    queue.add("a");
    queue.add("b");
    String a = take();
    String b = take();
    CountDownLatch draining = new CountDownLatch(1);
    Future<?> drain = executor.submit(() -> {
      draining.countDown();
      queue.shutDownWithDrain();
      return null;
    });
    assertThat(draining.await(10, TimeUnit.SECONDS)).isTrue();

    queue.done(a);
    assertThat(drain.isDone()).as("b is still processing").isFalse();
    queue.done(b);

    drain.get(10, TimeUnit.SECONDS);
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void boundedDrainReportsItemsStillProcessing() throws InterruptedException {
    queue.add("a");
    take();
    assertThat(queue.shutDownWithDrain(Duration.ofMillis(1))).isFalse();
    queue.done("a");
    assertThat(queue.shutDownWithDrain(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void getHonoursInterruption() throws InterruptedException {
    AtomicInteger outcome = new AtomicInteger();
    Thread getter = new Thread(() -> {
      try {
        queue.get();
        outcome.set(1);
      } catch (InterruptedException expected) {
        outcome.set(2);
      }
    });
    getter.start();
    getter.interrupt();
    getter.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(getter.isAlive()).isFalse();
    assertThat(outcome).hasValue(2);
  }

  private String take() throws InterruptedException {
    return queue.get().orElseThrow();
  }
}
