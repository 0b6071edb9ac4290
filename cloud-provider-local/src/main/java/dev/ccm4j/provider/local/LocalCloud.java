package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.Routes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The provider for clusters without a cloud: every Node is an instance, routes live in memory, and load balancers
 * are a userspace proxy on local addresses.
 *
 * <p>Operators mark instances shut down or terminated in the cloud-config (which is re-read when it changes,
 * once {@link #initialize} ran) or through {@link #setInstanceState}. A state set through this API wins over the
 * config file until {@link #clearInstanceState} is called.
 */
public final class LocalCloud implements CloudProvider {
  /** The provider name, also the provider ID scheme. */
  public static final String NAME = "local";
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

  private final AtomicReference<LocalConfig> config;
  private final Optional<Path> configPath;
  private final Map<String, InstanceState> overrides = new ConcurrentHashMap<>();
  private final LocalInstances instances;
  private final LocalRoutes routes;
  private final LocalLoadBalancer loadBalancer;
  private ConfigWatcher watcher;

  /**
   * Creates the provider.
   *
   * @param config the parsed cloud-config
   * @param configPath the file it came from, watched for changes after {@link #initialize}; empty for none
   */
  public LocalCloud(LocalConfig config, Optional<Path> configPath) {
    this.config = new AtomicReference<>(Objects.requireNonNull(config, "config"));
    this.configPath = Objects.requireNonNull(configPath, "configPath");
    this.instances = new LocalInstances(this.config::get, this::instanceState);
    this.loadBalancer = new LocalLoadBalancer(this.config::get);
    this.routes = new LocalRoutes(this::instanceState);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Starts watching the cloud-config file and hands the load balancer its Kubernetes clients. When the shutdown
   * signal completes (shutdown, or lost leadership while the core keeps this provider open), the watcher and the
   * event writer stop; the load balancers keep serving what they were last told until {@link #close}.
   */
  @Override
  public synchronized void initialize(ProviderContext context) {
    loadBalancer.useClients(context.clients());
    if (watcher == null && configPath.isPresent()) {
      watcher = new ConfigWatcher(configPath.get(), config::set, WATCH_INTERVAL);
    }
    context.shutdown().whenComplete((ignored, error) -> {
      stopWatching();
      loadBalancer.stopEvents();
    });
  }

  private synchronized void stopWatching() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return Optional.of(instances);
  }

  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return Optional.of(loadBalancer);
  }

  /**
   * The load balancer capability with its local extras, such as backend health.
   *
   * @return the load balancer
   */
  public LocalLoadBalancer localLoadBalancer() {
    return loadBalancer;
  }

  @Override
  public Optional<Routes> routes() {
    return Optional.of(routes);
  }

  @Override
  public boolean hasClusterId() {
    return true;
  }

  /**
   * The config in force: the last valid version of the file.
   *
   * @return the config
   */
  public LocalConfig config() {
    return config.get();
  }

  /**
   * Why the cloud-config file's latest version was rejected, while an older version stays in force.
   *
   * @return the problem, naming the field; empty when the latest version is in force or nothing is watched
   */
  public synchronized Optional<String> configFileError() {
    return watcher == null ? Optional.empty() : watcher.error();
  }

  /**
   * Sets an instance's state, overriding the cloud-config.
   *
   * @param nodeName the node (instance) name
   * @param state the new state
   */
  public void setInstanceState(String nodeName, InstanceState state) {
    overrides.put(Objects.requireNonNull(nodeName, "nodeName"), Objects.requireNonNull(state, "state"));
  }

  /**
   * Forgets a state set with {@link #setInstanceState}, so the cloud-config decides again.
   *
   * @param nodeName the node (instance) name
   */
  public void clearInstanceState(String nodeName) {
    overrides.remove(Objects.requireNonNull(nodeName, "nodeName"));
  }

  /**
   * An instance's effective state: set through the API, else from the cloud-config, else running.
   *
   * @param nodeName the node (instance) name
   * @return the state
   */
  public InstanceState instanceState(String nodeName) {
    InstanceState set = overrides.get(nodeName);
    if (set != null) {
      return set;
    }
    NodeSettings settings = config.get().nodes().get(nodeName);
    return settings == null ? InstanceState.RUNNING : settings.state().orElse(InstanceState.RUNNING);
  }

  @Override
  public synchronized void close() {
    stopWatching();
    loadBalancer.close();
  }
}
