package dev.ccm4j.core.route;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.Routes;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.concurrent.DaemonThreads;
import dev.ccm4j.core.controller.Controller;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ManagedController;
import dev.ccm4j.core.net.Cidr;
import dev.ccm4j.core.net.ClusterCidrs;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.models.V1Node;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node route controller: keeps one cloud route per node pod CIDR. A pass runs when a node is added or deleted
 * or its pod CIDRs or addresses change, at most once per {@link #MIN_INTERVAL}, and every
 * {@code --route-reconciliation-period} as a safety net. An event-triggered pass makes no cloud call at all when
 * the nodes' routing inputs equal those of the last clean pass; the periodic pass always lists the routes once,
 * to catch changes made in the cloud behind our back.
 */
public final class NodeRouteController {
  /** Upstream's API identity. */
  static final String CLIENT = "route-controller";
  /** Upstream's event source. */
  static final String COMPONENT = "route_controller";
  /** The shortest time between two passes, as upstream's watch-based mode. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  /** Upstream's cap on cloud creates and deletes in flight. */
  static final int MAX_CONCURRENT_ROUTE_OPERATIONS = 200;
  private static final String KEY = "routes";
  private static final Duration SYNC_POLL = Duration.ofMillis(100);

  private final SharedIndexInformer<V1Node> informer;
  private final Lister<V1Node> lister;
  private final RouteSync sync;
  private final Clock clock;
  private final Duration minInterval;
  private final Controller<String> controller;
  private final AtomicBoolean periodicDue = new AtomicBoolean(true);
  private volatile String lastCleanFingerprint;
  private long lastPassNanos;
  private boolean passed;

  private NodeRouteController(ControllerContext context, Routes routes, List<Cidr> clusterCidrs,
      Duration minInterval) {
    this.informer = context.informers().nodes();
    this.lister = context.informers().nodeLister();
    this.clock = context.clock();
    this.minInterval = minInterval;
    Duration period = context.options().routeReconciliationPeriod();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CONCURRENT_ROUTE_OPERATIONS, MAX_CONCURRENT_ROUTE_OPERATIONS, 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.factory("route-operation"));
    pool.allowCoreThreadTimeOut(true);
    Counter syncs = Counter.builder().name("route_controller_route_sync")
        .help("Route reconcile passes that listed the cloud's routes.").register(context.metrics());
    this.sync = new RouteSync(routes, context.options().clusterName(), new RouteResponsibility(clusterCidrs),
        new NodePatches(context.client(CLIENT)), context.recorder(COMPONENT), syncs, clock, pool);
    this.controller = Controller.<String>builder().name(ControllerNames.NODE_ROUTE).workers(1)
        .reconciler(k -> reconcile()).clock(clock).metricsRegistry(context.metrics())
        .onStart(this::firstPass)
        .periodicAtFixedRate(period, period, this::periodicPass)
        .onStop(() -> {
          pool.shutdownNow();
          try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .build();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(V1Node node) {
        controller.enqueue(KEY);
      }

      @Override
      public void onUpdate(V1Node oldNode, V1Node newNode) {
        if (needsReconcile(oldNode, newNode)) {
          controller.enqueue(KEY);
        }
      }

      @Override
      public void onDelete(V1Node node, boolean finalStateUnknown) {
        controller.enqueue(KEY);
      }
    });
  }

  /**
   * The factory: skips unless {@code --configure-cloud-routes} is set and the provider has routes.
   *
   * @return the factory
   * @throws IllegalArgumentException from {@link ControllerFactory#create} when {@code --cluster-cidr} is empty,
   *     unparseable, has more than two CIDRs or two of one family
   */
  public static ControllerFactory factory() {
    return factory(MIN_INTERVAL);
  }

  static ControllerFactory factory(Duration minInterval) {
    return new ControllerFactory() {
      @Override
      public Optional<ManagedController> create(ControllerContext context) {
        if (!context.options().configureCloudRoutes()) {
          return context.skip("--configure-cloud-routes is false");
        }
        Optional<Routes> routes = context.cloud().routes();
        if (routes.isEmpty()) {
          return context.skip("the cloud provider does not support routes");
        }
        List<Cidr> cidrs = ClusterCidrs.parse(context.options().clusterCidrs());
        return Optional.of(new NodeRouteController(context, routes.get(), cidrs, minInterval).controller);
      }

      @Override
      public List<String> validate(ControllerManagerOptions options, CloudProvider provider) {
        if (!options.configureCloudRoutes() || provider.routes().isEmpty()) {
          return List.of();
        }
        try {
          ClusterCidrs.parse(options.clusterCidrs());
          return List.of();
        } catch (IllegalArgumentException e) {
          return List.of(e.getMessage() + " (the provider supports routes and --configure-cloud-routes is true;"
              + " set --configure-cloud-routes=false if the pod network does not use cloud routes)");
        }
      }
    };
  }

  /**
   * Whether a node update can change the desired routes: its pod CIDRs or addresses changed, or it is an
   * informer resync (same resourceVersion), which upstream also treats as a trigger.
   */
  static boolean needsReconcile(V1Node oldNode, V1Node newNode) {
    return !RouteSync.podCidrs(oldNode).equals(RouteSync.podCidrs(newNode))
        || !RouteSync.sameAddresses(RouteSync.addresses(oldNode), RouteSync.addresses(newNode))
        || Objects.equals(oldNode.getMetadata().getResourceVersion(), newNode.getMetadata().getResourceVersion());
  }

  private void firstPass() {
    controller.enqueue(KEY);
  }

  /** The safety net: the next pass lists the cloud's routes even when the nodes did not change. */
  private void periodicPass() {
    periodicDue.set(true);
    controller.enqueueBackground(KEY);
  }

  private ReconcileResult reconcile() throws InterruptedException {
    if (!informer.hasSynced()) {
      return ReconcileResult.requeueAfter(SYNC_POLL);
    }
    List<V1Node> nodes = lister.list();
    String fingerprint = RouteFingerprint.of(nodes);
    if (!periodicDue.get() && fingerprint.equals(lastCleanFingerprint)) {
      return ReconcileResult.done();
    }
    long now = clock.nanoTime();
    if (passed && now - lastPassNanos < minInterval.toNanos()) {
      return ReconcileResult.requeueAfter(Duration.ofNanos(minInterval.toNanos() - (now - lastPassNanos)));
    }
    periodicDue.set(false);
    passed = true;
    lastPassNanos = now;
    lastCleanFingerprint = null;
    RouteSync.Result result = sync.sync(nodes);
    if (!result.clean()) {
      return ReconcileResult.requeueAfter(minInterval);
    }
    lastCleanFingerprint = fingerprint;
    return ReconcileResult.done();
  }


}
