package dev.ccm4j.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clock that only moves when {@link #advance(Duration)} is called. Thread-safe. Threads waiting through
 * {@link #awaitUntil(Lock, Condition, long)} are woken by every advance, and {@link #onAdvance(Runnable)} listeners
 * run on the advancing thread before {@code advance} returns, so a test can advance time and then observe the effect
 * deterministically. Tasks given to {@link #schedule(Duration, Runnable)} and
 * {@link #scheduleWithFixedDelay(Duration, Duration, Runnable)} run on the advancing thread too, in due-time order,
 * each seeing the clock at its due time; {@link #sleep(Duration)} returns once an advance passes its deadline.
 */
public final class ManualClock implements Clock {

  /** The wall time a clock created with {@link #ManualClock()} starts at. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private static final Logger LOG = LoggerFactory.getLogger(ManualClock.class);

  private final Object advanceLock = new Object();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long sequence;
  private long advancedTo;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Reading reading;

  /** Creates a clock at {@link #DEFAULT_START} with a monotonic reading of zero. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * Creates a clock at the given wall time with a monotonic reading of zero.
   *
   * @param start the initial wall time
   */
  public ManualClock(Instant start) {
    this.reading = new Reading(0L, Objects.requireNonNull(start, "start"));
  }

  @Override
  public long nanoTime() {
    return reading.nanos();
  }

  @Override
  public Instant now() {
    return reading.wall();
  }

  /**
   * Moves both the monotonic and the wall time forward, then runs the advance listeners and wakes every waiter.
   *
   * @param step how far to move; zero is allowed (it still notifies), negative is rejected
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public void advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("a manual clock cannot go backwards: " + step);
    }
    long target;
    synchronized (advanceLock) {
      // Summed under the lock so that concurrent advances all count, even while another runs due tasks.
      target = advancedTo += step.toNanos();
    }
    // Due tasks run in time order with the clock reading their due time, as on a real clock; each run outside
    // advanceLock because a task may schedule others or take locks of its own.
    Task due;
    while ((due = nextDue(target)) != null) {
      moveTo(due.due);
      runGuarded(due);
      if (due.period > 0 && !due.cancelled) {
        enqueue(due, nanoTime() + due.period);
      }
    }
    moveTo(target);
  }

  private Task nextDue(long target) {
    synchronized (advanceLock) {
      Task head = tasks.peek();
      if (head == null || head.due - target > 0) {
        return null;
      }
      return tasks.poll();
    }
  }

  private void moveTo(long nanos) {
    synchronized (advanceLock) {
      Reading current = reading;
      long step = nanos - current.nanos();
      if (step > 0) {
        reading = new Reading(nanos, current.wall().plusNanos(step));
      }
    }
    // Listeners may take other locks, so they run outside advanceLock.
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private static void runGuarded(Task task) {
    try {
      task.action.run();
    } catch (RuntimeException e) {
      LOG.warn("scheduled task failed", e);
    }
  }

  @Override
  public Subscription schedule(Duration delay, Runnable task) {
    return enqueue(new Task(Objects.requireNonNull(task, "task"), 0), nanoTime() + Math.max(0, delay.toNanos()));
  }

  @Override
  public Subscription scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
    requirePositive(period);
    return enqueue(new Task(Objects.requireNonNull(task, "task"), period.toNanos()),
        nanoTime() + Math.max(0, initialDelay.toNanos()));
  }

  /**
   * Returns how many tasks are scheduled and not yet run or cancelled, for tests that check a component cleans up.
   *
   * @return the number of pending tasks
   */
  public int pendingTasks() {
    synchronized (advanceLock) {
      return tasks.size();
    }
  }

  static void requirePositive(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }

  private Subscription enqueue(Task task, long due) {
    synchronized (advanceLock) {
      if (task.cancelled) {
        return task;
      }
      task.due = due;
      task.order = sequence++;
      tasks.add(task);
    }
    return task;
  }

  /** A scheduled task; ordered by due time, then by scheduling order so equal times run first-come first-served. */
  private final class Task implements Comparable<Task>, Subscription {
    final Runnable action;
    final long period;
    long due;
    long order;
    volatile boolean cancelled;

    Task(Runnable action, long period) {
      this.action = action;
      this.period = period;
    }

    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due - other.due, 0);
      return byDue != 0 ? byDue : Long.compare(order, other.order);
    }

    @Override
    public void close() {
      cancelled = true;
      synchronized (advanceLock) {
        tasks.remove(this);
      }
    }
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException {
    if (deadlineNanos - nanoTime() <= 0) {
      return;
    }
    // The caller holds lock, so an advance racing with this method blocks in the listener until await() has
    // released the lock: the signal cannot be lost.
    Subscription wakeUp = onAdvance(() -> signal(lock, condition));
    try {
      if (deadlineNanos - nanoTime() > 0) {
        condition.await();
      }
    } finally {
      wakeUp.close();
    }
  }

  private static void signal(Lock lock, Condition condition) {
    lock.lock();
    try {
      condition.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Subscription onAdvance(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String toString() {
    Reading current = reading;
    return "ManualClock[" + current.wall() + ", nanos=" + current.nanos() + "]";
  }

  private record Reading(long nanos, Instant wall) {
  }
}
