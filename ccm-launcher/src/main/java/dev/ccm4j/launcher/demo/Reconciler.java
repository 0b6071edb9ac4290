package dev.ccm4j.launcher.demo;

import dev.ccm4j.core.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A level-triggered control loop on its own thread: every change {@link #trigger}s one pass over the whole cache
 * (the demo holds a handful of objects, so a full pass is cheaper to reason about than per-key queues), passes
 * coalesce, a failed pass is retried soon, and a periodic pass catches whatever an event did not say.
 */
abstract class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final long RETRY_MILLIS = 300;

  private final String name;
  private final DemoInformers informers;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean pending = new AtomicBoolean();

  Reconciler(String name, DemoInformers informers, Duration resync) {
    this.name = name;
    this.informers = informers;
    this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("demo-" + name));
    thread.scheduleWithFixedDelay(this::trigger, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass soon; passes asked for while one is queued merge into it. */
  final void trigger() {
    if (pending.compareAndSet(false, true)) {
      try {
        thread.execute(this::pass);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed: nothing is left to reconcile
      }
    }
  }

  /** Asks for a pass after a delay, for a state that changes with time alone (a grace period, a debounce). */
  final void triggerAfter(Duration delay) {
    try {
      thread.schedule(this::trigger, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  private void pass() {
    pending.set(false);
    if (!informers.synced()) {
      // acting on a partial cache would create what already exists
      triggerAfter(Duration.ofMillis(50));
      return;
    }
    try {
      reconcile();
    } catch (RuntimeException | io.kubernetes.client.openapi.ApiException e) {
      // conflicts and races with other writers are normal: the next pass sees the newer state
      LOG.debug("{}: pass failed, retrying: {}", name, e.toString());
      triggerAfter(Duration.ofMillis(RETRY_MILLIS));
    }
  }

  /**
   * One pass over the cache.
   *
   * @throws io.kubernetes.client.openapi.ApiException when a write fails; the pass is retried
   */
  abstract void reconcile() throws io.kubernetes.client.openapi.ApiException;

  /** Stops the loop. */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
