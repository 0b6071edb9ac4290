package dev.ccm4j.core.leaderelection;

import dev.ccm4j.core.clock.Clock;
import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElectionRecord;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.Lock;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader election on a {@code coordination.k8s.io/v1} Lease, built on client-java's {@link LeaderElector}.
 *
 * <p>Beyond the plain elector it:
 * <ul>
 *   <li>gives the elector a client whose calls time out within the renew deadline, so a hung request cannot keep
 *       a stale leader alive;
 *   <li>releases the lease on {@link #close()} (clears the holder) so a standby takes over at once instead of
 *       after the lease expires;
 *   <li>tells a graceful close apart from a lost lease: only the latter calls
 *       {@link Callbacks#onStoppedLeading()};
 *   <li>exposes a watchdog for {@code /healthz} that fails when this process holds the lease but has not renewed
 *       it for the lease duration plus a grace period.
 * </ul>
 */
public final class LeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** Grace added to the lease duration before the watchdog reports a wedged leader, as upstream. */
  public static final Duration WATCHDOG_GRACE = Duration.ofSeconds(20);

  private final Config config;
  private final Callbacks callbacks;
  private final Clock clock;
  private final RecordingLock lock;
  private final LeaderElector elector;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicReference<Instant> lastRenew = new AtomicReference<>();
  private Thread thread;

  /**
   * Settings of one election.
   *
   * @param lockNamespace namespace of the Lease, {@code --leader-elect-resource-namespace}
   * @param lockName name of the Lease, {@code --leader-elect-resource-name}
   * @param identity this candidate's identity, unique per process
   * @param leaseDuration how long a standby waits after the last renewal, {@code --leader-elect-lease-duration}
   * @param renewDeadline how long the leader keeps retrying a renewal, {@code --leader-elect-renew-deadline}
   * @param retryPeriod the wait between attempts, {@code --leader-elect-retry-period}
   */
  public record Config(String lockNamespace, String lockName, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod) {
    /** Validates the durations the way the elector requires. */
    public Config {
      Objects.requireNonNull(lockNamespace, "lockNamespace");
      Objects.requireNonNull(lockName, "lockName");
      Objects.requireNonNull(identity, "identity");
      if (identity.isEmpty()) {
        throw new IllegalArgumentException("leader election identity is empty");
      }
      if (retryPeriod.isNegative() || retryPeriod.isZero()) {
        throw new IllegalArgumentException("--leader-elect-retry-period must be greater than zero");
      }
      if (renewDeadline.compareTo(retryPeriod) <= 0) {
        throw new IllegalArgumentException("--leader-elect-renew-deadline (" + renewDeadline
            + ") must be greater than --leader-elect-retry-period (" + retryPeriod + ")");
      }
      if (leaseDuration.compareTo(renewDeadline) <= 0) {
        throw new IllegalArgumentException("--leader-elect-lease-duration (" + leaseDuration
            + ") must be greater than --leader-elect-renew-deadline (" + renewDeadline + ")");
      }
    }

    /**
     * Upstream's defaults: Lease {@code kube-system/cloud-controller-manager}, 15 s / 10 s / 2 s.
     *
     * @param identity the candidate's identity, see {@link #defaultIdentity()}
     * @return the configuration
     */
    public static Config defaults(String identity) {
      return new Config("kube-system", "cloud-controller-manager", identity, Duration.ofSeconds(15),
          Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    /**
     * The same settings on another Lease, for leader migration.
     *
     * @param name the Lease name
     * @return the configuration
     */
    public Config withLockName(String name) {
      return new Config(lockNamespace, name, identity, leaseDuration, renewDeadline, retryPeriod);
    }
  }

  /** What the election tells its owner. Called on the election's own threads; keep them short. */
  public interface Callbacks {
    /** This process now holds the lease. Start work asynchronously; do not block. */
    void onStartedLeading();

    /** This process lost the lease it held (not called on {@link LeaderElection#close()}). */
    void onStoppedLeading();

    /**
     * Another holder was observed.
     *
     * @param identity the holder's identity
     */
    default void onNewLeader(String identity) {}
  }

  /**
   * Creates the election; nothing happens until {@link #start()}.
   *
   * @param electorClient a client used only by this election; its HTTP calls get a timeout of the renew deadline
   * @param config the settings
   * @param callbacks what to do on transitions
   * @param clock the clock for the watchdog
   */
  public LeaderElection(ApiClient electorClient, Config config, Callbacks callbacks, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    this.clock = Objects.requireNonNull(clock, "clock");
    electorClient.setHttpClient(electorClient.getHttpClient().newBuilder()
        .callTimeout(config.renewDeadline())
        .readTimeout(config.renewDeadline())
        .build());
    this.lock = new RecordingLock(new LeaseLock(config.lockNamespace(), config.lockName(), config.identity(),
        electorClient));
    this.elector = new LeaderElector(new LeaderElectionConfig(lock, config.leaseDuration(), config.renewDeadline(),
        config.retryPeriod()), t -> LOG.warn("leader election on {} failed: {}", lock.describe(), t.toString()));
  }

  /**
   * {@code <hostname>_<uuid>}, unique per process like upstream's.
   *
   * @return the identity
   */
  public static String defaultIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
    return host + "_" + UUID.randomUUID();
  }

  /** Starts campaigning on a daemon thread. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    thread = new Thread(this::run, "leader-election-" + config.lockName());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    elector.run(() -> {
      leading.set(true);
      lastRenew.set(clock.now());
      LOG.info("became leader lock={} identity={}", lock.describe(), config.identity());
      callbacks.onStartedLeading();
    }, () -> {
      boolean wasLeading = leading.getAndSet(false);
      if (closing.get()) {
        return;
      }
      if (wasLeading) {
        LOG.error("leader election lost lock={} identity={}", lock.describe(), config.identity());
        callbacks.onStoppedLeading();
      }
    }, holder -> {
      if (holder != null && !holder.equals(config.identity())) {
        LOG.info("new leader lock={} holder={}", lock.describe(), holder);
        callbacks.onNewLeader(holder);
      }
    });
  }

  /**
   * Whether this process holds the lease now.
   *
   * @return true while leading
   */
  public boolean isLeader() {
    return leading.get();
  }

  /**
   * The identity this candidate campaigns with.
   *
   * @return the identity
   */
  public String identity() {
    return config.identity();
  }

  /**
   * The {@code /healthz} watchdog: fails when this process believes it leads but its last renewal is older than
   * the lease duration plus {@link #WATCHDOG_GRACE}.
   *
   * @return empty when healthy, otherwise the reason
   */
  public Optional<String> watchdog() {
    Instant last = lastRenew.get();
    if (!leading.get() || last == null) {
      return Optional.empty();
    }
    Duration since = Duration.between(last, clock.now());
    if (since.compareTo(config.leaseDuration().plus(WATCHDOG_GRACE)) > 0) {
      return Optional.of("leader has not renewed lease " + lock.describe() + " for " + since.toSeconds() + "s");
    }
    return Optional.empty();
  }

  /**
   * Stops campaigning and, if this process holds the lease, releases it so a standby takes over at once.
   */
  @Override
  public void close() {
    stop(true);
  }

  /** Stops campaigning without releasing, as a crashed process would; for tests of failover. */
  void abandon() {
    stop(false);
  }

  private void stop(boolean release) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    boolean wasLeading = leading.get();
    lock.freeze(!release);
    elector.close();
    if (thread != null) {
      try {
        // a leader's renew loop ends by itself once the elector's workers stop; a standby sleeps in its acquire
        // loop until interrupted
        thread.join(config.retryPeriod().toMillis());
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(config.renewDeadline().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leading.set(false);
    if (release && wasLeading) {
      lock.release(config.leaseDuration());
    }
  }

  /**
   * Records successful renewals for the watchdog, and can refuse all writes once abandoned. Releasing is done
   * here rather than by the elector, whose own release is skipped for retry periods under one second.
   */
  private final class RecordingLock implements Lock {
    private final LeaseLock delegate;
    private volatile boolean frozen;

    RecordingLock(LeaseLock delegate) {
      this.delegate = delegate;
    }

    void freeze(boolean refuseWrites) {
      this.frozen = refuseWrites;
    }

    @Override
    public LeaderElectionRecord get() throws ApiException {
      return delegate.get();
    }

    @Override
    public boolean create(LeaderElectionRecord record) {
      return !frozen && recorded(delegate.create(record), record);
    }

    @Override
    public boolean update(LeaderElectionRecord record) {
      return !frozen && recorded(delegate.update(record), record);
    }

    private boolean recorded(boolean ok, LeaderElectionRecord record) {
      if (ok && config.identity().equals(record.getHolderIdentity())) {
        lastRenew.set(clock.now());
      }
      return ok;
    }

    void release(Duration leaseDuration) {
      try {
        LeaderElectionRecord current = delegate.get();
        if (current == null || !config.identity().equals(current.getHolderIdentity())) {
          return;
        }
        LeaderElectionRecord empty = new LeaderElectionRecord();
        empty.setLeaderTransitions(current.getLeaderTransitions());
        empty.setLeaseDurationSeconds((int) Math.max(1, leaseDuration.toSeconds()));
        if (delegate.update(empty)) {
          LOG.info("released lease {}", delegate.describe());
        } else {
          LOG.warn("could not release lease {}; a standby takes over when it expires", delegate.describe());
        }
      } catch (ApiException e) {
        LOG.warn("could not release lease {} (HTTP {}); a standby takes over when it expires", delegate.describe(),
            e.getCode());
      }
    }

    @Override
    public String identity() {
      return delegate.identity();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }
  }
}
