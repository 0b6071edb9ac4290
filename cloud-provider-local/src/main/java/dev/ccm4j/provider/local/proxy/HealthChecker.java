package dev.ccm4j.provider.local.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes a load balancer's backends periodically on a shared scheduler and remembers the results. A probe not
 * yet run counts as healthy, so a new backend takes traffic at once.
 */
final class HealthChecker implements AutoCloseable {
  private static final int MIN_TIMEOUT_MILLIS = 1_000;
  private static final int MAX_TIMEOUT_MILLIS = 2_000;

  private final Map<HealthProbe, Boolean> status = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> task;
  private final int timeoutMillis;
  private final Runnable afterRound;

  HealthChecker(ScheduledExecutorService scheduler, Duration interval, Runnable afterRound) {
    // a refused connect fails at once whatever the timeout; a floor keeps a slow but live backend from flapping
    this.timeoutMillis = (int) Math.max(MIN_TIMEOUT_MILLIS, Math.min(MAX_TIMEOUT_MILLIS, interval.toMillis()));
    this.afterRound = afterRound;
    this.task = scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Makes {@code probes} the set that is checked, keeping the results of probes that stay.
   *
   * @param probes the probes of every current backend
   */
  void retain(Set<HealthProbe> probes) {
    status.keySet().retainAll(probes);
    for (HealthProbe p : probes) {
      status.putIfAbsent(p, Boolean.TRUE);
    }
  }

  boolean healthy(HealthProbe probe) {
    return status.getOrDefault(probe, Boolean.TRUE);
  }

  private void round() {
    for (HealthProbe p : status.keySet()) {
      boolean ok = p.check(timeoutMillis);
      status.replace(p, ok);
    }
    afterRound.run();
  }

  @Override
  public void close() {
    task.cancel(true);
  }
}
