package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ManagedController;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.cloud.CloudCallGovernor;
import dev.ccm4j.core.cloud.GovernedCloudProvider;
import dev.ccm4j.core.cloud.PrometheusProviderMetrics;
import dev.ccm4j.core.health.HealthCheck;
import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.events.EventBroadcaster;
import dev.ccm4j.core.events.EventMetrics;
import dev.ccm4j.core.informers.SharedInformers;
import dev.ccm4j.core.leaderelection.LeaderCampaign;
import dev.ccm4j.core.leaderelection.LeaderElection;
import dev.ccm4j.core.leaderelection.LeaderMigrationConfiguration;
import dev.ccm4j.core.serving.SecureServer;
import dev.ccm4j.core.serving.SecureServingOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cloud provider's controllers the way upstream's cloud-controller-manager does: it assembles leader election
 * (and optionally leader migration, {@link LeaderCampaign}), the provider's initialization, the shared informers,
 * events, the write fence, and one {@link ManagedController} per enabled controller. Every built-in controller is
 * registered by default; {@code --controllers} decides which run, and naming one that nobody registered stops
 * {@link Builder#build()}.
 *
 * <pre>{@code
 * ControllerManager manager = ControllerManager.builder()
 *     .provider(CloudProviders.load("mycloud", configPath))
 *     .options(ControllerManagerOptions.builder().clusterName("prod").build())
 *     .clients(name -> clientFor(name))
 *     .extraController("mycloud-eip", ctx -> Optional.of(eipController(ctx)), true)
 *     .build();
 * manager.start();
 * Runtime.getRuntime().addShutdownHook(new Thread(manager::close));
 * manager.awaitTermination();
 * }</pre>
 *
 * <p>The provider's own controllers ({@link CloudProvider#controllers()}) are registered under their names next to
 * the built-in ones: {@code --controllers} selects them like any other, they run only on the leader, and their
 * cloud calls are governed like the built-in controllers' calls.
 *
 * <p>When this process loses a lease it held, the manager fences itself at once: every cloud call through the
 * governor is refused (in-flight ones are interrupted) and every Kubernetes write from the manager's clients is
 * refused, then the controllers, informers and events stop. The provider is <em>not</em> closed: its data path
 * (for example the {@code local} provider's load balancers) keeps serving what it last programmed, as kube-proxy
 * keeps forwarding while the API is down. The leadership-lost action (by default: exit with status 1, upstream's
 * behaviour, since in-memory state may be stale) runs as soon as a new leader can take over: another holder is on
 * the lease, or the API answers again (the lease is released first), so a restarted process can campaign.
 * {@code /healthz} keeps answering ok meanwhile, so a liveness probe does not kill the data path during an API
 * outage; {@code /readyz} says the lease is lost. An embedding application may choose another action;
 * {@link #close()} still closes the provider.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  private final CloudProvider provider;
  private final GovernedCloudProvider governed;
  private final ControllerManagerOptions options;
  private final KubernetesClientFactory clients;
  private final PrometheusRegistry registry;
  private final Clock clock;
  private final String identity;
  private final Runnable onLeadershipLost;
  private final Map<String, ControllerFactory> factories;
  private final List<String> controllerOrder;
  private final LeaderMigrationConfiguration migration;
  private final EventBroadcaster events;
  private final SharedInformers informers;
  private final ControllerContext context;
  private final SecureServingOptions servingOptions;
  private final boolean delegatedAuth;
  private final java.util.function.UnaryOperator<dev.ccm4j.core.serving.DelegatedAuth.Builder> authSettings;
  private SecureServer server;
  private final io.prometheus.metrics.core.metrics.Gauge runningControllers;
  private final CompletableFuture<Void> shutdownSignal = new CompletableFuture<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final List<ManagedController> running = new ArrayList<>();
  /** Set by {@link #start()} with leader election on. */
  private LeaderCampaign campaign;
  /** Set once on a lost lease: from then on no cloud call and no Kubernetes write leaves this process. */
  private final WriteFence fence = new WriteFence();
  private final java.util.concurrent.locks.ReentrantLock stopLock = new java.util.concurrent.locks.ReentrantLock();
  private final CountDownLatch successorCanLead = new CountDownLatch(1);
  private boolean providerInitialized;
  private boolean started;
  private boolean stopped;
  private boolean closed;

  private ControllerManager(Builder b, ControllerManagerOptions effective, List<ProviderController> contributed,
      LeaderMigrationConfiguration migration) {
    KubernetesClientFactory limited = rateLimited(b.clients, effective, b.clock, fence);
    this.provider = b.provider;
    this.governed = new GovernedCloudProvider(b.provider, CloudCallGovernor.builder(b.provider.name(), b.registry)
        .timeout(effective.cloudApiTimeout())
        .qps(effective.cloudApiQps())
        .burst(effective.cloudApiBurst())
        .build());
    this.servingOptions = b.serving;
    this.delegatedAuth = b.delegatedAuth;
    this.authSettings = b.authSettings;
    this.options = effective;
    this.clients = limited;
    this.registry = b.registry;
    this.clock = b.clock;
    this.identity = b.identity;
    this.onLeadershipLost = b.onLeadershipLost;
    Map<String, ControllerFactory> all = new LinkedHashMap<>(b.factories);
    for (ProviderController c : contributed) {
      all.put(c.name(), ContributedControllers.factory(governed.govern(c)));
    }
    this.factories = Map.copyOf(all);
    this.migration = migration;
    this.events = EventBroadcaster.builder(limited.client("event-broadcaster")).clock(b.clock).build();
    this.informers = new SharedInformers(limited.client("shared-informers"), effective.minResyncPeriod());
    this.context = new ControllerContext(governed, effective, informers, limited, events, b.registry, b.clock);
    this.controllerOrder = List.copyOf(all.keySet());
    this.runningControllers = io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("running_managed_controllers")
        .help("Indicates where instances of a controller are currently running")
        .labelNames("name", "manager")
        .register(b.registry);
    EventMetrics.register(events, b.registry);
  }

  /**
   * Every client gets its own {@code --kube-api-qps}/{@code --kube-api-burst} budget, as upstream's clientsets, and
   * the fence: after a lost lease it refuses every write, except from the clients that must keep working (the
   * election's own, which releases the lease, and delegated auth's reviews, which write nothing).
   */
  private static KubernetesClientFactory rateLimited(KubernetesClientFactory clients, ControllerManagerOptions o,
      Clock clock, WriteFence fence) {
    return name -> {
      io.kubernetes.client.openapi.ApiClient c = clients.client(name);
      okhttp3.OkHttpClient.Builder http = c.getHttpClient().newBuilder();
      if (!WriteFence.EXEMPT.contains(name)) {
        http.addInterceptor(fence);
      }
      c.setHttpClient(http
          .addInterceptor(new KubeClientRateLimiter(o.kubeApiQps(), o.kubeApiBurst(), clock,
              dev.ccm4j.core.cloud.Sleeper.system()))
          .build());
      return c;
    };
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the manager without blocking: the secure server, events, then either leader election or, with
   * {@code --leader-elect=false}, the controllers directly.
   *
   * @throws IllegalStateException if called twice
   * @throws IllegalArgumentException unchanged from building the secure server (a busy {@code --secure-port},
   *     unreadable TLS files...) or the leader election settings, always before any controller starts; the message
   *     starts with the flag at fault
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("controller manager already started");
    }
    started = true;
    try {
      startServing();
      events.start();
      LOG.info("starting cloud-controller-manager provider={} cluster={} identity={}", provider.name(),
          options.clusterName(), identity);
      if (!options.leaderElect()) {
        runControllers(name -> true);
        return;
      }
      campaign();
    } catch (RuntimeException e) {
      // nothing runs after a failed start: free the port at once rather than at close()
      if (server != null) {
        server.close();
        server = null;
      }
      throw e;
    }
  }

  private void campaign() {
    LeaderElection.Config main = new LeaderElection.Config(options.leaderElectResourceNamespace(),
        options.leaderElectResourceName(), identity, options.leaseDuration(), options.renewDeadline(),
        options.retryPeriod());
    LeaderCampaign c = new LeaderCampaign(() -> clients.client(WriteFence.LEADER_ELECTION_CLIENT), main, migration,
        clock, new LeaderCampaign.Listener() {
          @Override
          public boolean leading(boolean migrationLock) {
            Set<String> migrated = migration == null ? Set.of() : migration.migratedControllers();
            runControllers(migrationLock ? migrated::contains : name -> !migrated.contains(name));
            synchronized (ControllerManager.this) {
              return !stopped;
            }
          }

          @Override
          public void lost(String lock) {
            leadershipLost(lock);
          }

          @Override
          public void successorCanLead(String reason) {
            successorCanLead.countDown();
          }
        });
    synchronized (this) {
      campaign = c;
      if (server != null) {
        server.healthz().add("leaderElection", c::watchdog);
      }
    }
    c.start();
  }

  private void startServing() {
    if (servingOptions != null && servingOptions.enabled()) {
      SecureServer.Builder sb = SecureServer.builder(servingOptions).metrics(registry).configz(this::configz);
      sb = delegatedAuth
          ? sb.delegatedAuth(authSettings.apply(
              dev.ccm4j.core.serving.DelegatedAuth.builder(clients.client("delegated-auth"))).build())
          : sb.withoutDelegatedAuth();
      server = sb.start();
      server.livez().add("ping", HealthStatus::ok);
      server.readyz().add("informers", this::readiness);
      server.readyz().add("kube-apiserver", this::apiReachability);
      LOG.info("serving healthz, metrics and configz on https://{}", server.address());
    }
  }

  /**
   * On the election thread, which releases the lease only after this returns: fence first (no lock taken, so a
   * controller start in progress cannot delay it), then stop the rest and wait for a successor on another thread.
   */
  private void leadershipLost(String lock) {
    // the fence: the governor interrupts cloud calls in flight and refuses new ones; the clients refuse writes
    if (!fence.close(lock)) {
      return;
    }
    governed.governor().close();
    LOG.error("lost leader election on lock {}: controllers stop now; the cloud provider's data path keeps serving"
        + " until a new leader can take over", lock);
    Thread stopper = new Thread(() -> {
      shutdownSignal.complete(null);
      stopWork();
      // the other lock (leader migration) is released too: this process is done leading
      LeaderCampaign c;
      synchronized (this) {
        c = campaign;
      }
      if (c != null) {
        c.releaseHeld();
      }
    }, "leadership-lost-stop");
    stopper.setDaemon(true);
    stopper.start();
    // not a daemon: it keeps the process (and the provider's data path) alive until the action runs
    Thread t = new Thread(this::awaitSuccessor, "leadership-lost");
    t.setDaemon(false);
    t.start();
  }

  /**
   * Runs the leadership-lost action once a new leader can take over, without waiting for the controllers to finish
   * stopping: they are fenced, and a reconcile stuck on an unreachable API must not hold the exit back.
   */
  private void awaitSuccessor() {
    try {
      while (!successorCanLead.await(100, TimeUnit.MILLISECONDS)) {
        synchronized (this) {
          if (closed) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    LOG.info("a new leader can take over; running the leadership-lost action");
    onLeadershipLost.run();
  }

  private synchronized void runControllers(Predicate<String> which) {
    if (stopped || fence.closed()) {
      return;
    }
    if (!providerInitialized) {
      providerInitialized = true;
      governed.initialize(ProviderContext.builder(options.clusterName(), clients)
          .shutdown(shutdownSignal.minimalCompletionStage())
          .metrics(new PrometheusProviderMetrics(registry))
          .build());
    }
    List<ManagedController> created = new ArrayList<>();
    for (String name : controllerOrder) {
      if (!which.test(name)) {
        continue;
      }
      if (!options.controllers().isEnabled(name)) {
        LOG.info("controller {} is disabled by --controllers", name);
        continue;
      }
      if (migration != null && migration.controllersOwnedElsewhere().contains(name)) {
        LOG.info("controller {} is run by another component under leader migration", name);
        continue;
      }
      Optional<ManagedController> c = factories.get(name).create(context.forController(name));
      c.ifPresent(created::add);
    }
    informers.start();
    for (ManagedController c : created) {
      LOG.info("starting controller {}", c.name());
      c.start();
      running.add(c);
      runningControllers.labelValues(metricName(c.name()), "cloud-controller-manager").set(1);
      if (server != null) {
        server.healthz().add(c);
      }
    }
  }

  /**
   * The checks {@code /healthz} runs: each leader election's watchdog and each running controller.
   *
   * @return the checks, evaluated when called
   */
  public synchronized List<HealthCheck> healthChecks() {
    List<HealthCheck> checks = new ArrayList<>();
    if (campaign != null) {
      LeaderCampaign c = campaign;
      checks.add(new HealthCheck() {
        @Override
        public String name() {
          return "leaderElection";
        }

        @Override
        public HealthStatus check() {
          return c.watchdog();
        }
      });
    }
    checks.addAll(running);
    return checks;
  }

  /** Upstream labels this metric with the short names: cloud-node, cloud-node-lifecycle, service, route. */
  private static String metricName(String controller) {
    return ControllerNames.resolve(controller).map(ControllerNames::aliasesOf).filter(a -> !a.isEmpty())
        .map(a -> a.get(0)).orElse(controller);
  }

  private Map<String, Object> configz() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("cloud-provider", provider.name());
    config.putAll(options.describe());
    return Map.of("cloudcontrollermanager.config.ccm4j.dev", config);
  }

  /**
   * The certificate the endpoints present, for clients that pin it.
   *
   * @return the leaf certificate, or empty when serving is off or not started
   */
  public synchronized Optional<java.security.cert.X509Certificate> servingCertificate() {
    return server == null ? Optional.empty() : Optional.of(server.certificate().certificate());
  }

  /**
   * Where the health, metrics and configz endpoints listen.
   *
   * @return the address, or empty when serving is off or not started
   */
  public synchronized Optional<InetSocketAddress> servingAddress() {
    return server == null ? Optional.empty() : Optional.of(server.address());
  }

  /**
   * Readiness for {@code /readyz}: a standby is ready; a leader is ready once its caches are filled.
   *
   * @return the status
   */
  public synchronized HealthStatus readiness() {
    String lostLease = fence.lostLease();
    if (lostLease != null && !closed) {
      return HealthStatus.unhealthy("lost leader election on lock " + lostLease + "; waiting for a new leader");
    }
    if (stopped) {
      return HealthStatus.unhealthy("stopped");
    }
    if (!running.isEmpty() && !informers.hasSynced()) {
      return HealthStatus.unhealthy("informers have not synced");
    }
    return HealthStatus.ok();
  }

  /**
   * Readiness for {@code /readyz}'s {@code kube-apiserver} check: fails while the leader election's lease requests
   * get no answer from the API server, so an outage shows at once, not only when it has cost the lease. Without
   * leader election there is no such request to watch, and the check stays ok.
   *
   * @return the status
   */
  public synchronized HealthStatus apiReachability() {
    return campaign == null ? HealthStatus.ok() : campaign.apiReachability();
  }

  /**
   * Whether this process leads the main lock (always true without leader election, once started).
   *
   * @return true when leading
   */
  public synchronized boolean isLeader() {
    if (!options.leaderElect()) {
      return started && !stopped;
    }
    return campaign != null && campaign.isLeader();
  }

  /**
   * The names of the controllers running now.
   *
   * @return canonical names, in start order
   */
  public synchronized List<String> runningControllers() {
    return running.stream().map(ManagedController::name).toList();
  }

  /**
   * The event broadcaster, for components outside the controllers.
   *
   * @return the broadcaster
   */
  public EventBroadcaster events() {
    return events;
  }

  /**
   * Blocks until the manager has stopped.
   *
   * @throws InterruptedException if interrupted
   */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Waits a bounded time for the manager to stop.
   *
   * @param timeoutMillis the longest wait
   * @return true if stopped
   * @throws InterruptedException if interrupted
   */
  public boolean awaitTermination(long timeoutMillis) throws InterruptedException {
    return terminated.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the controllers (newest first), the informers and the events, so that nothing more is written. Run once,
   * by whichever of a lost lease or {@link #close()} comes first; the other waits for it.
   */
  private void stopWork() {
    stopLock.lock();
    try {
      stopWorkLocked();
    } finally {
      stopLock.unlock();
    }
  }

  private void stopWorkLocked() {
    List<ManagedController> toStop;
    SecureServer s;
    synchronized (this) {
      stopped = true;
      toStop = new ArrayList<>(running);
      running.clear();
      s = server;
    }
    if (s != null) {
      // a stopped controller is no reason for a liveness probe to restart the process (and its data path)
      toStop.forEach(c -> s.healthz().remove(c.name()));
    }
    for (int i = toStop.size() - 1; i >= 0; i--) {
      ManagedController c = toStop.get(i);
      try {
        c.stop();
      } catch (RuntimeException e) {
        LOG.warn("controller {} failed to stop cleanly: {}", c.name(), e.toString());
      }
      runningControllers.labelValues(metricName(c.name()), "cloud-controller-manager").set(0);
    }
    informers.close();
    events.close();
  }

  /**
   * Stops the controllers (newest first), the informers and the events, then leader election (releasing held
   * leases, within {@link LeaderElection#RELEASE_TIMEOUT}, so a standby takes over at once), then closes the
   * provider and the secure server. Also after a lost lease, when it is the only thing that closes the provider.
   * Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopped = true;
    }
    shutdownSignal.complete(null);
    if (!fence.closed()) {
      stopWork();
    } else {
      // after a lost lease the controllers are fenced and already stopping: wait a little, not for a stuck one
      try {
        if (stopLock.tryLock(1, TimeUnit.SECONDS)) {
          try {
            stopWorkLocked();
          } finally {
            stopLock.unlock();
          }
        } else {
          LOG.info("controllers are still stopping after the lost lease; they are fenced, closing anyway");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LeaderCampaign c;
    synchronized (this) {
      c = campaign;
    }
    if (c != null) {
      c.close();
    }
    try {
      governed.close();
    } catch (RuntimeException e) {
      LOG.warn("cloud provider {} failed to close cleanly: {}", provider.name(), e.toString());
    }
    SecureServer s;
    synchronized (this) {
      s = server;
    }
    if (s != null) {
      s.close();
    }
    terminated.countDown();
    LOG.info("cloud-controller-manager stopped");
  }

  /** Builds a {@link ControllerManager}. */
  public static final class Builder {
    private CloudProvider provider;
    private ControllerManagerOptions options = ControllerManagerOptions.builder().build();
    private KubernetesClientFactory clients;
    private PrometheusRegistry registry = new PrometheusRegistry();
    private Clock clock = Clock.system();
    private String identity = LeaderElection.defaultIdentity();
    private Runnable onLeadershipLost = () -> System.exit(1);
    private SecureServingOptions serving;
    private boolean delegatedAuth = true;
    private java.util.function.UnaryOperator<dev.ccm4j.core.serving.DelegatedAuth.Builder> authSettings = a -> a;
    private final Map<String, ControllerFactory> factories = new LinkedHashMap<>(BuiltInControllers.all());
    private final Map<String, Boolean> extras = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers no built-in controller (they are all registered by default), for a manager that runs only the
     * controllers registered afterwards with {@link #controller} and {@link #extraController}, such as a test
     * harness. A controller that {@code --controllers} names but nobody registered still stops {@link #build()}.
     *
     * @return this builder
     */
    public Builder withoutBuiltInControllers() {
      BuiltInControllers.all().keySet().forEach(factories::remove);
      return this;
    }

    /**
     * Sets the cloud provider.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(CloudProvider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets the options; defaults are upstream's.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(ControllerManagerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how Kubernetes clients are made; each call should return a new client.
     *
     * @param clients the factory
     * @return this builder
     */
    public Builder clients(KubernetesClientFactory clients) {
      this.clients = Objects.requireNonNull(clients, "clients");
      return this;
    }

    /**
     * Sets the metrics registry; a new one by default.
     *
     * @param registry the registry served on {@code /metrics}
     * @return this builder
     */
    public Builder registry(PrometheusRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the leader election identity; {@code <hostname>_<uuid>} by default.
     *
     * @param identity the identity
     * @return this builder
     */
    public Builder identity(String identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /**
     * Sets what happens after a lost lease has stopped everything; by default the process exits with status 1.
     *
     * @param action the action
     * @return this builder
     */
    public Builder onLeadershipLost(Runnable action) {
      this.onLeadershipLost = Objects.requireNonNull(action, "action");
      return this;
    }

    /**
     * Serves {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /metrics} and {@code /configz} over HTTPS;
     * off unless set.
     *
     * @param options where and how to serve
     * @param delegatedAuth whether to authenticate and authorize callers through the API server (TokenReview and
     *     SubjectAccessReview), as upstream does; health paths are always open
     * @return this builder
     */
    public Builder serving(SecureServingOptions options, boolean delegatedAuth) {
      this.serving = Objects.requireNonNull(options, "options");
      this.delegatedAuth = delegatedAuth;
      return this;
    }

    /**
     * Serves the endpoints with delegated authentication and authorization tuned by the caller (cache TTLs,
     * always-allowed paths).
     *
     * @param options where and how to serve
     * @param auth adjusts the delegated authentication settings
     * @return this builder
     */
    public Builder serving(SecureServingOptions options,
        java.util.function.UnaryOperator<dev.ccm4j.core.serving.DelegatedAuth.Builder> auth) {
      serving(options, true);
      this.authSettings = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Replaces (or, after {@link #withoutBuiltInControllers()}, registers) a built-in controller by canonical name
     * or alias; every built-in controller is registered by default with its own factory.
     *
     * @param name a name from {@link ControllerNames}
     * @param factory creates it
     * @return this builder
     * @throws IllegalArgumentException if the name is not a built-in controller's
     */
    public Builder controller(String name, ControllerFactory factory) {
      String canonical = ControllerNames.resolve(name).orElseThrow(() -> new IllegalArgumentException(
          "\"" + name + "\" is not a built-in controller; use extraController"));
      factories.put(canonical, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Registers a controller of the embedding application's own, selectable with {@code --controllers}.
     *
     * @param name its name
     * @param factory creates it
     * @param enabledByDefault whether {@code *} enables it
     * @return this builder
     */
    public Builder extraController(String name, ControllerFactory factory, boolean enabledByDefault) {
      if (ControllerNames.resolve(name).isPresent()) {
        throw new IllegalArgumentException("\"" + name + "\" is a built-in controller; use controller");
      }
      factories.put(name, Objects.requireNonNull(factory, "factory"));
      extras.put(name, enabledByDefault);
      return this;
    }

    /**
     * The names of the extra controllers, for parsing {@code --controllers} with
     * {@link ControllerSelection#parse(List, Map)}.
     *
     * @return names mapped to whether {@code *} enables them
     */
    public Map<String, Boolean> extraControllers() {
      return Map.copyOf(extras);
    }

    /**
     * Validates everything and builds the manager. Reads the provider's {@link CloudProvider#controllers()} and
     * parses {@code --controllers} again with them known.
     *
     * @return the manager, not yet started
     * @throws IllegalArgumentException listing every invalid option (an unknown controller name with the list of
     *     known ones, a contributed controller clashing with a built-in or extra one), or naming the leader
     *     migration file's error
     */
    public ControllerManager build() {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(clients, "clients");
      List<String> errors = new ArrayList<>(options.validate());
      List<ProviderController> contributed = List.of();
      try {
        contributed = ContributedControllers.read(provider);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
      Map<String, Boolean> selectable = new LinkedHashMap<>(extras);
      for (ProviderController c : contributed) {
        if (selectable.putIfAbsent(c.name(), c.enabledByDefault()) != null) {
          errors.add("cloud provider " + provider.name() + " contributes controller \"" + c.name()
              + "\", which clashes with the application's extra controller of that name");
        }
      }
      ControllerManagerOptions effective = options;
      try {
        effective = options.withControllers(ControllerSelection.parse(options.controllers().entries(), selectable));
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
      if (errors.isEmpty()) {
        ControllerSelection selection = effective.controllers();
        ControllerManagerOptions checked = effective;
        factories.forEach((name, factory) -> {
          if (selection.isEnabled(name)) {
            errors.addAll(factory.validate(checked, provider));
          }
        });
        Set<String> known = new java.util.HashSet<>(factories.keySet());
        contributed.forEach(c -> known.add(c.name()));
        for (String name : selection.namedEnabled()) {
          if (!known.contains(name)) {
            errors.add("--controllers names controller \"" + name + "\", but this manager has no factory for it:"
                + " register it with ControllerManager.Builder#controller");
          }
        }
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("\n", errors));
      }
      if (!provider.hasClusterId() && !options.allowUntaggedCloud()) {
        throw new IllegalArgumentException("cloud provider " + provider.name() + " has no cluster ID: tag the"
            + " cloud resources or pass --allow-untagged-cloud");
      }
      LeaderMigrationConfiguration migration = null;
      if (options.leaderElect() && options.enableLeaderMigration()) {
        migration = options.leaderMigrationConfig().map(LeaderMigrationConfiguration::read)
            .orElseGet(LeaderMigrationConfiguration::defaultConfiguration);
      }
      return new ControllerManager(this, effective, contributed, migration);
    }
  }
}
