package dev.ccm4j.core.controller;

import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.workqueue.Priority;
import dev.ccm4j.core.workqueue.QueueItem;
import dev.ccm4j.core.workqueue.RateLimiter;
import dev.ccm4j.core.workqueue.RateLimiters;
import dev.ccm4j.core.workqueue.RateLimitingQueue;
import dev.ccm4j.core.workqueue.WorkQueueMetricsProvider;
import dev.ccm4j.core.workqueue.WorkQueues;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named controller: {@code N} daemon worker threads ({@code <name>-worker-<i>}) take keys from a
 * {@link RateLimitingQueue} and pass them to a {@link Reconciler}. A key is never reconciled by two workers at once,
 * and a key enqueued while it is being reconciled is reconciled again afterwards.
 *
 * <p>After a reconcile the key is handled according to its {@link ReconcileResult}: forgotten when done, requeued
 * through the rate limiter on {@code requeue} or failure (an exception or a {@code null} result counts as a failure),
 * or requeued after a fixed delay. Requeues keep the priority lane the key was taken from.
 *
 * <p>Besides keys, a controller may run periodic tasks ({@link Builder#periodic}), each on one daemon thread
 * ({@code <name>-periodic-<i>}) that waits on the controller's {@link Clock}, so a manual clock drives them in
 * tests. This is the one shape of every controller the manager runs: a factory builds a {@code Controller} from the
 * {@link ControllerContext}, registers its informer event handlers, and hands it over as the
 * {@link ManagedController}.
 *
 * <p>A controller runs once: {@link #start()} then {@link #stop()}; it cannot be restarted.
 *
 * @param <K> the key type; keys must be immutable and implement {@code equals}/{@code hashCode}
 */
public final class Controller<K> implements ManagedController, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
  /** How long a worker stuck past the stop timeout gets to react to its interrupt. */
  private static final long INTERRUPT_GRACE_MILLIS = 1000;

  private final String name;
  private final String managedName;
  private final int workerCount;
  private final List<Periodic> periodics;
  private final List<Runnable> onStart;
  private final List<Runnable> onStop;
  private final Supplier<HealthStatus> extraCheck;
  private final Reconciler<K> reconciler;
  private final RateLimitingQueue<K> queue;
  private final Duration stopTimeout;
  private final ControllerMetrics metrics;
  private final FailureLog failureLog;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicReference<String> workerDeath = new AtomicReference<>();
  private boolean started;
  private boolean stopped;

  private Controller(Builder<K> builder) {
    this.name = builder.name;
    this.managedName = builder.managedName == null ? builder.name : builder.managedName;
    this.workerCount = builder.reconciler == null ? 0 : builder.workers;
    this.onStart = List.copyOf(builder.onStart);
    this.onStop = List.copyOf(builder.onStop);
    this.extraCheck = builder.extraCheck;
    this.reconciler = builder.reconciler;
    this.stopTimeout = builder.stopTimeout;
    Clock clock = builder.clock;
    RateLimiter<K> limiter = builder.rateLimiter != null
        ? builder.rateLimiter
        : RateLimiters.defaultControllerRateLimiter(clock);
    WorkQueueMetricsProvider queueMetrics = builder.metricsRegistry == null
        ? WorkQueueMetricsProvider.noop()
        : WorkQueueMetricsProvider.prometheus(builder.metricsRegistry);
    this.metrics = ControllerMetrics.forController(name, builder.metricsRegistry);
    this.failureLog = new FailureLog(name, clock, Durations.nanos(builder.failureWarningInterval));
    this.queue = WorkQueues.newRateLimitingQueue(name, clock, queueMetrics, limiter);
    List<Periodic> p = new ArrayList<>();
    for (int i = 0; i < builder.periodics.size(); i++) {
      PeriodicSpec spec = builder.periodics.get(i);
      p.add(new Periodic(name + "-periodic-" + i, clock, spec));
    }
    this.periodics = List.copyOf(p);
  }

  /**
   * Starts building a controller.
   *
   * @param <K> the key type
   * @return a new builder
   */
  public static <K> Builder<K> builder() {
    return new Builder<>();
  }

  /**
   * Returns the name the manager and {@code /healthz} know the controller by ({@link Builder#managedName}, by
   * default the same as its queue name).
   *
   * @return the name
   */
  @Override
  public String name() {
    return managedName;
  }

  /**
   * Returns the work queue's name: its metric label and the prefix of the controller's thread names.
   *
   * @return the queue name
   */
  public String queueName() {
    return name;
  }

  /**
   * Starts the workers.
   *
   * @throws IllegalStateException if the controller was already started or stopped
   */
  public synchronized void start() {
    if (started || stopped) {
      throw new IllegalStateException("controller " + name + " cannot be started twice or after stop");
    }
    started = true;
    for (int i = 0; i < workerCount; i++) {
      Thread worker = new Thread(this::runWorker, name + "-worker-" + i);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    onStart.forEach(Runnable::run);
    periodics.forEach(Periodic::start);
    LOG.debug("Controller {} started with {} worker(s)", name, workerCount);
  }

  /**
   * Stops the controller: the queue stops handing out keys (waiting keys are dropped), keys being reconciled may
   * finish, then the workers are joined. Workers still busy after the stop timeout (real time) are interrupted and
   * given a short grace period. Periodic tasks are stopped first, the {@link Builder#onStop} actions last. Calling it
   * again returns at once.
   *
   * @return {@code true} if every worker has ended
   */
  @Override
  public boolean stop() {
    List<Thread> toJoin;
    synchronized (this) {
      if (stopped) {
        return workers.stream().noneMatch(Thread::isAlive);
      }
      stopped = true;
      toJoin = List.copyOf(workers);
      periodics.forEach(Periodic::stop);
      // Inside the lock, so that once check() reports "stopped" no key can be added any more.
      queue.shutDown();
    }
    long deadline = System.nanoTime() + Math.min(Durations.nanos(stopTimeout), Long.MAX_VALUE / 4);
    boolean interrupted = false;
    try {
      queue.shutDownWithDrain(stopTimeout);
      for (Thread worker : toJoin) {
        if (worker != Thread.currentThread()) {
          TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
        }
      }
      for (Thread worker : toJoin) {
        if (worker.isAlive() && worker != Thread.currentThread()) {
          LOG.warn("Controller {}: worker {} did not finish within {}; interrupting it", name,
              worker.getName(), stopTimeout);
          worker.interrupt();
          worker.join(INTERRUPT_GRACE_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    for (Runnable action : onStop) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("Controller {}: a stop action failed: {}", name, e.toString());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    boolean allEnded = toJoin.stream().noneMatch(Thread::isAlive);
    LOG.debug("Controller {} stopped (all workers ended: {})", name, allEnded);
    return allEnded;
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Queues a key in the foreground lane.
   *
   * @param key the key
   */
  public void enqueue(K key) {
    queue.add(key, Priority.FOREGROUND);
  }

  /**
   * Queues a key in the background lane: it waits behind every foreground key.
   *
   * @param key the key
   */
  public void enqueueBackground(K key) {
    queue.add(key, Priority.BACKGROUND);
  }

  /**
   * Queues a key in the foreground lane once {@code delay} has elapsed on the controller's clock.
   *
   * @param key the key
   * @param delay the delay
   */
  public void enqueueAfter(K key, Duration delay) {
    queue.addAfter(key, delay, Priority.FOREGROUND);
  }

  /**
   * Returns how many keys are waiting to be reconciled (not counting delayed keys and keys being reconciled).
   *
   * @return the number of waiting keys
   */
  public int queueLength() {
    return queue.len();
  }

  /**
   * Returns how many keys are waiting for a delay (a fixed requeue delay or a rate-limiter backoff) to elapse.
   *
   * @return the number of delayed keys
   */
  public int delayedCount() {
    return queue.waitingCount();
  }

  /**
   * Tells whether the controller was started, is not stopped, and all its workers are alive.
   *
   * @return {@code true} while the controller is running normally
   */
  public boolean isRunning() {
    return check().healthy();
  }

  /**
   * Reports the controller unhealthy before {@link #start()}, after {@link #stop()}, or when a worker has died.
   *
   * @return the health status
   */
  @Override
  public HealthStatus check() {
    synchronized (this) {
      if (!started && !stopped) {
        return HealthStatus.unhealthy("controller " + name + " has not been started");
      }
      if (stopped) {
        return HealthStatus.unhealthy("controller " + name + " is stopped");
      }
    }
    String death = workerDeath.get();
    if (death != null) {
      return HealthStatus.unhealthy("controller " + name + ": " + death);
    }
    for (Thread worker : workers) {
      if (!worker.isAlive()) {
        return HealthStatus.unhealthy("controller " + name + ": worker " + worker.getName() + " has exited");
      }
    }
    return extraCheck == null ? HealthStatus.ok() : extraCheck.get();
  }

  private void runWorker() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Optional<QueueItem<K>> next = queue.getWithPriority();
        if (next.isEmpty()) {
          return;
        }
        QueueItem<K> item = next.get();
        try {
          handle(item.item(), item.priority(), reconcile(item.item()));
        } finally {
          queue.done(item.item());
        }
      }
    } catch (InterruptedException e) {
      // Interrupted by stop() after its timeout: exit quietly.
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      workerDeath.compareAndSet(null, "worker " + Thread.currentThread().getName() + " died: " + e);
      LOG.error("Controller {}: worker {} died", name, Thread.currentThread().getName(), e);
      throw e;
    }
  }

  private ReconcileResult reconcile(K key) {
    try {
      ReconcileResult result = reconciler.reconcile(key);
      if (result == null) {
        return ReconcileResult.failure(new IllegalStateException(
            "the reconciler of controller " + name + " returned null for " + key));
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ReconcileResult.failure(e);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Exception | Error e) {
      return ReconcileResult.failure(e);
    }
  }

  private void handle(K key, Priority priority, ReconcileResult result) {
    switch (result.kind()) {
      case DONE -> {
        metrics.success();
        queue.forget(key);
      }
      case REQUEUE -> {
        metrics.requeue();
        queue.addRateLimited(key, priority);
      }
      case REQUEUE_AFTER -> {
        metrics.requeue();
        queue.forget(key);
        queue.addAfter(key, result.delay(), priority);
      }
      case FAILURE -> {
        metrics.error();
        failureLog.failed(key, queue.numRequeues(key) + 1, result.cause().orElseThrow());
        queue.addRateLimited(key, priority);
      }
      default -> throw new IllegalStateException("unknown result kind " + result.kind());
    }
  }

  @Override
  public String toString() {
    return "Controller[" + name + "]";
  }

  /**
   * A periodic task body; an exception is logged and the task runs again after its period.
   */
  @FunctionalInterface
  public interface PeriodicTask {

    /**
     * Runs one pass.
     *
     * @throws Exception if the pass failed; the next pass still runs
     */
    void run() throws Exception;
  }

  private record PeriodicSpec(Duration initialDelay, Duration period, boolean fixedRate, PeriodicTask task) {}

  /**
   * One periodic task on its own daemon thread, waiting on the controller's clock: with a fixed delay (as upstream's
   * {@code wait.Until}, a slow pass never overlaps the next one) or a fixed rate (passes keep their phase, and a pass
   * that overran causes no burst of catch-ups).
   */
  private final class Periodic {
    private final Clock clock;
    private final PeriodicSpec spec;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean stopping;
    private volatile long firstDue;

    Periodic(String threadName, Clock clock, PeriodicSpec spec) {
      this.clock = clock;
      this.spec = spec;
      this.thread = new Thread(this::run, threadName);
      thread.setDaemon(true);
    }

    void start() {
      // read before the thread starts, so the first pass is due exactly initialDelay after start() on any clock
      firstDue = clock.nanoTime() + Durations.nanos(spec.initialDelay());
      thread.start();
    }

    void stop() {
      lock.lock();
      try {
        stopping = true;
        wake.signalAll();
      } finally {
        lock.unlock();
      }
      thread.interrupt();
    }

    private void run() {
      long period = Durations.nanos(spec.period());
      long due = firstDue;
      try {
        while (true) {
          lock.lock();
          try {
            while (!stopping && clock.nanoTime() - due < 0) {
              clock.awaitUntil(lock, wake, due);
            }
            if (stopping) {
              return;
            }
          } finally {
            lock.unlock();
          }
          try {
            spec.task().run();
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // One line per failing pass; the trace is for debugging only, since the next pass simply tries again.
            LOG.warn("Controller {}: a periodic pass failed: {}", name, e.toString());
            LOG.debug("Controller {}: periodic pass failure", name, e);
          }
          long now = clock.nanoTime();
          if (spec.fixedRate()) {
            long next = due + period;
            due = next - now > 0 ? next : now + period;
          } else {
            due = now + period;
          }
        }
      } catch (InterruptedException e) {
        // Only stop() interrupts this thread.
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Builds a {@link Controller}. A name is required, and a reconciler unless the controller only runs periodic
   * tasks.
   *
   * @param <K> the key type
   */
  public static final class Builder<K> {

    private String name;
    private String managedName;
    private final List<PeriodicSpec> periodics = new ArrayList<>();
    private final List<Runnable> onStart = new ArrayList<>();
    private final List<Runnable> onStop = new ArrayList<>();
    private Supplier<HealthStatus> extraCheck;
    private int workers = 1;
    private Reconciler<K> reconciler;
    private Clock clock = Clock.system();
    private RateLimiter<K> rateLimiter;
    private PrometheusRegistry metricsRegistry;
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Duration failureWarningInterval = Duration.ofSeconds(30);

    private Builder() {
    }

    /**
     * Sets the name, used for threads, logs, the queue's {@code name} label and the {@code controller} label.
     *
     * @param name the name
     * @return this builder
     */
    public Builder<K> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the name the manager, its {@code --controllers} flag and {@code /healthz} know the controller by, when it
     * differs from the queue name (for example {@code cloud-node-controller} with the queue {@code Nodes}).
     *
     * @param managedName the canonical controller name
     * @return this builder
     */
    public Builder<K> managedName(String managedName) {
      this.managedName = Objects.requireNonNull(managedName, "managedName");
      return this;
    }

    /**
     * Adds a periodic task with a fixed delay between the end of one pass and the start of the next, on the
     * controller's clock. It starts with the controller and stops before its workers.
     *
     * @param initialDelay the delay before the first pass; not negative
     * @param period the delay between passes; positive
     * @param task the pass
     * @return this builder
     */
    public Builder<K> periodic(Duration initialDelay, Duration period, PeriodicTask task) {
      return addPeriodic(initialDelay, period, false, task);
    }

    /**
     * Adds a periodic task at a fixed rate on the controller's clock: passes keep their phase, and a pass that
     * overran is followed by one pass a period later, not by a burst of catch-ups.
     *
     * @param initialDelay the delay before the first pass; not negative
     * @param period the time between the starts of two passes; positive
     * @param task the pass
     * @return this builder
     */
    public Builder<K> periodicAtFixedRate(Duration initialDelay, Duration period, PeriodicTask task) {
      return addPeriodic(initialDelay, period, true, task);
    }

    private Builder<K> addPeriodic(Duration initialDelay, Duration period, boolean fixedRate, PeriodicTask task) {
      requireNotNegative(initialDelay, "initialDelay");
      requireNotNegative(period, "period");
      if (period.isZero()) {
        throw new IllegalArgumentException("period must be positive: " + period);
      }
      periodics.add(new PeriodicSpec(initialDelay, period, fixedRate, Objects.requireNonNull(task, "task")));
      return this;
    }

    /**
     * Adds an action run by {@link Controller#start()} once the workers run, for example queueing a first key.
     *
     * @param action the action
     * @return this builder
     */
    public Builder<K> onStart(Runnable action) {
      onStart.add(Objects.requireNonNull(action, "action"));
      return this;
    }

    /**
     * Adds an action run by {@link Controller#stop()} after the workers have ended, for example shutting down a pool
     * the reconciler uses.
     *
     * @param action the action
     * @return this builder
     */
    public Builder<K> onStop(Runnable action) {
      onStop.add(Objects.requireNonNull(action, "action"));
      return this;
    }

    /**
     * Adds a check {@link Controller#check()} consults while the controller runs normally, for example the outcome
     * of the last periodic pass.
     *
     * @param check the check
     * @return this builder
     */
    public Builder<K> healthCheck(Supplier<HealthStatus> check) {
      this.extraCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * Sets the number of worker threads (default 1).
     *
     * @param workers at least 1
     * @return this builder
     */
    public Builder<K> workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Sets the reconciler.
     *
     * @param reconciler the reconciler
     * @return this builder
     */
    public Builder<K> reconciler(Reconciler<K> reconciler) {
      this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
      return this;
    }

    /**
     * Sets the clock for delays, backoff and log throttling (default: the system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder<K> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the rate limiter (default: {@link RateLimiters#defaultControllerRateLimiter(Clock)} on the
     * controller's clock).
     *
     * @param rateLimiter the rate limiter
     * @return this builder
     */
    public Builder<K> rateLimiter(RateLimiter<K> rateLimiter) {
      this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
      return this;
    }

    /**
     * Sets the registry receiving the work queue and reconcile metrics (default: no metrics).
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder<K> metricsRegistry(PrometheusRegistry registry) {
      this.metricsRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets how long (real time) {@link Controller#stop()} waits for in-flight reconciles (default 30 s).
     *
     * @param stopTimeout the timeout; not negative
     * @return this builder
     */
    public Builder<K> stopTimeout(Duration stopTimeout) {
      this.stopTimeout = requireNotNegative(stopTimeout, "stopTimeout");
      return this;
    }

    /**
     * Sets the minimum clock time between two failure warnings of this controller (default 30 s).
     *
     * @param interval the interval; not negative
     * @return this builder
     */
    public Builder<K> failureWarningInterval(Duration interval) {
      this.failureWarningInterval = requireNotNegative(interval, "failureWarningInterval");
      return this;
    }

    /**
     * Builds the controller. Keys can be enqueued at once, but nothing is reconciled until
     * {@link Controller#start()}; the controller's queue owns a thread, so always {@link Controller#stop()} it.
     *
     * @return the controller
     * @throws IllegalStateException if the name is missing, or the reconciler when there is no periodic task
     */
    public Controller<K> build() {
      if (name == null || name.isBlank()) {
        throw new IllegalStateException("a controller needs a name");
      }
      if (reconciler == null && periodics.isEmpty()) {
        throw new IllegalStateException("controller " + name + " needs a reconciler");
      }
      return new Controller<>(this);
    }

    private static Duration requireNotNegative(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + duration);
      }
      return duration;
    }
  }

  /** Saturating conversions, so that huge timeouts mean "wait for ever" instead of overflowing. */
  private static final class Durations {

    private Durations() {
    }

    static long nanos(Duration duration) {
      try {
        return duration.toNanos();
      } catch (ArithmeticException tooLong) {
        return Long.MAX_VALUE;
      }
    }
  }
}
