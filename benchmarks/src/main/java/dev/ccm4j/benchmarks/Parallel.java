package dev.ccm4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs numbered tasks on a fixed number of threads, the way a controller's workers drain a queue. */
final class Parallel {
  /** One numbered unit of work. */
  @FunctionalInterface
  interface Task {
    void run(int index) throws Exception;
  }

  private Parallel() {}

  /**
   * Runs tasks {@code 0..count-1} on {@code threads} threads and times the whole.
   *
   * @param count how many tasks
   * @param threads the pool width
   * @param task the work
   * @return the wall time from the first task's start to the last task's end
   */
  static Duration run(int count, int threads, Task task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-parallel");
      t.setDaemon(true);
      return t;
    });
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < count) {
            task.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (ExecutionException e) {
      throw new IllegalStateException("baseline task failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
