package dev.ccm4j.core.service;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.manager.ControllerContext;
import dev.ccm4j.core.manager.ControllerFactory;
import dev.ccm4j.core.manager.ControllerNames;
import dev.ccm4j.core.manager.ManagedController;
import dev.ccm4j.core.workqueue.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import static dev.ccm4j.core.service.ServicePredicates.ingress;


/**
 * The service load balancer controller ({@code service-lb-controller}, alias {@code service}): upstream's service
 * controller semantics on one prioritised work queue of Service keys.
 *
 * <ul>
 *   <li>Service additions and relevant changes are queued in the foreground lane; node changes, periodic resyncs
 *       and Services that already have their load balancer (for example after a restart) in the background lane,
 *       so a new Service is served first even while thousands of others resync.
 *   <li>Node changes never call the cloud themselves: they queue the keys of the Services that want a load
 *       balancer, whose backend sync calls {@code updateLoadBalancer} only if the backend set changed. There is
 *       one path to the cloud per Service, so two cloud operations for one Service never overlap.
 *   <li>Deletion is driven by the cleanup finalizer, which is added before the first cloud call, so a restart or
 *       failover cannot orphan a load balancer.
 *   <li>Resyncs (Services every 30 s, nodes every 100 s by default) are scheduled here, because client-java
 *       ignores informer handler resync periods.
 * </ul>
 *
 * <p>The same machinery runs a provider's {@link LoadBalancerClassController} ({@link #factory(
 * LoadBalancerClassController, Settings)}): it then serves exactly the Services of that {@code loadBalancerClass},
 * under the contributed controller's name (work queue, metrics, client and event source) and finalizer, while the
 * built-in controller keeps serving only the Services without a class. The two never act on the same Service.
 */
public final class ServiceLbController implements ManagedController {
  /** Upstream's client name and event source component. */
  public static final String CLIENT_NAME = "service-controller";

  private final String name;
  private final LoadBalancerScope scope;
  private final Controller<String> controller;
  private final ServiceSyncer syncer;
  private final Lister<V1Service> services;
  private final Settings settings;
  private final ScheduledExecutorService resync;
  private final AtomicBoolean nodeSyncPending = new AtomicBoolean();

  /**
   * Timing of the controller; {@link #defaults()} are upstream's values.
   *
   * @param serviceSyncPeriod how often every Service with a load balancer gets a background backend sync
   * @param nodeSyncPeriod how often a node sync over every load balancer Service runs in the background
   * @param minRetryDelay the first delay of a failing Service's exponential backoff
   * @param maxRetryDelay the longest backoff delay
   */
  public record Settings(Duration serviceSyncPeriod, Duration nodeSyncPeriod, Duration minRetryDelay,
      Duration maxRetryDelay) {

    /** Rejects nulls and non-positive durations. */
    public Settings {
      for (Duration d : List.of(serviceSyncPeriod, nodeSyncPeriod, minRetryDelay, maxRetryDelay)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("service controller durations must be positive: " + d);
        }
      }
    }

    /**
     * Upstream's timing: 30 s service resync, 100 s node resync, backoff from 5 s to 300 s.
     *
     * @return the defaults
     */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(100), Duration.ofSeconds(5),
          Duration.ofSeconds(300));
    }
  }

  /**
   * Creates the controller.
   *
   * @param name the manager's name for it ({@code service-lb-controller} or the contributed name)
   * @param queueName the work queue's name, the {@code name} label of the workqueue metrics
   * @param component the Kubernetes client's name and the event source
   */
  private ServiceLbController(ControllerContext context, LoadBalancer balancer, Settings settings, String name,
      String queueName, String component, LoadBalancerScope scope) {
    this.name = name;
    this.scope = scope;
    this.settings = settings;
    this.services = context.informers().serviceLister();
    Lister<V1Node> nodes = context.informers().nodeLister();
    this.syncer = new ServiceSyncer(balancer, scope, context.options().clusterName(), this::lookup, nodes::list,
        new ServicePatches(context.client(component), scope.finalizer(), scope.finalizers()),
        context.recorder(component), ServiceLbMetrics.of(context.metrics()), context.clock());
    this.controller = Controller.<String>builder()
        .name(queueName)
        .workers(context.options().concurrentServiceSyncs())
        .reconciler(syncer)
        .clock(context.clock())
        .rateLimiter(new ItemExponentialFailureRateLimiter<>(settings.minRetryDelay(), settings.maxRetryDelay()))
        .metricsRegistry(context.metrics())
        .build();
    this.resync = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory(queueName + "-resync"));
    context.informers().services().addEventHandler(new ServiceHandler());
    context.informers().nodes().addEventHandler(new NodeHandler());
  }

  /**
   * The factory with upstream's timing.
   *
   * @return a factory that skips the controller when the cloud has no load balancers
   */
  public static ControllerFactory factory() {
    return factory(Settings.defaults());
  }

  /**
   * A factory with custom timing, for tests and tuning.
   *
   * @param settings the timing
   * @return a factory that skips the controller when the cloud has no load balancers
   */
  public static ControllerFactory factory(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    return context -> {
      Optional<LoadBalancer> balancer = context.cloud().loadBalancer();
      if (balancer.isEmpty()) {
        return context.skip("the cloud provider does not support load balancers");
      }
      return Optional.of(new ServiceLbController(context, balancer.get(), settings, ControllerNames.SERVICE_LB,
          "service", CLIENT_NAME, LoadBalancerScope.builtIn(balancer.get().adoptedFinalizers())));
    };
  }

  /**
   * The factory of a provider's load balancer class controller, with upstream's timing.
   *
   * @param contributed the provider's controller; its load balancer is called as given, so pass one whose calls
   *     are already governed (the controller manager does)
   * @return a factory for a controller named {@code contributed.name()}
   */
  public static ControllerFactory factory(LoadBalancerClassController contributed) {
    return factory(contributed, Settings.defaults());
  }

  /**
   * The factory of a provider's load balancer class controller, with custom timing.
   *
   * @param contributed the provider's controller; its load balancer is called as given
   * @param settings the timing
   * @return a factory for a controller named {@code contributed.name()}
   */
  public static ControllerFactory factory(LoadBalancerClassController contributed, Settings settings) {
    Objects.requireNonNull(contributed, "contributed");
    Objects.requireNonNull(settings, "settings");
    LoadBalancerScope scope = LoadBalancerScope.forClass(contributed.loadBalancerClass(), contributed.finalizer(),
        contributed.loadBalancer().adoptedFinalizers());
    return context -> Optional.of(new ServiceLbController(context, contributed.loadBalancer(), settings,
        contributed.name(), contributed.name(), contributed.name(), scope));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public HealthStatus check() {
    return controller.check();
  }

  @Override
  public void start() {
    controller.start();
    long servicePeriod = settings.serviceSyncPeriod().toMillis();
    long nodePeriod = settings.nodeSyncPeriod().toMillis();
    resync.scheduleWithFixedDelay(this::resyncServices, servicePeriod, servicePeriod, TimeUnit.MILLISECONDS);
    resync.scheduleWithFixedDelay(this::syncAllBackends, nodePeriod, nodePeriod, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    resync.shutdownNow();
    controller.stop();
  }

  private Optional<V1Service> lookup(String key) {
    return Optional.ofNullable(services.get(key));
  }

  /** Every Service with (or owing) a load balancer gets a background sync; only changed backends cost a call. */
  private void resyncServices() {
    for (V1Service service : services.list()) {
      if (scope.wantsLoadBalancer(service) || scope.hasFinalizer(service)) {
        controller.enqueueBackground(ServicePredicates.key(service));
      }
    }
  }

  /** Queues a backend sync of every Service that wants a load balancer, in the background lane. */
  private void syncAllBackends() {
    List<String> keys = services.list().stream().filter(scope::wantsLoadBalancer)
        .map(ServicePredicates::key).toList();
    syncer.startNodeSyncRound(keys);
    keys.forEach(controller::enqueueBackground);
  }

  private final class ServiceHandler implements ResourceEventHandler<V1Service> {
    @Override
    public void onAdd(V1Service service) {
      if (!scope.wantsLoadBalancer(service) && !scope.hasFinalizer(service)) {
        return;
      }
      String key = ServicePredicates.key(service);
      syncer.requestFullSync(key);
      // A Service that already has its finalizer and ingress was served before (this is a restart or a
      // relist): re-ensuring it can wait behind Services that have no load balancer yet.
      if (scope.hasFinalizer(service) && !ingress(service).isEmpty() && !scope.needsCleanup(service)) {
        controller.enqueueBackground(key);
      } else {
        controller.enqueue(key);
      }
    }

    @Override
    public void onUpdate(V1Service oldService, V1Service newService) {
      if (scope.needsUpdate(oldService, newService) || scope.needsCleanup(newService)) {
        String key = ServicePredicates.key(newService);
        syncer.requestFullSync(key);
        controller.enqueue(key);
      }
    }

    @Override
    public void onDelete(V1Service service, boolean finalStateUnknown) {
      String key = ServicePredicates.key(service);
      if (syncer.isSynced(key)) {
        syncer.deletedService(key, service);
        controller.enqueue(key);
      }
    }
  }

  /**
   * Coalesces node events: a burst (such as the initial list of thousands of nodes) costs one fan-out over the
   * Services, run off the informer thread.
   */
  private void nodeChanged() {
    if (nodeSyncPending.compareAndSet(false, true)) {
      try {
        resync.execute(() -> {
          nodeSyncPending.set(false);
          syncAllBackends();
        });
      } catch (RejectedExecutionException stopped) {
        nodeSyncPending.set(false);
      }
    }
  }

  private final class NodeHandler implements ResourceEventHandler<V1Node> {
    @Override
    public void onAdd(V1Node node) {
      nodeChanged();
    }

    @Override
    public void onUpdate(V1Node oldNode, V1Node newNode) {
      if (NodePredicates.shouldSyncUpdatedNode(oldNode, newNode)) {
        nodeChanged();
      }
    }

    @Override
    public void onDelete(V1Node node, boolean finalStateUnknown) {
      nodeChanged();
    }
  }
}
