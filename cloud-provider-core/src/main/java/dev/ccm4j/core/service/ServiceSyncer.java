package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.ServicePredicates.currentStatus;
import static dev.ccm4j.core.service.ServicePredicates.ingressEqual;
import static dev.ccm4j.core.service.ServicePredicates.uid;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.kube.ApiErrors;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.controller.Reconciler;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one Service key. Every cloud call for a Service happens here, so the work queue's "one worker per key"
 * rule is also "one cloud operation per Service at a time".
 *
 * <p>A key is reconciled in one of two modes. A <em>full</em> sync (requested by a Service change, and used for
 * retries after any failure) runs upstream's {@code syncLoadBalancerIfNeeded}: ensure or clean up. A
 * <em>backend</em> sync (requested by node changes and periodic resyncs) compares the current backend set with the
 * one last sent to the cloud and calls {@code updateLoadBalancer} only when it changed; it falls back to a full
 * sync when this process has not synced the Service yet or the Service needs cleanup.
 *
 * <p>A {@link ServiceConfigurationException} from {@code ensureLoadBalancer} or {@code updateLoadBalancer} means the
 * Service itself is wrong: it is reported once as a Warning event with the provider's message, the status is left
 * alone, and the key is not retried until the Service changes. During cleanup it is retried like any failure,
 * because a Service being deleted never changes again and would keep its finalizer for ever.
 *
 * <p>The only in-memory state is rebuildable: the Service and backend set last synced per key (lost on restart,
 * then rebuilt by the first full sync), and the last known object of a Service deleted without the finalizer.
 */
final class ServiceSyncer implements Reconciler<String> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceSyncer.class);
  static final int MAX_NODE_NAMES_TO_LOG = 20;

  private final LoadBalancer balancer;
  private final LoadBalancerScope scope;
  private final String clusterName;
  private final Function<String, Optional<V1Service>> services;
  private final Supplier<List<V1Node>> nodes;
  private final ServiceWriter writer;
  private final EventRecorder recorder;
  private final ServiceLbMetrics metrics;
  private final Clock clock;
  private final Map<String, Synced> synced = new ConcurrentHashMap<>();
  private final Set<String> fullSyncWanted = ConcurrentHashMap.newKeySet();
  private final Map<String, V1Service> deletedWithoutFinalizer = new ConcurrentHashMap<>();
  private final Map<String, NodeSyncRound> rounds = new ConcurrentHashMap<>();

  /** What this process last sent to the cloud for a Service: the object and the backend set. */
  private record Synced(V1Service service, Map<String, String> backends) {}

  /** The built-in controller's syncer: Services without a class. */
  ServiceSyncer(LoadBalancer balancer, String clusterName, Function<String, Optional<V1Service>> services,
      Supplier<List<V1Node>> nodes, ServiceWriter writer, EventRecorder recorder, ServiceLbMetrics metrics,
      Clock clock) {
    this(balancer, LoadBalancerScope.builtIn(balancer.adoptedFinalizers()), clusterName, services, nodes, writer,
        recorder, metrics, clock);
  }

  ServiceSyncer(LoadBalancer balancer, LoadBalancerScope scope, String clusterName,
      Function<String, Optional<V1Service>> services, Supplier<List<V1Node>> nodes, ServiceWriter writer,
      EventRecorder recorder, ServiceLbMetrics metrics, Clock clock) {
    this.balancer = Objects.requireNonNull(balancer, "balancer");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.services = Objects.requireNonNull(services, "services");
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The next reconcile of {@code key} must be a full sync. Call before enqueueing the key. */
  void requestFullSync(String key) {
    fullSyncWanted.add(key);
  }

  /**
   * Starts timing a node sync over {@code keys}: the latency metric is observed once every key has had its
   * backend sync (or a newer round took the key over).
   */
  void startNodeSyncRound(Collection<String> keys) {
    NodeSyncRound round = new NodeSyncRound(clock.nanoTime(), keys.size());
    for (String key : keys) {
      NodeSyncRound previous = rounds.put(key, round);
      if (previous != null) {
        previous.completeOne();
      }
    }
    if (keys.isEmpty()) {
      round.finishEmpty();
    }
  }

  /**
   * Remembers a Service deleted while this process had synced its load balancer but without the finalizer (it was
   * removed by hand), so that the load balancer can still be deleted.
   */
  void deletedService(String key, V1Service last) {
    if (scope.wantsLoadBalancer(last) && synced.containsKey(key)) {
      deletedWithoutFinalizer.put(key, last);
    }
  }

  /** Whether this process has synced the Service's load balancer and not cleaned it up since. */
  boolean isSynced(String key) {
    return synced.containsKey(key);
  }

  @Override
  public ReconcileResult reconcile(String key) {
    boolean full = fullSyncWanted.remove(key);
    NodeSyncRound round = rounds.remove(key);
    try {
      if (key.split("/", -1).length != 2) {
        LOG.warn("dropping invalid service key {}", key);
        return ReconcileResult.done();
      }
      Optional<V1Service> found = services.apply(key);
      if (found.isEmpty()) {
        return processServiceDeletion(key);
      }
      deletedWithoutFinalizer.remove(key);
      V1Service service = found.get();
      Synced last = synced.get(key);
      boolean sameObject = last != null && Objects.equals(uid(last.service()), uid(service));
      if (!full && sameObject && scope.wantsLoadBalancer(service) && !scope.needsCleanup(service)) {
        return syncBackends(key, service, last);
      }
      if (!full && last == null && !scope.wantsLoadBalancer(service) && !scope.hasFinalizer(service)) {
        return ReconcileResult.done();
      }
      return syncService(key, service);
    } finally {
      if (round != null) {
        round.completeOne();
      }
    }
  }

  private ReconcileResult processServiceDeletion(String key) {
    synced.remove(key);
    V1Service last = deletedWithoutFinalizer.get(key);
    if (last == null) {
      return ReconcileResult.done();
    }
    recorder.event(last, EventType.NORMAL, "DeletingLoadBalancer", "Deleting load balancer");
    try {
      balancer.ensureLoadBalancerDeleted(clusterName, last);
    } catch (RuntimeException e) {
      recorder.eventf(last, EventType.WARNING, "DeleteLoadBalancerFailed", "Error deleting load balancer: %s",
          message(e));
      return ReconcileResult.failure(e);
    }
    recorder.event(last, EventType.NORMAL, "DeletedLoadBalancer", "Deleted load balancer");
    deletedWithoutFinalizer.remove(key);
    return ReconcileResult.done();
  }

  private ReconcileResult syncService(String key, V1Service service) {
    try {
      Synced last = synced.get(key);
      if (last != null && !Objects.equals(uid(last.service()), uid(service))) {
        // Deleted and re-created under the same name before this process saw the deletion: the old object's load
        // balancer must go before the new one is ensured, or it would leak.
        recorder.event(last.service(), EventType.NORMAL, "DeletingLoadBalancer", "Deleting load balancer");
        balancer.ensureLoadBalancerDeleted(clusterName, last.service());
        recorder.event(last.service(), EventType.NORMAL, "DeletedLoadBalancer", "Deleted load balancer");
        synced.remove(key);
      }
      if (scope.foreignClass(service) && !scope.hasFinalizer(service)) {
        synced.remove(key);
        return ReconcileResult.done();
      }
      syncLoadBalancerIfNeeded(key, service);
      return ReconcileResult.done();
    } catch (RejectedService e) {
      return rejected(service, e.getCause());
    } catch (ApiException | RuntimeException e) {
      fullSyncWanted.add(key);
      recorder.eventf(service, EventType.WARNING, "SyncLoadBalancerFailed", "Error syncing load balancer: %s",
          message(e));
      Optional<RetryAfterException> retry = CloudProviderException.findInChain(e, RetryAfterException.class);
      return retry.map(r -> ReconcileResult.requeueAfter(r.retryAfter())).orElseGet(() -> ReconcileResult.failure(e));
    }
  }

  /**
   * The provider refused the Service as written: one Warning event with its message, nothing else, and no retry
   * until the Service changes (a change queues a full sync; resyncs only compare backends).
   */
  private ReconcileResult rejected(V1Service service, Throwable invalid) {
    String why = message(invalid);
    LOG.info("service {}: not syncing its load balancer until the Service changes: {}",
        ServicePredicates.key(service), why);
    recorder.event(service, EventType.WARNING, "SyncLoadBalancerFailed", why);
    return ReconcileResult.done();
  }

  private void syncLoadBalancerIfNeeded(String key, V1Service service) throws ApiException {
    if (!scope.wantsLoadBalancer(service) || scope.needsCleanup(service)) {
      Optional<V1LoadBalancerStatus> existing;
      try {
        existing = balancer.getLoadBalancer(clusterName, service);
      } catch (RuntimeException e) {
        throw new ServiceSyncException("failed to check if load balancer exists before cleanup: " + message(e), e);
      }
      if (existing.isPresent()) {
        recorder.event(service, EventType.NORMAL, "DeletingLoadBalancer", "Deleting load balancer");
        try {
          balancer.ensureLoadBalancerDeleted(clusterName, service);
        } catch (RuntimeException e) {
          if (CloudProviderException.findInChain(e, ImplementedElsewhereException.class).isEmpty()) {
            throw new ServiceSyncException("failed to delete load balancer: " + message(e), e);
          }
        }
      }
      // Forgotten before the finalizer goes, so the Delete event that may follow finds nothing left to clean up.
      synced.remove(key);
      writer.removeFinalizer(service);
      recorder.event(service, EventType.NORMAL, "DeletedLoadBalancer", "Deleted load balancer");
      patchStatus(service, new V1LoadBalancerStatus());
      return;
    }
    recorder.event(service, EventType.NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer");
    writer.addFinalizer(service);
    List<V1Node> backends = NodePredicates.backends(nodes.get());
    if (backends.isEmpty()) {
      recorder.event(service, EventType.WARNING, "UnAvailableLoadBalancer",
          "There are no available nodes for LoadBalancer");
    }
    synced.put(key, new Synced(service, NodePredicates.fingerprint(backends)));
    V1LoadBalancerStatus status;
    try {
      status = balancer.ensureLoadBalancer(clusterName, service, backends);
    } catch (RuntimeException e) {
      if (CloudProviderException.findInChain(e, ImplementedElsewhereException.class).isPresent()) {
        return;
      }
      Optional<ServiceConfigurationException> invalid =
          CloudProviderException.findInChain(e, ServiceConfigurationException.class);
      if (invalid.isPresent()) {
        throw new RejectedService(invalid.get());
      }
      throw new ServiceSyncException("failed to ensure load balancer: " + message(e), e);
    }
    if (status == null) {
      throw new ServiceSyncException("service status returned by EnsureLoadBalancer is nil", null);
    }
    recorder.event(service, EventType.NORMAL, "EnsuredLoadBalancer", "Ensured load balancer");
    patchStatus(service, status);
  }

  private void patchStatus(V1Service service, V1LoadBalancerStatus status) throws ApiException {
    if (!ingressEqual(currentStatus(service), status)) {
      writer.patchStatus(service, status);
    }
  }

  private ReconcileResult syncBackends(String key, V1Service service, Synced last) {
    List<V1Node> backends = NodePredicates.backends(nodes.get());
    Map<String, String> fingerprint = NodePredicates.fingerprint(backends);
    if (fingerprint.equals(last.backends())) {
      return ReconcileResult.done();
    }
    // Stored before the call, as upstream does: a failure turns into a full sync, which recomputes the set anyway.
    synced.put(key, new Synced(service, fingerprint));
    metrics.loadBalancerSyncAttempted();
    long start = clock.nanoTime();
    try {
      balancer.updateLoadBalancer(clusterName, service, backends);
    } catch (RuntimeException e) {
      metrics.updateHostsTook(Duration.ofNanos(clock.nanoTime() - start));
      Optional<ServiceConfigurationException> invalid =
          CloudProviderException.findInChain(e, ServiceConfigurationException.class);
      if (invalid.isPresent()) {
        return rejected(service, invalid.get());
      }
      if (CloudProviderException.findInChain(e, ImplementedElsewhereException.class).isPresent()
          || confirmedAbsent(service)) {
        return ReconcileResult.done();
      }
      metrics.nodeSyncFailed();
      List<String> names = backends.stream().map(NodePredicates::name).toList();
      recorder.eventf(service, EventType.WARNING, "UpdateLoadBalancerFailed",
          "Error updating load balancer with new hosts %s [node names limited, total number of nodes: %d], "
              + "error: %s", goList(names.subList(0, Math.min(names.size(), MAX_NODE_NAMES_TO_LOG))),
          names.size(), message(e));
      fullSyncWanted.add(key);
      return ReconcileResult.failure(e);
    }
    metrics.updateHostsTook(Duration.ofNanos(clock.nanoTime() - start));
    if (backends.isEmpty()) {
      recorder.event(service, EventType.WARNING, "UnAvailableLoadBalancer",
          "There are no available nodes for LoadBalancer");
    } else {
      recorder.event(service, EventType.NORMAL, "UpdatedLoadBalancer", "Updated load balancer with new hosts");
    }
    return ReconcileResult.done();
  }

  /** An update failure is no failure when the load balancer is not there at all (upstream's rule). */
  private boolean confirmedAbsent(V1Service service) {
    try {
      return balancer.getLoadBalancer(clusterName, service).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  /** The provider's own text; an API error's code and Status message, never the client's body and headers. */
  private static String message(Throwable e) {
    if (CloudProviderException.findInChain(e, ApiException.class).isPresent()) {
      return ApiErrors.describe(e);
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Carries a provider's {@link ServiceConfigurationException} out of the ensure path, and only that path. */
  private static final class RejectedService extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedService(ServiceConfigurationException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** Times one node sync fan-out from the node change to the last affected Service's backend sync. */
  private final class NodeSyncRound {
    private final long startNanos;
    private int pending;

    NodeSyncRound(long startNanos, int pending) {
      this.startNanos = startNanos;
      this.pending = pending;
    }

    synchronized void completeOne() {
      pending--;
      if (pending == 0) {
        metrics.nodeSyncTook(Duration.ofNanos(clock.nanoTime() - startNanos));
      }
    }

    void finishEmpty() {
      metrics.nodeSyncTook(Duration.ZERO);
    }
  }
}
