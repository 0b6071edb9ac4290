package dev.ccm4j.core.controller;

import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.events.EventBroadcaster;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.informers.SharedInformers;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every controller is built from. One instance per {@code ControllerManager} run; thread-safe. */
public final class ControllerContext {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerContext.class);

  private final CloudProvider cloud;
  private final ControllerManagerOptions options;
  private final SharedInformers informers;
  private final KubernetesClientFactory clients;
  private final EventBroadcaster events;
  private final PrometheusRegistry registry;
  private final Clock clock;
  private final String controller;

  /**
   * Creates the context of one manager run; the manager (or a test harness) then hands each factory
   * {@link #forController(String)}.
   *
   * @param cloud the governed cloud provider
   * @param options the effective options
   * @param informers the shared informers
   * @param clients makes Kubernetes clients by name
   * @param events the event broadcaster
   * @param registry the metrics registry
   * @param clock the runtime clock
   */
  public ControllerContext(CloudProvider cloud, ControllerManagerOptions options, SharedInformers informers,
      KubernetesClientFactory clients, EventBroadcaster events, PrometheusRegistry registry, Clock clock) {
    this(cloud, options, informers, clients, events, registry, clock, "");
  }

  private ControllerContext(CloudProvider cloud, ControllerManagerOptions options, SharedInformers informers,
      KubernetesClientFactory clients, EventBroadcaster events, PrometheusRegistry registry, Clock clock,
      String controller) {
    this.controller = controller;
    this.cloud = cloud;
    this.options = options;
    this.informers = informers;
    this.clients = clients;
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * The cloud provider; every call through it is timed out, rate limited and measured by the core.
   *
   * @return the provider
   */
  public CloudProvider cloud() {
    return cloud;
  }

  /**
   * The effective options.
   *
   * @return the options
   */
  public ControllerManagerOptions options() {
    return options;
  }

  /**
   * The shared informers; register handlers from {@link ControllerFactory#create} so no event is missed.
   *
   * @return the informers
   */
  public SharedInformers informers() {
    return informers;
  }

  /**
   * A Kubernetes client identified by a user agent, for example {@code node-controller}.
   *
   * @param name the client's name
   * @return the client
   */
  public ApiClient client(String name) {
    return clients.client(name);
  }

  /**
   * An event recorder for a component, for example {@code service-controller}.
   *
   * @param component the event source component
   * @return the recorder
   */
  public EventRecorder recorder(String component) {
    return events.recorder(Objects.requireNonNull(component, "component"));
  }

  /**
   * The registry served on {@code /metrics}.
   *
   * @return the registry
   */
  public PrometheusRegistry metrics() {
    return registry;
  }

  /**
   * The runtime clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Declines to run a controller, logging why; return the result from {@link ControllerFactory#create}.
   *
   * @param reason why the controller cannot run, for operators
   * @return empty
   */
  public Optional<ManagedController> skip(String reason) {
    LOG.warn("skipping controller {}: {}", controller, reason);
    return Optional.empty();
  }

  /**
   * The same context, for creating the named controller (its name appears in {@link #skip(String)}'s log line).
   *
   * @param name the controller's name
   * @return a context for that controller
   */
  public ControllerContext forController(String name) {
    return new ControllerContext(cloud, options, informers, clients, events, registry, clock,
        Objects.requireNonNull(name, "name"));
  }

  /**
   * The name of the controller this context was made for; empty for the manager's own context.
   *
   * @return the name
   */
  public String controllerName() {
    return controller;
  }
}
