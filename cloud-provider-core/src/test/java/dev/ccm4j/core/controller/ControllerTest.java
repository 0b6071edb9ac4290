package dev.ccm4j.core.controller;

import dev.ccm4j.core.testing.Exposition;
import dev.ccm4j.core.health.HealthStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.core.workqueue.ItemExponentialFailureRateLimiter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {

  private static final long WAIT_SECONDS = 20;

  private final ManualClock clock = new ManualClock();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<Controller<String>> controllers = new ArrayList<>();

  @AfterEach
  void stopControllers() {
    controllers.forEach(Controller::stop);
  }

  private Controller<String> controller(String name, int workers, Reconciler<String> reconciler) {
    Controller<String> controller = Controller.<String>builder()
        .name(name)
        .workers(workers)
        .reconciler(reconciler)
        .clock(clock)
        .rateLimiter(new ItemExponentialFailureRateLimiter<>(Duration.ofSeconds(1), Duration.ofSeconds(60)))
        .metricsRegistry(registry)
        .stopTimeout(Duration.ofSeconds(WAIT_SECONDS))
        .build();
    controllers.add(controller);
    return controller;
  }

  @Test
  void reconcilesEveryEnqueuedKey() throws Exception {
    Set<String> reconciled = ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(50);
    Controller<String> controller = controller("every", 3, key -> {
      if (reconciled.add(key)) {
        all.countDown();
      }
      return ReconcileResult.done();
    });
    controller.start();
    for (int i = 0; i < 50; i++) {
      controller.enqueue("key-" + i);
    }

    assertThat(all.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(reconciled).hasSize(50);
    awaitTrue(() -> scrape().contains(
        "ccm4j_controller_reconcile_total{controller=\"every\",result=\"success\"} 50.0"));
  }

  @Test
  void requeueAfterWaitsForTheClock() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(1);
    Controller<String> controller = controller("later", 1, key -> {
      if (calls.incrementAndGet() == 1) {
        return ReconcileResult.requeueAfter(Duration.ofSeconds(30));
      }
      second.countDown();
      return ReconcileResult.done();
    });
    controller.start();
    controller.enqueue("a");
    awaitTrue(() -> controller.delayedCount() == 1);

    clock.advance(Duration.ofSeconds(29));
    assertThat(controller.delayedCount()).isEqualTo(1);
    assertThat(controller.queueLength()).isZero();
    assertThat(calls).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(second.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(calls).hasValue(2);
  }

  @Test
  void failuresBackOffAndAreRetriedUntilSuccess() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch succeeded = new CountDownLatch(1);
    Controller<String> controller = controller("flaky", 2, key -> {
      int call = calls.incrementAndGet();
      if (call == 1) {
        throw new IllegalStateException("cloud unavailable");
      }
      if (call == 2) {
        return ReconcileResult.failure(new IOException("timeout"));
      }
      if (call == 3) {
        return ReconcileResult.requeue();
      }
      succeeded.countDown();
      return ReconcileResult.done();
    });
    controller.start();
    controller.enqueue("a");

    for (long backoffSeconds : new long[] {1, 2, 4}) {
      int callsSoFar = calls.get();
      awaitTrue(() -> controller.delayedCount() == 1);
      clock.advance(Duration.ofSeconds(backoffSeconds).minusMillis(1));
      assertThat(controller.delayedCount()).as("still backing off %ss", backoffSeconds).isEqualTo(1);
      clock.advance(Duration.ofMillis(1));
      awaitTrue(() -> calls.get() > callsSoFar);
    }

    assertThat(succeeded.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    awaitTrue(() -> scrape().contains(
        "ccm4j_controller_reconcile_total{controller=\"flaky\",result=\"success\"} 1.0"));
    String metrics = scrape();
    assertThat(metrics)
        .contains("ccm4j_controller_reconcile_total{controller=\"flaky\",result=\"error\"} 2.0")
        .contains("ccm4j_controller_reconcile_total{controller=\"flaky\",result=\"requeue\"} 1.0")
        .contains("workqueue_retries_total{name=\"flaky\"} 3.0")
        .contains("workqueue_adds_total{name=\"flaky\"} 4.0");
    assertThat(controller.check()).isEqualTo(HealthStatus.ok());
  }

  @Test
  void throwingOrNullReturningReconcilerDoesNotKillWorkers() throws Exception {
    CountDownLatch good = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    Controller<String> controller = controller("sturdy", 1, key -> {
      seen.add(key);
      switch (key) {
        case "runtime" -> throw new IllegalArgumentException("boom");
        case "checked" -> throw new Exception("checked boom");
        case "error" -> throw new AssertionError("assertion boom");
        case "null" -> {
          return null;
        }
        default -> {
          good.countDown();
          return ReconcileResult.done();
        }
      }
    });
    controller.start();
    List.of("runtime", "checked", "error", "null", "good").forEach(controller::enqueue);

    assertThat(good.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("runtime", "checked", "error", "null", "good");
    awaitTrue(() -> controller.delayedCount() == 4);
    assertThat(controller.check()).isEqualTo(HealthStatus.ok());
    assertThat(controller.isRunning()).isTrue();
    awaitTrue(() -> scrape().contains(
        "ccm4j_controller_reconcile_total{controller=\"sturdy\",result=\"error\"} 4.0"));

    clock.advance(Duration.ofSeconds(1));
    awaitTrue(() -> seen.size() == 9);
    assertThat(seen.subList(5, 9)).containsExactlyInAnyOrder("runtime", "checked", "error", "null");
  }

  @Test
  void neverReconcilesOneKeyInTwoWorkersAtOnce() throws Exception {
    Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger reconciles = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(2000);
    Controller<String> controller = controller("exclusive", 4, key -> {
      AtomicInteger running = active.computeIfAbsent(key, k -> new AtomicInteger());
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      reconciles.incrementAndGet();
      Thread.yield();
      running.decrementAndGet();
      enough.countDown();
      return ReconcileResult.done();
    });
    controller.start();
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Thread producer = new Thread(() -> {
        while (enough.getCount() > 0) {
          for (int k = 0; k < 3; k++) {
            controller.enqueue("key-" + k);
          }
          Thread.yield();
        }
      });
      producer.start();
      producers.add(producer);
    }

    assertThat(enough.await(WAIT_SECONDS * 2, TimeUnit.SECONDS)).isTrue();
    for (Thread producer : producers) {
      producer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
    assertThat(controller.stop()).isTrue();
    assertThat(overlaps).hasValue(0);
    assertThat(reconciles.get()).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void foregroundKeysAreReconciledBeforeBackgroundKeys() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(3);
    Controller<String> controller = controller("lanes", 1, key -> {
      order.add(key);
      all.countDown();
      return ReconcileResult.done();
    });
    controller.enqueueBackground("resync-1");
    controller.enqueueBackground("resync-2");
    controller.enqueue("new-1");
    controller.enqueueBackground("new-1");
    controller.enqueue("resync-2");
    controller.start();

    assertThat(all.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("new-1", "resync-2", "resync-1");
  }

  @Test
  void stopDrainsInFlightReconcilesThenJoinsWorkers() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Set<String> finished = ConcurrentHashMap.newKeySet();
    Controller<String> controller = controller("draining", 2, key -> {
      if (key.equals("slow")) {
        entered.countDown();
        assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      }
      finished.add(key);
      return ReconcileResult.done();
    });
    controller.start();
    List<Thread> workers = workerThreads("draining");
    assertThat(workers).hasSize(2).allMatch(Thread::isDaemon);
    controller.enqueue("slow");
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(controller::stop);
    awaitTrue(() -> controller.check().message().contains("stopped"));
    controller.enqueue("after-stop");
    assertThat(stopped).isNotDone();
    assertThat(finished).doesNotContain("slow");

    release.countDown();

    assertThat(stopped.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(finished).containsExactly("slow");
    assertThat(workers).noneMatch(Thread::isAlive);
    assertThat(controller.isRunning()).isFalse();
    assertThat(controller.stop()).as("stop is idempotent").isTrue();
  }

  @Test
  void stopInterruptsReconcilesThatOutliveTheStopTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    Controller<String> controller = Controller.<String>builder()
        .name("stuck")
        .reconciler(key -> {
          entered.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
          return ReconcileResult.done();
        })
        .clock(clock)
        .stopTimeout(Duration.ofMillis(50))
        .build();
    controllers.add(controller);
    controller.start();
    controller.enqueue("a");
    assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    assertThat(controller.stop()).isTrue();

    assertThat(interrupted).hasValue(1);
    assertThat(workerThreads("stuck")).noneMatch(Thread::isAlive);
  }

  @Test
  void healthCheckReportsLifecycle() {
    Controller<String> controller = controller("health", 1, key -> ReconcileResult.done());
    assertThat(controller.name()).isEqualTo("health");
    assertThat(controller.check().healthy()).isFalse();
    assertThat(controller.check().message()).contains("health").contains("not been started");

    controller.start();
    assertThat(controller.check()).isEqualTo(HealthStatus.ok());
    assertThat(controller.isRunning()).isTrue();
    assertThatThrownBy(controller::start).isInstanceOf(IllegalStateException.class);

    assertThat(controller.stop()).isTrue();
    assertThat(controller.check()).isEqualTo(HealthStatus.unhealthy("controller health is stopped"));
    assertThat(controller.isRunning()).isFalse();
    assertThatThrownBy(controller::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsIncompleteSettings() {
    assertThatThrownBy(() -> Controller.<String>builder().reconciler(k -> ReconcileResult.done()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Controller.<String>builder().name("x").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Controller.<String>builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Thread> workerThreads(String controller) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(controller + "-worker-"))
        .toList();
  }

  private String scrape() {
    return Exposition.of(registry);
  }

  /** Polls a condition that another thread will make true; the deadline only guards against hangs. */
  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("condition not met within %d s", WAIT_SECONDS);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void periodicTasksRunOnTheControllersClockAndStopWithIt() throws Exception {
    AtomicInteger fixedDelay = new AtomicInteger();
    AtomicInteger fixedRate = new AtomicInteger();
    AtomicInteger failing = new AtomicInteger();
    Controller<String> controller = Controller.<String>builder()
        .name("periodic")
        .reconciler(key -> ReconcileResult.done())
        .clock(clock)
        .periodic(Duration.ofSeconds(10), Duration.ofSeconds(10), fixedDelay::incrementAndGet)
        .periodicAtFixedRate(Duration.ZERO, Duration.ofSeconds(5), fixedRate::incrementAndGet)
        .periodic(Duration.ZERO, Duration.ofSeconds(5), () -> {
          failing.incrementAndGet();
          throw new IOException("cloud down");
        })
        .build();
    controllers.add(controller);
    controller.start();
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> fixedRate.get() == 1 && failing.get() == 1);
    assertThat(fixedDelay.get()).as("not due before its initial delay").isZero();
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> {
      clock.advance(Duration.ofSeconds(5));
      return fixedDelay.get() >= 2 && failing.get() >= 3;
    });
    assertThat(controller.check()).as("a failing periodic pass is retried, not fatal").isEqualTo(HealthStatus.ok());
    assertThat(controller.stop()).isTrue();
    int after = fixedDelay.get();
    clock.advance(Duration.ofMinutes(5));
    assertThat(fixedDelay.get()).as("no pass after stop").isEqualTo(after);
  }

  @Test
  void theManagedShapeHasItsOwnNameStartAndStopActionsAndHealth() throws Exception {
    List<String> actions = new CopyOnWriteArrayList<>();
    AtomicInteger passes = new AtomicInteger();
    Controller<String> controller = Controller.<String>builder()
        .name("Queue")
        .managedName("my-controller")
        .clock(clock)
        .periodic(Duration.ZERO, Duration.ofSeconds(1), passes::incrementAndGet)
        .onStart(() -> actions.add("start"))
        .onStop(() -> actions.add("stop"))
        .healthCheck(() -> passes.get() > 0 ? HealthStatus.unhealthy("last pass failed") : HealthStatus.ok())
        .build();
    controllers.add(controller);
    ManagedController managed = controller;
    assertThat(managed.name()).isEqualTo("my-controller");
    assertThat(controller.queueName()).isEqualTo("Queue");
    managed.start();
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> passes.get() > 0);
    assertThat(actions).containsExactly("start");
    assertThat(managed.check()).isEqualTo(HealthStatus.unhealthy("last pass failed"));
    assertThat(managed.stop()).isTrue();
    assertThat(actions).containsExactly("start", "stop");
  }

  @Test
  void aControllerNeedsAReconcilerUnlessItOnlyRunsPeriodicTasks() {
    assertThatThrownBy(() -> Controller.<String>builder().name("nothing").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a reconciler");
    assertThatThrownBy(() -> Controller.<String>builder().name("p")
        .periodic(Duration.ZERO, Duration.ZERO, () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
  }
}
