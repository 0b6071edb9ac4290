package dev.ccm4j.conformance.inprocess;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.api.fixture.CloudFixtures;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.e2e.NodePool;
import dev.ccm4j.core.manager.BuiltInControllers;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole cluster in this JVM for the end-to-end suite: the API server emulator, the CCM under test with every
 * built-in controller (node IPAM and cloud routes included) and leader election, and simulated kubelets that join
 * nodes on instances the provider's fixture creates. Periods are short (about a second) so the suite runs in
 * seconds; the timeouts stay upstream's, only the poll is fast.
 *
 * <pre>{@code
 * try (InProcessCluster cluster = InProcessCluster.builder().provider("fake").build().start()) {
 *   ConformanceSessions.register(new ConformanceSession(Optional.empty(), Optional.of(cluster)));
 *   ...
 * }
 * }</pre>
 */
public final class InProcessCluster implements E2eEnvironment, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessCluster.class);
  /** The pod network the node IPAM controller allocates from. */
  public static final String CLUSTER_CIDR = "10.244.0.0/16";
  private static final Duration CONTROLLER_PERIOD = Duration.ofSeconds(1);

  private final Builder config;
  private volatile KubeconfigClients clients;
  private KubeApiServer api;
  private Path directory;
  private Path kubeconfig;
  private ApiClient client;
  private CloudProvider provider;
  private ControllerManagerOptions options;
  private ControllerManager manager;
  private SimulatedKubelets kubelets;
  private CloudFixture fixture;
  private NodePool pool;
  private boolean started;
  private boolean closed;

  private InProcessCluster(Builder config) {
    this.config = config;
  }

  /**
   * Upstream's maxima with a 200 ms poll: the emulator answers at once, so waiting 2 s between checks would only
   * slow the suite down.
   *
   * @return the default timeouts of an in-process cluster
   */
  public static E2eTimeouts defaultTimeouts() {
    E2eTimeouts t = E2eTimeouts.upstreamDefaults();
    return new E2eTimeouts(Duration.ofMillis(200), t.loadBalancerCreate(), t.loadBalancerCleanup(),
        t.nodeInitialization(), t.nodeDeletion(), t.routes(), t.ignoredSettle());
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the API server, the CCM, the fixture and the kubelets, and joins the initial nodes (without waiting for
   * the CCM to initialize them: that is what the suite checks).
   *
   * @return this cluster
   * @throws IllegalStateException if already started, or if nodes are to join but there is no fixture
   * @throws Exception if a part fails to start; whatever started is stopped again
   */
  public synchronized InProcessCluster start() throws Exception {
    if (started) {
      throw new IllegalStateException("the in-process cluster is already started");
    }
    started = true;
    try {
      startParts();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    return this;
  }

  private void startParts() throws Exception {
    provider = config.provider != null ? config.provider
        : CloudProviders.load(config.providerName, config.cloudConfig);
    Optional<CloudFixtureFactory> fixtureFactory = config.withoutFixture ? Optional.empty()
        : config.fixtureFactory != null ? Optional.of(config.fixtureFactory)
        : CloudFixtures.forProvider(provider.name());
    if (fixtureFactory.isEmpty() && config.nodes > 0) {
      throw new IllegalStateException("cannot join " + config.nodes + " nodes: there is no fixture for provider "
          + provider.name() + " to create their instances; give a fixture factory or join 0 nodes");
    }
    api = KubeApiServer.builder().build().start();
    directory = Files.createTempDirectory("ccm4j-inprocess");
    kubeconfig = api.writeKubeconfig(directory.resolve("kubeconfig"));
    clients = new KubeconfigClients(kubeconfig);
    client = client("ccm4j-conformance-e2e");
    options = ControllerManagerOptions.builder()
        .controllers(config.controllers)
        .clusterName(config.clusterName)
        .clusterCidrs(List.of(CLUSTER_CIDR))
        .allocateNodeCidrs(true)
        .configureCloudRoutes(true)
        .nodeMonitorPeriod(CONTROLLER_PERIOD)
        .nodeStatusUpdateFrequency(CONTROLLER_PERIOD)
        .routeReconciliationPeriod(CONTROLLER_PERIOD)
        .leaderElect(true)
        .build();
    manager = BuiltInControllers.registerAll(ControllerManager.builder())
        .provider(new KeepOpenProvider(provider))
        .options(options)
        .clients(this::client)
        .identity("ccm4j-inprocess_" + UUID.randomUUID())
        .onLeadershipLost(() -> LOG.error("the in-process CCM lost its lease and stopped"))
        .build();
    manager.start();
    kubelets = new SimulatedKubelets(client("simulated-kubelets"), config.heartbeatPeriod);
    if (fixtureFactory.isPresent()) {
      fixture = new KubeletAwareFixture(fixtureFactory.get().create(provider, config.clusterName), kubelets);
      pool = new InProcessNodePool(fixture, kubelets);
      for (int i = 1; i <= config.nodes; i++) {
        pool.join("ccm4j-node-" + i);
      }
    }
    LOG.info("in-process cluster up: API server {}, provider {}, {} nodes", api.url(), provider.name(),
        config.nodes);
  }

  /**
   * Every component gets a client of its own, as upstream's clientsets, all closed with the cluster. Not
   * synchronized on the cluster: the manager creates clients on its election thread, which {@link #close()} joins.
   */
  private ApiClient client(String userAgent) {
    return clients.client(userAgent);
  }

  /**
   * The kubeconfig of the API server emulator, for kubectl while the suite runs.
   *
   * @return the file; deleted by {@link #close()}
   * @throws IllegalStateException if not started
   */
  public Path kubeconfig() {
    return requireStarted(kubeconfig);
  }

  /**
   * The controller manager under test, for health and leadership checks.
   *
   * @return the manager
   * @throws IllegalStateException if not started
   */
  public ControllerManager manager() {
    return requireStarted(manager);
  }

  /**
   * The provider under test, as created (not wrapped by the manager).
   *
   * @return the provider
   * @throws IllegalStateException if not started
   */
  public CloudProvider provider() {
    return requireStarted(provider);
  }

  @Override
  public ApiClient client() {
    return requireStarted(client);
  }

  @Override
  public String clusterName() {
    return config.clusterName;
  }

  @Override
  public String providerName() {
    return requireStarted(provider).name();
  }

  @Override
  public boolean ownsProviderId(String providerId) {
    return requireStarted(provider).ownsProviderId(providerId);
  }

  @Override
  public Optional<LoadBalancer> loadBalancerNaming() {
    return requireStarted(provider).loadBalancer();
  }

  @Override
  public Optional<CloudFixture> fixture() {
    requireStarted(api);
    return Optional.ofNullable(fixture);
  }

  @Override
  public Optional<NodePool> nodePool() {
    requireStarted(api);
    return Optional.ofNullable(pool);
  }

  /** Routes are expected when the route and node IPAM controllers run and the provider has routes. */
  @Override
  public boolean routesExpected() {
    ControllerSelection selected = requireStarted(options).controllers();
    return options.configureCloudRoutes() && options.allocateNodeCidrs()
        && selected.isEnabled(ControllerNames.NODE_ROUTE) && selected.isEnabled(ControllerNames.NODE_IPAM)
        && provider.routes().isPresent();
  }

  @Override
  public E2eTimeouts timeouts() {
    return config.timeouts;
  }

  /**
   * Stops the CCM first (releasing its lease), then the kubelets, the fixture (which removes its instances), the
   * provider and the API server, and deletes the kubeconfig. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    quietly("the controller manager", manager);
    quietly("the simulated kubelets", kubelets);
    quietly("the fixture", fixture);
    quietly("the provider", provider);
    if (clients != null) {
      clients.close();
    }
    quietly("the API server", api);
    if (directory != null) {
      try {
        Files.deleteIfExists(directory.resolve("kubeconfig"));
        Files.deleteIfExists(directory);
      } catch (IOException e) {
        LOG.warn("could not delete {}: {}", directory, e.toString());
      }
    }
  }

  private static void quietly(String what, AutoCloseable part) {
    if (part == null) {
      return;
    }
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", what, e.toString());
    }
  }

  private <T> T requireStarted(T part) {
    if (part == null) {
      throw new IllegalStateException("the in-process cluster is not started");
    }
    return part;
  }

  /** Settings of an {@link InProcessCluster}. */
  public static final class Builder {
    private String providerName;
    private Path cloudConfig;
    private CloudProvider provider;
    private CloudFixtureFactory fixtureFactory;
    private boolean withoutFixture;
    private String clusterName = "kubernetes";
    private int nodes = 3;
    private E2eTimeouts timeouts = defaultTimeouts();
    private ControllerSelection controllers = ControllerSelection.all();
    private Duration heartbeatPeriod = Duration.ofSeconds(3);

    private Builder() {}

    /**
     * Loads the provider by name, as {@code --cloud-provider} and {@code --cloud-config} do.
     *
     * @param name the provider name
     * @param cloudConfig the cloud-config file, or null for none
     * @return this builder
     */
    public Builder provider(String name, Path cloudConfig) {
      this.providerName = Objects.requireNonNull(name, "name");
      this.cloudConfig = cloudConfig;
      this.provider = null;
      return this;
    }

    /**
     * Loads the provider by name without a cloud-config.
     *
     * @param name the provider name
     * @return this builder
     */
    public Builder provider(String name) {
      return provider(name, null);
    }

    /**
     * Uses a provider instance, not yet initialized; the cluster closes it.
     *
     * @param instance the provider
     * @return this builder
     */
    public Builder provider(CloudProvider instance) {
      this.provider = Objects.requireNonNull(instance, "instance");
      this.providerName = null;
      this.cloudConfig = null;
      return this;
    }

    /**
     * The fixture factory; by default the one registered for the provider, if any.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder fixtureFactory(CloudFixtureFactory factory) {
      this.fixtureFactory = Objects.requireNonNull(factory, "factory");
      this.withoutFixture = false;
      return this;
    }

    /**
     * Runs without a fixture (and so without a node pool): cloud-side checks are skipped.
     *
     * @return this builder
     */
    public Builder withoutFixture() {
      this.fixtureFactory = null;
      this.withoutFixture = true;
      return this;
    }

    /**
     * {@code --cluster-name} of the CCM; default {@code kubernetes}.
     *
     * @param name the cluster name
     * @return this builder
     */
    public Builder clusterName(String name) {
      this.clusterName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How many nodes join at start; default 3.
     *
     * @param count the node count, 0 or more
     * @return this builder
     */
    public Builder nodes(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("node count must not be negative, got " + count);
      }
      this.nodes = count;
      return this;
    }

    /**
     * How long the scenarios wait; default upstream's maxima with a 200 ms poll.
     *
     * @param value the timeouts
     * @return this builder
     */
    public Builder timeouts(E2eTimeouts value) {
      this.timeouts = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * {@code --controllers} of the CCM; default every controller.
     *
     * @param selection the selection
     * @return this builder
     */
    public Builder controllers(ControllerSelection selection) {
      this.controllers = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /**
     * How often the simulated kubelets post Ready; default 3 s.
     *
     * @param period the period
     * @return this builder
     */
    public Builder heartbeatPeriod(Duration period) {
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("heartbeat period must be positive, got " + period);
      }
      this.heartbeatPeriod = period;
      return this;
    }

    /**
     * Builds the cluster, not yet started.
     *
     * @return the cluster
     * @throws IllegalStateException if no provider was given
     */
    public InProcessCluster build() {
      if (provider == null && providerName == null) {
        throw new IllegalStateException("give a provider: provider(name) or provider(instance)");
      }
      return new InProcessCluster(copy());
    }

    /** The cluster keeps its own copy, so reusing this builder cannot change a cluster already built. */
    private Builder copy() {
      Builder b = new Builder();
      b.providerName = providerName;
      b.cloudConfig = cloudConfig;
      b.provider = provider;
      b.fixtureFactory = fixtureFactory;
      b.withoutFixture = withoutFixture;
      b.clusterName = clusterName;
      b.nodes = nodes;
      b.timeouts = timeouts;
      b.controllers = controllers;
      b.heartbeatPeriod = heartbeatPeriod;
      return b;
    }
  }
}
