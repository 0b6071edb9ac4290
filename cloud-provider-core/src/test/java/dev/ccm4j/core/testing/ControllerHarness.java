package dev.ccm4j.core.testing;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the real runtime (informers, work queues, events, the {@link ControllerManager}) with chosen controllers
 * against the in-JVM API server and a {@link FakeCloud}, for controller integration tests.
 *
 * <pre>{@code
 * try (ControllerHarness h = ControllerHarness.builder()
 *     .controller(ControllerNames.CLOUD_NODE, CloudNodeController.factory())
 *     .options(o -> o.nodeStatusUpdateFrequency(Duration.ofSeconds(1)))
 *     .start()) {
 *   h.cloud().addInstance(...);
 *   h.core().createNode(...).execute();
 *   await().until(() -> ...);
 * }
 * }</pre>
 */
public final class ControllerHarness implements AutoCloseable {
  private final KubeApiServer server;
  private final FakeCloud cloud;
  private final ControllerManager manager;
  private final PrometheusRegistry registry;
  private final AtomicInteger leadershipLost;

  private ControllerHarness(KubeApiServer server, FakeCloud cloud, ControllerManager manager,
      PrometheusRegistry registry, AtomicInteger leadershipLost) {
    this.server = server;
    this.cloud = cloud;
    this.manager = manager;
    this.registry = registry;
    this.leadershipLost = leadershipLost;
  }

  /**
   * Starts a builder.
   *
   * @return a builder with a new {@link FakeCloud} and leader election off
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the API server emulator */
  public KubeApiServer server() {
    return server;
  }

  /** @return the fake cloud the controllers call */
  public FakeCloud cloud() {
    return cloud;
  }

  /** @return the running manager */
  public ControllerManager manager() {
    return manager;
  }

  /** @return a fresh client for the test's own reads and writes */
  public ApiClient client() {
    return client(server);
  }

  /** @return the core/v1 API through a fresh client */
  public CoreV1Api core() {
    return new CoreV1Api(client());
  }

  /** @return how often the manager reported a lost lease */
  public int leadershipLostCount() {
    return leadershipLost.get();
  }

  /**
   * The metrics in Prometheus text format.
   *
   * @return the exposition
   */
  public String metrics() {
    return Exposition.of(registry);
  }

  private static ApiClient client(KubeApiServer server) {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
  }

  /** Stops the manager, then the API server. */
  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      server.close();
    }
  }

  /** Builds and starts a {@link ControllerHarness}. */
  public static final class Builder {
    private FakeCloud cloud = new FakeCloud();
    // a generous client budget keeps controller tests fast; tests of rate limiting set their own
    private final ControllerManagerOptions.Builder options = ControllerManagerOptions.builder().leaderElect(false)
        .kubeApiQps(500).kubeApiBurst(1000);
    private final Map<String, ControllerFactory> controllers = new LinkedHashMap<>();
    private Consumer<KubeApiServer.Builder> serverSettings = b -> {};
    private SecureServingOptions serving;
    private Function<FakeCloud, CloudProvider> provider = c -> c;
    private Clock clock;

    private Builder() {}

    /**
     * Runs the manager on this runtime clock instead of the system clock, e.g. a manual one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Runs the manager with a provider built around the fake cloud, for example one that contributes controllers.
     *
     * @param wrap makes the provider from the harness's fake cloud
     * @return this builder
     */
    public Builder provider(Function<FakeCloud, CloudProvider> wrap) {
      this.provider = wrap;
      return this;
    }

    /**
     * Uses a prepared fake cloud.
     *
     * @param cloud the cloud
     * @return this builder
     */
    public Builder cloud(FakeCloud cloud) {
      this.cloud = cloud;
      return this;
    }

    /**
     * Adjusts the options (leader election is off unless turned on here).
     *
     * @param change changes to apply
     * @return this builder
     */
    public Builder options(Consumer<ControllerManagerOptions.Builder> change) {
      change.accept(options);
      return this;
    }

    /**
     * Adjusts the API server.
     *
     * @param change changes to apply to its builder
     * @return this builder
     */
    public Builder server(Consumer<KubeApiServer.Builder> change) {
      this.serverSettings = change;
      return this;
    }

    /**
     * Serves the manager's endpoints on an ephemeral localhost port, without delegated auth.
     *
     * @return this builder
     */
    public Builder serving() {
      this.serving = SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build();
      return this;
    }

    /**
     * Runs a built-in controller.
     *
     * @param name its canonical name
     * @param factory creates it
     * @return this builder
     */
    public Builder controller(String name, ControllerFactory factory) {
      controllers.put(name, factory);
      return this;
    }

    /**
     * Starts the API server and the manager.
     *
     * @return the running harness
     */
    public ControllerHarness start() {
      KubeApiServer.Builder sb = KubeApiServer.builder();
      serverSettings.accept(sb);
      KubeApiServer server = sb.build().start();
      PrometheusRegistry registry = new PrometheusRegistry();
      AtomicInteger lost = new AtomicInteger();
      ControllerManager.Builder mb = ControllerManager.builder().withoutBuiltInControllers()
          .provider(provider.apply(cloud))
          .options(options.build())
          .clients(name -> {
            ApiClient c = client(server);
            c.setUserAgent(name);
            return c;
          })
          .registry(registry)
          .identity("harness")
          .onLeadershipLost(lost::incrementAndGet);
      controllers.forEach(mb::controller);
      if (clock != null) {
        mb.clock(clock);
      }
      if (serving != null) {
        mb.serving(serving, false);
      }
      ControllerManager manager;
      try {
        manager = mb.build();
        manager.start();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return new ControllerHarness(server, cloud, manager, registry, lost);
    }
  }
}
