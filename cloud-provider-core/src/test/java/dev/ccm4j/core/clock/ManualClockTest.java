package dev.ccm4j.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void advanceMovesMonotonicAndWallTimeTogether() {
    ManualClock clock = new ManualClock(Instant.parse("2030-05-01T10:00:00Z"));
    long before = clock.nanoTime();

    clock.advance(Duration.ofMillis(1500));

    assertThat(clock.nanoTime() - before).isEqualTo(1_500_000_000L);
    assertThat(clock.now()).isEqualTo(Instant.parse("2030-05-01T10:00:01.500Z"));
  }

  @Test
  void cannotGoBackwards() {
    ManualClock clock = new ManualClock();
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.now()).isEqualTo(ManualClock.DEFAULT_START);
  }

  @Test
  void listenersRunBeforeAdvanceReturnsUntilUnsubscribed() {
    ManualClock clock = new ManualClock();
    AtomicInteger calls = new AtomicInteger();
    Clock.Subscription subscription = clock.onAdvance(calls::incrementAndGet);

    clock.advance(Duration.ofSeconds(1));
    assertThat(calls).hasValue(1);

    subscription.close();
    clock.advance(Duration.ofSeconds(1));
    assertThat(calls).hasValue(1);
  }

  @Test
  void concurrentAdvancesAreNotLost() throws InterruptedException {
    ManualClock clock = new ManualClock();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          clock.advance(Duration.ofNanos(1));
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(clock.nanoTime()).isEqualTo(4000);
  }

  @Test
  void awaitUntilReturnsOnlyOnceTheDeadlineIsReached() throws InterruptedException {
    ManualClock clock = new ManualClock();
    ReentrantLock lock = new ReentrantLock();
    Condition condition = lock.newCondition();
    long deadline = clock.nanoTime() + Duration.ofSeconds(10).toNanos();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean reached = new AtomicBoolean();
    AtomicInteger wakeUps = new AtomicInteger();
    Thread waiter = new Thread(() -> {
      lock.lock();
      try {
        waiting.countDown();
        while (deadline - clock.nanoTime() > 0) {
          clock.awaitUntil(lock, condition, deadline);
          wakeUps.incrementAndGet();
        }
        reached.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    });
    waiter.start();
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

    // The waiter holds the lock until it is parked in the condition, so taking the lock proves it is waiting.
    lock.lock();
    lock.unlock();
    clock.advance(Duration.ofSeconds(4));
    assertThat(reached).as("deadline not reached yet").isFalse();
    clock.advance(Duration.ofSeconds(6));
    waiter.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(waiter.isAlive()).isFalse();
    assertThat(reached).isTrue();
    assertThat(wakeUps.get()).as("woken by the advances, not by itself").isBetween(1, 2);
  }

  @Test
  void systemClockWaitsInRealTime() throws InterruptedException {
    Clock clock = Clock.system();
    ReentrantLock lock = new ReentrantLock();
    Condition condition = lock.newCondition();
    long deadline = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    lock.lock();
    try {
      while (deadline - clock.nanoTime() > 0) {
        clock.awaitUntil(lock, condition, deadline);
      }
    } finally {
      lock.unlock();
    }
    assertThat(clock.nanoTime() - deadline).isNotNegative();
    assertThat(clock.now()).isAfter(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void advanceRunsDueTasksInTimeOrderAtTheirDueTime() {
    ManualClock clock = new ManualClock();
    java.util.List<String> runs = new java.util.ArrayList<>();
    clock.schedule(Duration.ofSeconds(2), () -> runs.add("two@" + clock.nanoTime()));
    clock.schedule(Duration.ofSeconds(1), () -> runs.add("one@" + clock.nanoTime()));
    Clock.Subscription cancelled = clock.schedule(Duration.ofSeconds(1), () -> runs.add("cancelled"));
    cancelled.close();

    clock.advance(Duration.ofMillis(999));
    assertThat(runs).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(runs).containsExactly("one@1000000000", "two@2000000000");
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(5999).toNanos());
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void fixedDelayTasksRepeatUntilClosedAndSurviveFailures() {
    ManualClock clock = new ManualClock();
    AtomicInteger runs = new AtomicInteger();
    Clock.Subscription periodic = clock.scheduleWithFixedDelay(Duration.ZERO, Duration.ofSeconds(10), () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("a failing run must not stop the next");
    });
    clock.advance(Duration.ZERO);
    assertThat(runs).hasValue(1);
    clock.advance(Duration.ofSeconds(35));
    assertThat(runs).hasValue(4);
    periodic.close();
    clock.advance(Duration.ofMinutes(5));
    assertThat(runs).hasValue(4);
    assertThatThrownBy(() -> clock.scheduleWithFixedDelay(Duration.ZERO, Duration.ZERO, () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sleepReturnsWhenTheClockIsAdvancedPastTheDeadline() throws Exception {
    ManualClock clock = new ManualClock();
    CountDownLatch woke = new CountDownLatch(1);
    Thread sleeper = new Thread(() -> {
      try {
        clock.sleep(Duration.ofSeconds(30));
        woke.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    sleeper.start();
    // The sleeper reads its deadline when it starts sleeping, so advance only once it waits.
    org.awaitility.Awaitility.await().until(() -> sleeper.getState() == Thread.State.WAITING);
    clock.advance(Duration.ofSeconds(29));
    assertThat(woke.await(50, TimeUnit.MILLISECONDS)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(woke.await(10, TimeUnit.SECONDS)).isTrue();
    sleeper.join();
  }

  @Test
  void systemClockRunsScheduledTasks() throws Exception {
    CountDownLatch ran = new CountDownLatch(2);
    Clock.Subscription periodic =
        Clock.system().scheduleWithFixedDelay(Duration.ZERO, Duration.ofMillis(1), ran::countDown);
    try {
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      periodic.close();
    }
    CountDownLatch once = new CountDownLatch(1);
    Clock.system().schedule(Duration.ofMillis(1), once::countDown);
    assertThat(once.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
