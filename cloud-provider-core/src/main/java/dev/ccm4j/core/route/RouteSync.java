package dev.ccm4j.core.route;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route reconcile pass: list the cloud's routes, diff them against the nodes' pod CIDRs, delete stale and
 * blackhole routes inside the cluster CIDRs, create missing ones, then set each routed node's
 * {@code NetworkUnavailable} condition. Cloud writes run on a bounded pool, so at most its size are in flight.
 */
final class RouteSync {
  private static final Logger LOG = LoggerFactory.getLogger(RouteSync.class);
  static final String REASON_FAILED_TO_CREATE = "FailedToCreateRoute";

  /** What a pass does about one pod CIDR of one node. */
  enum Action {
    /** A matching route exists. */
    KEEP,
    /** No route exists: create one. */
    ADD,
    /** A route exists with other target addresses: delete and re-create it. */
    UPDATE
  }

  /**
   * The result of a pass.
   *
   * @param clean whether every cloud write and condition write succeeded
   * @param writes how many cloud creates and deletes were attempted
   */
  record Result(boolean clean, int writes) {}

  private final Routes routes;
  private final String clusterName;
  private final RouteResponsibility responsibility;
  private final NodePatches patches;
  private final EventRecorder recorder;
  private final Counter syncs;
  private final Clock clock;
  private final ExecutorService pool;

  RouteSync(Routes routes, String clusterName, RouteResponsibility responsibility, NodePatches patches,
      EventRecorder recorder, Counter syncs, Clock clock, ExecutorService pool) {
    this.routes = routes;
    this.clusterName = clusterName;
    this.responsibility = responsibility;
    this.patches = patches;
    this.recorder = recorder;
    this.syncs = syncs;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Runs one pass.
   *
   * @throws RuntimeException when listing the routes fails; nothing else was done then
   */
  Result sync(List<V1Node> nodes) throws InterruptedException {
    syncs.inc();
    List<Route> listed = routes.listRoutes(clusterName);
    Map<String, List<Route>> routesByNode = new LinkedHashMap<>();
    for (Route r : listed) {
      if (!r.targetNode().isEmpty()) {
        routesByNode.computeIfAbsent(r.targetNode(), n -> new ArrayList<>()).add(r);
      }
    }
    Map<String, V1Node> byName = new LinkedHashMap<>();
    Map<String, Map<String, Action>> actions = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = node.getMetadata().getName();
      byName.put(name, node);
      List<String> cidrs = podCidrs(node);
      if (cidrs.isEmpty()) {
        continue;
      }
      Map<String, Action> perCidr = new LinkedHashMap<>();
      for (String cidr : cidrs) {
        Route existing = routesByNode.getOrDefault(name, List.of()).stream()
            .filter(r -> !r.blackhole() && r.destinationCidr().equals(cidr)).findFirst().orElse(null);
        Action action = existing == null ? Action.ADD
            : existing.enableNodeAddresses() && !sameAddresses(existing.targetNodeAddresses(), addresses(node))
                ? Action.UPDATE : Action.KEEP;
        perCidr.put(cidr, action);
      }
      actions.put(name, perCidr);
    }

    List<Route> stale = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    for (Route r : listed) {
      if (!responsibility.isResponsibleFor(r.destinationCidr())) {
        continue;
      }
      Action action = r.blackhole() ? null
          : actions.getOrDefault(r.targetNode(), Map.of()).get(r.destinationCidr());
      if (action != Action.KEEP || !kept.add(r.targetNode() + "|" + r.destinationCidr())) {
        stale.add(r);
      }
    }
    int writes = 0;
    boolean clean = true;
    List<Future<Boolean>> deletes = new ArrayList<>();
    for (Route r : stale) {
      LOG.info("deleting route {} {} -> {}", r.name(), r.destinationCidr(), r.targetNode());
      deletes.add(pool.submit(() -> delete(r)));
      writes++;
    }
    boolean deletesFirst = !listed.isEmpty() && listed.get(0).enableNodeAddresses();
    if (deletesFirst) {
      // a create may reuse a destination only after its old route is gone (kubernetes/kubernetes#98359)
      clean &= allTrue(deletes);
    }
    Map<String, Future<Boolean>> creates = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Action>> e : actions.entrySet()) {
      V1Node node = byName.get(e.getKey());
      for (Map.Entry<String, Action> a : e.getValue().entrySet()) {
        if (a.getValue() != Action.KEEP) {
          String cidr = a.getKey();
          LOG.info("{} route for node {} pod CIDR {}", a.getValue() == Action.ADD ? "creating" : "re-creating",
              e.getKey(), cidr);
          creates.put(e.getKey() + "|" + cidr, pool.submit(() -> create(node, cidr)));
          writes++;
        }
      }
    }
    if (!deletesFirst) {
      clean &= allTrue(deletes);
    }
    for (Map.Entry<String, Future<Boolean>> c : creates.entrySet()) {
      String[] parts = c.getKey().split("\\|", 2);
      if (result(c.getValue())) {
        actions.get(parts[0]).put(parts[1], Action.KEEP);
      } else {
        clean = false;
      }
    }

    Set<String> routed = new LinkedHashSet<>(actions.keySet());
    routed.addAll(routesByNode.keySet());
    List<Future<Boolean>> conditions = new ArrayList<>();
    for (String name : routed) {
      V1Node node = byName.get(name);
      if (node == null) {
        continue;
      }
      Map<String, Action> perCidr = actions.getOrDefault(name, Map.of());
      boolean created = !perCidr.isEmpty() && perCidr.values().stream().allMatch(a -> a == Action.KEEP);
      if (!NetworkCondition.upToDate(node, created)) {
        conditions.add(pool.submit(() -> setCondition(name, created)));
      }
    }
    clean &= allTrue(conditions);
    return new Result(clean, writes);
  }

  private boolean delete(Route route) {
    try {
      routes.deleteRoute(clusterName, route);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("could not delete route {} {}: {}", route.name(), route.destinationCidr(), e.toString());
      return false;
    }
  }

  private boolean create(V1Node node, String cidr) {
    String name = node.getMetadata().getName();
    String nameHint = Objects.requireNonNullElse(node.getMetadata().getUid(), "");
    Route route = Route.builder().targetNode(name).targetNodeAddresses(addresses(node)).destinationCidr(cidr)
        .build();
    long start = clock.nanoTime();
    try {
      routes.createRoute(clusterName, nameHint, route);
      return true;
    } catch (RuntimeException e) {
      Duration took = Duration.ofNanos(clock.nanoTime() - start);
      LOG.warn("could not create route {} {} for node {}: {}", nameHint, cidr, name, e.toString());
      recorder.eventf(node, EventType.WARNING, REASON_FAILED_TO_CREATE,
          "Could not create route %s %s for node %s after %s: %s", nameHint, cidr, name, took, e.getMessage());
      return false;
    }
  }

  private boolean setCondition(String name, boolean created) {
    try {
      patches.setCondition(name, NetworkCondition.of(created, clock.now()));
      return true;
    } catch (ApiException e) {
      LOG.warn("could not update the NetworkUnavailable condition of node {}: {}", name, e.getCode());
      return e.getCode() == 404;
    }
  }

  private static boolean allTrue(List<Future<Boolean>> futures) throws InterruptedException {
    boolean all = true;
    for (Future<Boolean> f : futures) {
      all &= result(f);
    }
    return all;
  }

  private static boolean result(Future<Boolean> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      LOG.warn("route operation failed: {}", e.getCause().toString());
      return false;
    }
  }

  static List<String> podCidrs(V1Node node) {
    if (node.getSpec() == null) {
      return List.of();
    }
    if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
      return List.copyOf(new LinkedHashSet<>(node.getSpec().getPodCIDRs()));
    }
    String single = node.getSpec().getPodCIDR();
    return single == null || single.isEmpty() ? List.of() : List.of(single);
  }

  static List<V1NodeAddress> addresses(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return List.of();
    }
    return node.getStatus().getAddresses();
  }

  static boolean sameAddresses(List<V1NodeAddress> a, List<V1NodeAddress> b) {
    return keys(a).equals(keys(b));
  }

  private static Set<String> keys(List<V1NodeAddress> addresses) {
    Set<String> keys = new HashSet<>();
    for (V1NodeAddress a : addresses) {
      keys.add(a.getType() + "/" + a.getAddress());
    }
    return keys;
  }
}
