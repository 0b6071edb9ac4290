package dev.ccm4j.benchmarks;

import dev.ccm4j.core.informers.SharedInformers;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.BalancerIngress;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One scenario's world: an API server emulator, a {@link FakeCloud} whose every call takes the configured delay,
 * an observer with its own informers (the benchmark's eyes, separate from the controllers'), and on demand a
 * {@link ControllerManager} running chosen controllers.
 */
final class BenchmarkCluster implements AutoCloseable {
  /** High enough that neither the client rate limiter nor the cloud-call governor is ever the bottleneck. */
  static final double UNLIMITED_QPS = 1_000_000;
  static final int UNLIMITED_BURST = 1_000_000;
  /** The user agent of the benchmark's own informers. */
  static final String OBSERVER = "benchmark-observer";

  private final BenchmarkConfig config;
  private final KubeApiServer server;
  private final FakeCloud cloud;
  private final RawApi raw;
  private final SharedInformers observer;
  private ControllerManager manager;

  BenchmarkCluster(BenchmarkConfig config) {
    this.config = config;
    // the default node-port range (2,768 ports) is smaller than the Services of a scenario and its baseline
    this.server = KubeApiServer.builder().journalSize(200_000).nodePortRange(20_000, 65_000).build().start();
    this.cloud = new FakeCloud();
    cloud.setDelay(config.cloudDelay());
    // the default pool has 254 addresses and scans them per ensure; a hostname per Service scales to any size
    cloud.setIngressAllocator((serviceKey, inUse) -> BalancerIngress.hostname(serviceKey.replace('/', '-')
        + ".lb.example"));
    this.raw = new RawApi(server.url());
    this.observer = new SharedInformers(client(OBSERVER), Duration.ofHours(12));
    observer.nodes();
    observer.services();
  }

  /** The options every scenario shares: no leader election, no client or cloud rate limits, the workers. */
  ControllerManagerOptions.Builder baseOptions() {
    return ControllerManagerOptions.builder()
        .leaderElect(false)
        .kubeApiQps(UNLIMITED_QPS)
        .kubeApiBurst(UNLIMITED_BURST)
        .cloudApi(Duration.ofSeconds(30), UNLIMITED_QPS, UNLIMITED_BURST)
        .concurrentNodeSyncs(config.workers())
        .concurrentServiceSyncs(config.workers())
        .configureCloudRoutes(false)
        .clusterCidrs(List.of(Fixtures.CLUSTER_CIDR));
  }

  /** Starts the observer's informers and waits for their first list. */
  void startObserver() throws InterruptedException {
    observer.start();
    if (!observer.awaitSynced(config.timeout())) {
      throw new ScenarioTimeoutException("the benchmark's own informers did not sync");
    }
  }

  /**
   * Starts a manager running exactly these controllers.
   *
   * @param controllers canonical names and factories
   * @param options changes to {@link #baseOptions()}
   */
  void startManager(Map<String, ControllerFactory> controllers, Consumer<ControllerManagerOptions.Builder> options) {
    ControllerManagerOptions.Builder o = baseOptions();
    options.accept(o);
    ControllerManager.Builder b = ControllerManager.builder().withoutBuiltInControllers()
        .provider(cloud)
        .options(o.build())
        .clients(this::client)
        .registry(new PrometheusRegistry())
        .identity("benchmark")
        .onLeadershipLost(() -> { });
    controllers.forEach(b::controller);
    manager = b.build();
    manager.start();
  }

  /** Stops the manager, so that baselines run without controllers competing for the CPU. */
  void stopManager() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  private ApiClient client(String userAgent) {
    ApiClient c = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(60)).build();
    c.setUserAgent(userAgent);
    return c;
  }

  KubeApiServer server() {
    return server;
  }

  FakeCloud cloud() {
    return cloud;
  }

  RawApi raw() {
    return raw;
  }

  Lister<V1Node> nodes() {
    return observer.nodeLister();
  }

  Lister<V1Service> services() {
    return observer.serviceLister();
  }

  /** Stops everything this cluster started. */
  @Override
  public void close() {
    try {
      stopManager();
      observer.close();
    } finally {
      server.close();
    }
  }
}
