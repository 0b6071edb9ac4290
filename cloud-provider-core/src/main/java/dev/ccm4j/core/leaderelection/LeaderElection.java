package dev.ccm4j.core.leaderelection;

import dev.ccm4j.core.clock.Clock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader election on a {@code coordination.k8s.io/v1} Lease, with upstream's record semantics
 * ({@code holderIdentity}, {@code leaseDurationSeconds}, {@code acquireTime}, {@code renewTime},
 * {@code leaseTransitions}, optimistic concurrency on {@code resourceVersion}) and upstream's clock-skew rule: a
 * candidate measures a holder's lease from the moment it first observed that holder's latest record, never from
 * the timestamps in the record.
 *
 * <p>Where it is stricter or more precise than client-java's {@code LeaderElector}:
 * <ul>
 *   <li><b>Takeover timing.</b> A standby reads a held lease every half retry period without jitter, so it observes
 *       a renewal at most half a retry period after it happened, and it schedules its acquire attempt for the exact
 *       moment that record's lease runs out instead of the next tick after it: a crashed leader is replaced within
 *       lease duration plus one retry period of its last renewal (plus request latency).
 *   <li><b>Fencing.</b> The leader counts its renew deadline from the sending of its last successful renewal, and
 *       every request it makes is cut off at that deadline, so it declares the lease lost (and its owner stops
 *       writing) before any standby can legally acquire it (renew deadline &lt; lease duration). Seeing another
 *       holder on the lease while leading is a loss at once, not after the deadline.
 *   <li><b>After a loss.</b> The election keeps reading the lease and calls {@link Callbacks#onSuccessorCanLead}
 *       once a new leader can take over: another holder is on the lease, or the API answers again (then the lease
 *       is released first if it still names this process). It never campaigns again.
 *   <li><b>Release.</b> {@link #close()} releases a lease this process holds (clears the holder, as upstream's
 *       ReleaseOnCancel) within {@link #RELEASE_TIMEOUT} whatever the state of the API.
 * </ul>
 *
 * <p>It also exposes a watchdog for {@code /healthz} that fails when this process holds the lease but has not
 * renewed it for the lease duration plus a grace period (a wedged election thread).
 */
public final class LeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** Grace added to the lease duration before the watchdog reports a wedged leader, as upstream. */
  public static final Duration WATCHDOG_GRACE = Duration.ofSeconds(20);

  /** The longest a release of the lease may take, whether the API answers or not. */
  public static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(1);

  private final Config config;
  private final Callbacks callbacks;
  private final Clock clock;
  private final ApiClient client;
  private final CoordinationV1Api api;
  private final String describe;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicReference<Instant> lastRenew = new AtomicReference<>();
  private final Object wakeup = new Object();
  private final Object calls = new Object();
  private volatile boolean leading;
  /** Set when {@link Callbacks#onStartedLeading()} threw: the election gives the lease up. */
  private volatile String startFailed;
  private volatile okhttp3.Call inFlight;
  /** When the API server last answered a lease request (0 before the first request). */
  private final AtomicLong answeredAtNanos = new AtomicLong();
  private volatile String unansweredCause = "no answer";
  /** The last lease read or written by this candidate; the base of a release. */
  private volatile V1Lease known;
  private Thread thread;

  // owned by the election thread
  private String observedRecord;
  private long observedAtNanos;
  private long renewedAtNanos;
  private String reportedHolder;

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
    /** Validates the lock's names as the API server would and the durations as the election requires. */
    public Config {
      Objects.requireNonNull(lockNamespace, "lockNamespace");
      Objects.requireNonNull(lockName, "lockName");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      Objects.requireNonNull(renewDeadline, "renewDeadline");
      Objects.requireNonNull(retryPeriod, "retryPeriod");
      if (identity.isEmpty()) {
        throw new IllegalArgumentException("leader election identity is empty");
      }
      if (!LeaseNames.isValidNamespace(lockNamespace)) {
        throw new IllegalArgumentException("--leader-elect-resource-namespace must be a DNS-1123 label (at most 63"
            + " lower-case letters, digits and '-', starting and ending with a letter or digit)");
      }
      if (!LeaseNames.isValidName(lockName)) {
        throw new IllegalArgumentException("--leader-elect-resource-name must be a DNS-1123 subdomain (at most 253"
            + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)");
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
      if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("--leader-elect-lease-duration (" + leaseDuration
            + ") must be at least 1s: the Lease records it in whole seconds");
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

    /** The lease duration as the Lease records it: whole seconds, rounded up so a standby never waits less. */
    int leaseSeconds() {
      long seconds = leaseDuration.getSeconds() + (leaseDuration.getNano() > 0 ? 1 : 0);
      return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
  }

  /** What the election tells its owner. */
  public interface Callbacks {
    /**
     * This process now holds the lease. Called on a thread of its own, so it may take a while; the lease keeps
     * being renewed meanwhile, and {@link #onStoppedLeading()} may be called before it returns.
     */
    void onStartedLeading();

    /**
     * This process lost the lease it held (not called on {@link LeaderElection#close()}): the renew deadline
     * passed, another holder took it, or {@link #onStartedLeading()} threw (a leader that runs nothing gives the
     * lease up rather than keep standbys out). Called on the election thread, which waits for it to return before it
     * releases anything or reports a successor: stop every write here (fence), and leave slow cleanup to another
     * thread.
     */
    void onStoppedLeading();

    /**
     * After {@link #onStoppedLeading()}: a new leader can take over now, because another holder is on the lease or
     * the API answers again (in which case the lease was released first if it still named this process). Called
     * once, on the election thread; never called after {@link LeaderElection#close()}.
     *
     * @param reason why, for the log
     */
    default void onSuccessorCanLead(String reason) {}

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
   * @param electorClient a client used only by this election; each request gets its own timeout (at most the
   *     renew deadline, and never past the leader's deadline)
   * @param config the settings
   * @param callbacks what to do on transitions
   * @param clock the clock for the watchdog
   */
  public LeaderElection(ApiClient electorClient, Config config, Callbacks callbacks, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = Objects.requireNonNull(electorClient, "electorClient");
    this.api = new CoordinationV1Api(electorClient);
    this.describe = config.lockNamespace() + "/" + config.lockName();
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
    Thread t = new Thread(this::run, "leader-election-" + config.lockName());
    t.setDaemon(true);
    synchronized (this) {
      thread = t;
    }
    t.start();
  }

  /**
   * Whether this process holds the lease now.
   *
   * @return true while leading
   */
  public boolean isLeader() {
    return leading;
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
    if (!leading || last == null) {
      return Optional.empty();
    }
    Duration since = Duration.between(last, clock.now());
    if (since.compareTo(config.leaseDuration().plus(WATCHDOG_GRACE)) > 0) {
      return Optional.of("leader has not renewed lease " + describe + " for " + since.toSeconds() + "s");
    }
    return Optional.empty();
  }

  /**
   * Stops campaigning and, if the lease names this process, releases it so a standby takes over at once. Returns
   * within about {@link #RELEASE_TIMEOUT} even when the API does not answer. Does not call
   * {@link Callbacks#onStoppedLeading()}.
   */
  @Override
  public void close() {
    stop(true);
  }

  /**
   * Stops campaigning without releasing or writing anything more, as a crashed process would; for tests. Closing
   * alone fences the election thread: {@link #execute} refuses its requests from then on.
   */
  void abandon() {
    stop(false);
  }

  private void stop(boolean release) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    synchronized (calls) {
      okhttp3.Call c = inFlight;
      if (c != null) {
        c.cancel();
      }
    }
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        // the thread ends promptly: its request is cancelled and its waits wake up
        t.join(Math.max(1, Math.min(config.retryPeriod().toMillis(), RELEASE_TIMEOUT.toMillis() / 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean wasLeading = leading;
    leading = false;
    if (release && holdsRecord(known)) {
      release(deadline);
    } else if (wasLeading) {
      LOG.info("stopped leading lock={} identity={}", describe, config.identity());
    }
  }

  private void run() {
    try {
      campaign();
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("leader election on {} stopped unexpectedly: {}", describe, e.toString());
      if (leading) {
        try {
          lose("the election failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException | RuntimeException again) {
          // closing, or failing again: the owner has been told already
        }
      }
    }
  }

  private void campaign() throws InterruptedException {
    while (!closing.get()) {
      long now = System.nanoTime();
      if (!leading) {
        Attempt a = tryAcquireOrRenew(now + config.renewDeadline().toNanos());
        if (a.outcome == Outcome.ACQUIRED) {
          becomeLeader();
          sleepUntil(renewedAtNanos + config.retryPeriod().toNanos());
        } else if (a.outcome == Outcome.HELD) {
          // the precise moment the holder's lease runs out, unless a poll comes first; polling at half the retry
          // period keeps the lag between a renewal and its observation (added to every takeover) under retry / 2
          sleepUntil(Math.min(now + config.retryPeriod().toNanos() / 2, a.expiresAtNanos));
        } else {
          sleepUntil(now + config.retryPeriod().toNanos());
        }
        continue;
      }
      long deadline = renewedAtNanos + config.renewDeadline().toNanos();
      if (startFailed != null) {
        lose("starting to lead failed (" + startFailed + ")");
        return;
      }
      if (now - deadline >= 0) {
        lose("not renewed within the renew deadline (" + config.renewDeadline() + ")");
        return;
      }
      Attempt a = tryAcquireOrRenew(deadline);
      if (a.outcome == Outcome.ACQUIRED) {
        sleepUntil(renewedAtNanos + config.retryPeriod().toNanos());
      } else if (a.outcome == Outcome.HELD) {
        lose("the lease is held by " + a.holder);
        return;
      } else {
        sleepUntil(Math.min(now + config.retryPeriod().toNanos(), deadline));
      }
    }
  }

  private void becomeLeader() {
    leading = true;
    lastRenew.set(clock.now());
    LOG.info("became leader lock={} identity={}", describe, config.identity());
    Thread t = new Thread(() -> {
      try {
        callbacks.onStartedLeading();
      } catch (Throwable e) {
        // a leader that runs nothing must not keep the lease: give it up as if lost, so a standby takes over
        LOG.error("starting to lead on {} failed: {}", describe, e.toString());
        startFailed = e.getClass().getSimpleName();
        synchronized (wakeup) {
          wakeup.notifyAll();
        }
      }
    }, "leader-election-started-" + config.lockName());
    t.setDaemon(true);
    t.start();
  }

  private void lose(String reason) throws InterruptedException {
    leading = false;
    LOG.error("leader election lost lock={} identity={} reason=\"{}\"", describe, config.identity(), reason);
    try {
      callbacks.onStoppedLeading();
    } catch (RuntimeException e) {
      LOG.error("handling the lost lease {} failed: {}", describe, e.toString());
    }
    awaitSuccessor();
  }

  /** After a loss: poll the lease until a successor can lead, then tell the owner once. */
  private void awaitSuccessor() throws InterruptedException {
    while (!closing.get()) {
      long now = System.nanoTime();
      String reason = null;
      try {
        V1Lease current = get(now + config.renewDeadline().toNanos());
        String holder = current.getSpec() == null ? null : current.getSpec().getHolderIdentity();
        known = current;
        if (holder != null && !holder.isEmpty() && !holder.equals(config.identity())) {
          reason = "the lease is held by " + holder;
        } else if (holdsRecord(current)) {
          release(System.nanoTime() + RELEASE_TIMEOUT.toNanos());
          reason = "the API answers again; the lease was released";
        } else {
          reason = "the API answers again; the lease is free";
        }
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          reason = "the API answers again; the lease is gone";
        } else if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 429) {
          reason = "the API answers again (HTTP " + e.getCode() + ")";
        }
      }
      if (reason != null) {
        if (closing.get()) {
          return;
        }
        LOG.info("a new leader can take over lock={}: {}", describe, reason);
        try {
          callbacks.onSuccessorCanLead(reason);
        } catch (RuntimeException e) {
          LOG.error("handling the successor of {} failed: {}", describe, e.toString());
        }
        return;
      }
      sleepUntil(now + config.retryPeriod().toNanos());
    }
  }

  private enum Outcome { ACQUIRED, HELD, FAILED }

  private record Attempt(Outcome outcome, String holder, long expiresAtNanos) {
    static final Attempt FAILED = new Attempt(Outcome.FAILED, null, 0);
  }

  /** One round of upstream's tryAcquireOrRenew: read, then create, take over an expired or free lease, or renew. */
  private Attempt tryAcquireOrRenew(long deadlineNanos) {
    V1Lease current;
    try {
      current = get(deadlineNanos);
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        failure("read", e);
        return Attempt.FAILED;
      }
      current = null;
    }
    long now = System.nanoTime();
    OffsetDateTime stamp = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    if (current == null) {
      V1Lease fresh = new V1Lease()
          .metadata(new V1ObjectMeta().namespace(config.lockNamespace()).name(config.lockName()))
          .spec(new V1LeaseSpec().holderIdentity(config.identity()).leaseDurationSeconds(config.leaseSeconds())
              .acquireTime(stamp).renewTime(stamp).leaseTransitions(0));
      return write(fresh, true, deadlineNanos);
    }
    known = current;
    V1LeaseSpec spec = current.getSpec() == null ? new V1LeaseSpec() : current.getSpec();
    observe(spec, now);
    String holder = spec.getHolderIdentity();
    boolean mine = config.identity().equals(holder);
    boolean free = holder == null || holder.isEmpty();
    if (!mine && !free) {
      long lease = TimeUnit.SECONDS.toNanos(spec.getLeaseDurationSeconds() == null || spec.getLeaseDurationSeconds()
          <= 0 ? config.leaseSeconds() : spec.getLeaseDurationSeconds());
      long expiresAt = observedAtNanos + lease;
      if (now - expiresAt < 0) {
        return new Attempt(Outcome.HELD, holder, expiresAt);
      }
    }
    int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
    V1LeaseSpec next = new V1LeaseSpec()
        .holderIdentity(config.identity())
        .leaseDurationSeconds(config.leaseSeconds())
        .acquireTime(mine && spec.getAcquireTime() != null ? spec.getAcquireTime() : stamp)
        .renewTime(stamp)
        .leaseTransitions(mine ? transitions : transitions + 1)
        .strategy(spec.getStrategy())
        .preferredHolder(spec.getPreferredHolder());
    return write(new V1Lease().apiVersion(current.getApiVersion()).kind(current.getKind())
        .metadata(current.getMetadata()).spec(next), false, deadlineNanos);
  }

  private Attempt write(V1Lease lease, boolean create, long deadlineNanos) {
    long sent = System.nanoTime();
    try {
      V1Lease written = create ? execute(api.createNamespacedLease(config.lockNamespace(), lease)
          .buildCall(null), deadlineNanos, true)
          : execute(api.replaceNamespacedLease(config.lockName(), config.lockNamespace(), lease).buildCall(null),
              deadlineNanos, true);
      known = written;
      renewedAtNanos = sent;
      if (leading) {
        lastRenew.set(clock.now());
      }
      observe(written.getSpec(), System.nanoTime());
      return new Attempt(Outcome.ACQUIRED, config.identity(), 0);
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        LOG.debug("lease {} changed under us; reading it again", describe);
      } else {
        failure(create ? "create" : "update", e);
      }
      return Attempt.FAILED;
    }
  }

  /** Notes a record the first time it is seen: the holder's lease runs from then, in this process's time. */
  private void observe(V1LeaseSpec spec, long now) {
    String record = spec == null ? "" : spec.getHolderIdentity() + "|" + spec.getRenewTime() + "|"
        + spec.getAcquireTime() + "|" + spec.getLeaseDurationSeconds() + "|" + spec.getLeaseTransitions();
    if (!record.equals(observedRecord)) {
      observedRecord = record;
      observedAtNanos = now;
    }
    String holder = spec == null ? null : spec.getHolderIdentity();
    if (holder != null && !holder.isEmpty() && !holder.equals(reportedHolder)) {
      reportedHolder = holder;
      if (!holder.equals(config.identity())) {
        LOG.info("new leader lock={} holder={}", describe, holder);
        try {
          callbacks.onNewLeader(holder);
        } catch (RuntimeException e) {
          LOG.warn("new-leader callback of {} failed: {}", describe, e.toString());
        }
      }
    }
  }

  private boolean holdsRecord(V1Lease lease) {
    return lease != null && lease.getSpec() != null
        && config.identity().equals(lease.getSpec().getHolderIdentity());
  }

  /**
   * Clears the holder (upstream's release: empty holder, 1 s duration, transitions kept) before the deadline. On a
   * conflict it reads the lease once more and gives up if another holder has it.
   */
  private void release(long deadline) {
    V1Lease base = known;
    String failure = "no answer";
    for (int attempt = 0; attempt < 2 && holdsRecord(base); attempt++) {
      OffsetDateTime stamp = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      V1LeaseSpec spec = base.getSpec();
      V1Lease empty = new V1Lease().apiVersion(base.getApiVersion()).kind(base.getKind()).metadata(base.getMetadata())
          .spec(new V1LeaseSpec().holderIdentity("").leaseDurationSeconds(1).acquireTime(stamp).renewTime(stamp)
              .leaseTransitions(spec.getLeaseTransitions()).strategy(spec.getStrategy())
              .preferredHolder(spec.getPreferredHolder()));
      try {
        known = execute(api.replaceNamespacedLease(config.lockName(), config.lockNamespace(), empty)
            .buildCall(null), deadline, false);
        LOG.info("released lease {}", describe);
        return;
      } catch (ApiException e) {
        failure = e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode();
        if (e.getCode() != 409) {
          break;
        }
      }
      try {
        base = get(deadline, false);
        known = base;
      } catch (ApiException e) {
        failure = e.getCode() == 0 ? "no answer" : "HTTP " + e.getCode();
        break;
      }
    }
    if (holdsRecord(base)) {
      LOG.warn("could not release lease {} within {} ({}); a standby takes over when it expires", describe,
          RELEASE_TIMEOUT, failure);
    }
  }

  private V1Lease get(long deadlineNanos) throws ApiException {
    return get(deadlineNanos, true);
  }

  private V1Lease get(long deadlineNanos, boolean electionThread) throws ApiException {
    return execute(api.readNamespacedLease(config.lockName(), config.lockNamespace()).buildCall(null),
        deadlineNanos, electionThread);
  }

  /**
   * Runs one request cut off at the deadline. The election thread's requests are refused once closing, and are
   * cancelled by {@link #close()}: OkHttp ignores interrupts, so a cancel is the only way to unblock them.
   */
  private V1Lease execute(okhttp3.Call call, long deadlineNanos, boolean electionThread) throws ApiException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new ApiException("deadline passed before the request to lease " + describe + " was sent");
    }
    call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    synchronized (calls) {
      if (electionThread) {
        if (closing.get()) {
          throw new ApiException("leader election on " + describe + " is closing");
        }
        inFlight = call;
      }
    }
    try {
      V1Lease lease = client.<V1Lease>execute(call, V1Lease.class).getData();
      answered();
      return lease;
    } catch (ApiException e) {
      noteContact(e);
      throw e;
    } finally {
      if (electionThread) {
        synchronized (calls) {
          inFlight = null;
        }
      }
    }
  }

  private void answered() {
    long now = System.nanoTime();
    answeredAtNanos.set(now == 0 ? 1 : now);
    unansweredCause = "no answer";
  }

  /**
   * A 404 or 409 is the API server answering; no answer, a 5xx or a 429 means it cannot serve us now, which
   * {@link #apiUnreachable()} reports long before the renew deadline ends the lease.
   */
  private void noteContact(ApiException e) {
    int code = e.getCode();
    if (code != 0 && code < 500 && code != 429) {
      answered();
      return;
    }
    unansweredCause = code == 0
        ? Optional.ofNullable(e.getCause()).map(c -> c.getClass().getSimpleName()).orElse("no response")
        : "HTTP " + code;
  }

  /**
   * The {@code /readyz} signal for an API outage: fails once the API server has answered none of this candidate's
   * lease requests (timeouts, hung or refused connections, 5xx, 429) for two retry periods, when a leader renews
   * once and a standby reads four times. It says what is wrong while it lasts, well before the renew deadline takes
   * the lease away, and clears at the next answer.
   *
   * @return empty while the API server answers, otherwise the reason
   */
  public Optional<String> apiUnreachable() {
    long last = answeredAtNanos.get();
    if (last == 0 || !started.get()) {
      return Optional.empty();
    }
    long elapsed = System.nanoTime() - last;
    if (elapsed <= 2 * config.retryPeriod().toNanos()) {
      return Optional.empty();
    }
    return Optional.of("the API server has answered no lease request for "
        + TimeUnit.MILLISECONDS.toSeconds(TimeUnit.NANOSECONDS.toMillis(elapsed)) + "s (last: " + unansweredCause
        + ")");
  }

  private void failure(String what, ApiException e) {
    if (closing.get()) {
      return;
    }
    String cause = e.getCode() == 0
        ? Optional.ofNullable(e.getCause()).map(c -> c.getClass().getSimpleName()).orElse(e.getMessage())
        : "HTTP " + e.getCode();
    LOG.warn("leader election could not {} lease {}: {}", what, describe, cause);
  }

  private void sleepUntil(long nanos) throws InterruptedException {
    synchronized (wakeup) {
      long wait;
      while (!closing.get() && (!leading || startFailed == null) && (wait = nanos - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(wakeup, wait);
      }
    }
  }
}
