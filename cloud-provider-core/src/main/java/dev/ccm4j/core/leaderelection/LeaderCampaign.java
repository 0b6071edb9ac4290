package dev.ccm4j.core.leaderelection;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.health.HealthStatus;
import io.kubernetes.client.openapi.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The controller manager's leader election, with optional leader migration: the main lock first; once it leads,
 * the migration lock ({@link LeaderMigrationConfiguration#leaderName()}) for the controllers being migrated, as
 * upstream's cloud-controller-manager does. The manager decides which controllers each lock covers.
 */
public final class LeaderCampaign implements AutoCloseable {

  /** What the manager does when a lock is won or lost. Called on the election threads. */
  public interface Listener {

    /**
     * This process leads a lock: start the controllers it covers.
     *
     * @param migrationLock {@code false} for the main lock (every controller but the migrated ones), {@code true}
     *     for the migration lock (only the migrated ones)
     * @return {@code false} when the manager is stopping, so that no further lock is campaigned for
     */
    boolean leading(boolean migrationLock);

    /**
     * A lock this process held was lost. The election releases the lease only after this returns.
     *
     * @param lock the lock's name
     */
    void lost(String lock);

    /**
     * After a loss: another process can lead now (the lease is held by another, or was released).
     *
     * @param reason why
     */
    void successorCanLead(String reason);
  }

  private final Supplier<ApiClient> client;
  private final LeaderElection.Config main;
  private final LeaderMigrationConfiguration migration;
  private final Clock clock;
  private final Listener listener;
  private final List<LeaderElection> elections = new ArrayList<>();
  private boolean closed;

  /**
   * Prepares the campaign; nothing is sent before {@link #start()}.
   *
   * @param client makes the elections' own client (exempt from the write fence, so a lost lease can be released)
   * @param main the main lock's settings
   * @param migration the leader migration configuration, or {@code null} without leader migration
   * @param clock the clock
   * @param listener what to do on leading and losing
   */
  public LeaderCampaign(Supplier<ApiClient> client, LeaderElection.Config main,
      LeaderMigrationConfiguration migration, Clock clock, Listener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.main = Objects.requireNonNull(main, "main");
    this.migration = migration;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Campaigns for the main lock; the migration lock follows once the main one leads. */
  public void start() {
    LeaderElection mainElection = election(main, () -> {
      if (!listener.leading(false)) {
        return;
      }
      if (migration != null) {
        LeaderElection second;
        synchronized (this) {
          if (closed) {
            return;
          }
          second = election(main.withLockName(migration.leaderName()), () -> listener.leading(true));
        }
        second.start();
      }
    });
    mainElection.start();
  }

  private synchronized LeaderElection election(LeaderElection.Config config, Runnable onLeading) {
    LeaderElection e = new LeaderElection(client.get(), config, new LeaderElection.Callbacks() {
      @Override
      public void onStartedLeading() {
        onLeading.run();
      }

      @Override
      public void onStoppedLeading() {
        listener.lost(config.lockName());
      }

      @Override
      public void onSuccessorCanLead(String reason) {
        listener.successorCanLead(reason);
      }
    }, clock);
    elections.add(e);
    return e;
  }

  /**
   * Whether this process leads the main lock.
   *
   * @return true when leading
   */
  public synchronized boolean isLeader() {
    return !elections.isEmpty() && elections.get(0).isLeader();
  }

  /**
   * The elections' watchdog for {@code /healthz}: unhealthy when a held lease was not renewed in time.
   *
   * @return the status
   */
  public synchronized HealthStatus watchdog() {
    for (LeaderElection e : elections) {
      Optional<String> failure = e.watchdog();
      if (failure.isPresent()) {
        return HealthStatus.unhealthy(failure.get());
      }
    }
    return HealthStatus.ok();
  }

  /**
   * For {@code /readyz}: unhealthy while the lease requests get no answer from the API server.
   *
   * @return the status
   */
  public synchronized HealthStatus apiReachability() {
    for (LeaderElection e : elections) {
      Optional<String> reason = e.apiUnreachable();
      if (reason.isPresent()) {
        return HealthStatus.unhealthy(reason.get());
      }
    }
    return HealthStatus.ok();
  }

  /** After a lost lock: releases every other lock still held, since this process is done leading. */
  public void releaseHeld() {
    List<LeaderElection> all;
    synchronized (this) {
      all = new ArrayList<>(elections);
    }
    for (LeaderElection e : all) {
      if (e.isLeader()) {
        e.close();
      }
    }
  }

  /** Stops campaigning and releases held leases (newest lock first), each within the release timeout. */
  @Override
  public void close() {
    List<LeaderElection> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(elections);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).close();
    }
  }
}
