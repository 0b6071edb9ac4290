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
}
