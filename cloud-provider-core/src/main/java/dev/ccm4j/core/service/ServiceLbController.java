package dev.ccm4j.core.service;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.RetryingKeys;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.workqueue.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *   <li>Resyncs (Services every 30 s, nodes every 100 s by default) are scheduled here on the runtime clock,
 *       because client-java ignores informer handler resync periods.
 *   <li>A Service whose last sync did not finish (it failed, or the cloud asked to retry later) waits for its own
 *       retry: resyncs, node changes and informer resync deliveries leave it alone, so its backoff (5 s doubling
 *       to 300 s by default) holds. A real change of the Service is still synced at once and, as upstream's plain
 *       {@code Add}, does not reset the backoff: only a successful sync does.
 * </ul>
 *
 * <p>The same machinery runs a provider's {@link LoadBalancerClassController} ({@link #factory(
 * LoadBalancerClassController, Settings)}): it then serves exactly the Services of that {@code loadBalancerClass},
 * under the contributed controller's name (work queue, metrics, client and event source) and finalizer, while the
 * built-in controller keeps serving only the Services without a class. The two never act on the same Service.
 */
public final class ServiceLbController {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLbController.class);

  /** Upstream's client name and event source component. */
  public static final String CLIENT_NAME = "service-controller";

  private final String name;
  private final LoadBalancerScope scope;
  private final Controller<String> controller;
  private final ServiceSyncer syncer;
  private final Lister<V1Service> services;
  private final Settings settings;
  private final Resyncs resync;
  /** Keys whose last sync did not finish: their retry is already scheduled by the rate limiter or a delay. */
  private final RetryingKeys<String> retrying = new RetryingKeys<>();

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
        .reconciler(retrying.track(syncer))
        .clock(context.clock())
        .rateLimiter(new ItemExponentialFailureRateLimiter<>(settings.minRetryDelay(), settings.maxRetryDelay()))
        .metricsRegistry(context.metrics())
        .managedName(name)
        .onStart(this::startResyncs)
        .onStop(this::stopResyncs)
        .build();
    this.resync = new Resyncs(queueName + "-resync", context.clock());
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
          "service", CLIENT_NAME, LoadBalancerScope.builtIn(balancer.get().adoptedFinalizers())).controller);
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
        contributed.name(), contributed.name(), contributed.name(), scope).controller);
  }

  private void startResyncs() {
    resync.start();
  }

  private void stopResyncs() {
    resync.stop();
  }

  /** Whether a resync or a node change may queue the key now: not while it waits for its own retry. */
  private boolean resyncable(String key) {
    return retrying.resyncable(key);
  }

  private Optional<V1Service> lookup(String key) {
    return Optional.ofNullable(services.get(key));
  }

  /** Every Service with (or owing) a load balancer gets a background sync; only changed backends cost a call. */
  private void resyncServices() {
    for (V1Service service : services.list()) {
      if (scope.wantsLoadBalancer(service) || scope.hasFinalizer(service)) {
        String key = ServicePredicates.key(service);
        if (resyncable(key)) {
          controller.enqueueBackground(key);
        }
      }
    }
  }

  /**
   * Queues a backend sync of every Service that wants a load balancer, in the background lane. A Service waiting
   * for its retry is left out: that retry is a full sync, which uses the nodes of its time.
   */
  private void syncAllBackends() {
    List<String> keys = services.list().stream().filter(scope::wantsLoadBalancer)
        .map(ServicePredicates::key).filter(this::resyncable).toList();
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
      String key = ServicePredicates.key(newService);
      // An informer resync delivers the same version again: that is no change, so it must not cut a backoff short.
      if (retrying.isUnchangedWhileRetrying(key, oldService, newService)) {
        return;
      }
      if (scope.needsUpdate(oldService, newService) || scope.needsCleanup(newService)) {
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
    resync.nodeChanged();
  }

  /**
   * The resync timer: one daemon thread on the runtime clock (so a manual clock drives it in tests) runs the
   * Service resync and the node sync at a fixed rate, and the coalesced node-change fan-out as soon as it is
   * requested. A failing pass is logged and the timer goes on.
   */
  private final class Resyncs {
    private final Clock clock;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean nodeSyncPending;
    private boolean stopped;

    Resyncs(String threadName, Clock clock) {
      this.clock = clock;
      this.thread = DaemonThreads.factory(threadName).newThread(this::run);
    }

    void start() {
      thread.start();
    }

    void stop() {
      lock.lock();
      try {
        stopped = true;
        wake.signalAll();
      } finally {
        lock.unlock();
      }
      thread.interrupt();
    }

    void nodeChanged() {
      lock.lock();
      try {
        if (!nodeSyncPending && !stopped) {
          nodeSyncPending = true;
          wake.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    private void run() {
      long servicePeriod = settings.serviceSyncPeriod().toNanos();
      long nodePeriod = settings.nodeSyncPeriod().toNanos();
      long start = clock.nanoTime();
      long nextService = start + servicePeriod;
      long nextNode = start + nodePeriod;
      try {
        while (true) {
          Runnable task = null;
          lock.lock();
          try {
            while (task == null && !stopped) {
              long now = clock.nanoTime();
              // Due passes first, so that a storm of node events cannot starve the Service resync.
              if (now - nextService >= 0) {
                nextService = next(nextService, servicePeriod, now);
                task = ServiceLbController.this::resyncServices;
              } else if (now - nextNode >= 0 || nodeSyncPending) {
                if (now - nextNode >= 0) {
                  nextNode = next(nextNode, nodePeriod, now);
                }
                nodeSyncPending = false;
                task = ServiceLbController.this::syncAllBackends;
              } else {
                clock.awaitUntil(lock, wake, nextService - nextNode < 0 ? nextService : nextNode);
              }
            }
            if (stopped) {
              return;
            }
          } finally {
            lock.unlock();
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("{}: a periodic resync pass failed: {}", name, e.toString());
          }
        }
      } catch (InterruptedException e) {
        // Only stop() interrupts this thread.
        Thread.currentThread().interrupt();
      }
    }

    /** A fixed rate, so that passes keep their phase; a pass that overran does not cause a burst of catch-ups. */
    private static long next(long due, long period, long now) {
      long next = due + period;
      return next - now > 0 ? next : now + period;
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
