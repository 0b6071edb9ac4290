package dev.ccm4j.launcher.demo;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-controller-manager's replicaset controller, in small: each ReplicaSet keeps {@code spec.replicas} active
 * pods made from its template ({@code generateName: <replicaset>-}, a controller owner reference to it), deleting
 * the surplus (unscheduled first, then not ready, then the newest), and reports replicas, fullyLabeledReplicas,
 * readyReplicas, availableReplicas (ready for {@code minReadySeconds}) and observedGeneration.
 *
 * <p>As upstream's "expectations", pods this controller created or deleted and its cache has not seen yet count
 * as done, so a pass on a stale cache does not create them twice. Departure: orphaned pods matching a selector are
 * not adopted.
 */
final class ReplicaSetController extends Reconciler {
  private static final Duration EXPECTATION_TIMEOUT = Duration.ofSeconds(10);

  private final ApiClient client;
  private final CoreV1Api core;
  private final AppsV1Api apps;
  private final DemoInformers informers;
  /** Pod key to when this controller created it, until the cache shows it. */
  private final Map<String, Long> expectedCreates = new ConcurrentHashMap<>();
  /** Pod key to when this controller deleted it, until the cache drops it. */
  private final Map<String, Long> expectedDeletes = new ConcurrentHashMap<>();

  ReplicaSetController(ApiClient client, DemoInformers informers) {
    super("replicaset-controller", informers, Duration.ofSeconds(2));
    this.client = client;
    this.core = new CoreV1Api(client);
    this.apps = new AppsV1Api(client);
    this.informers = informers;
    DemoInformers.onChange(this::trigger, informers.replicaSets, informers.pods);
  }

  @Override
  void reconcile() throws ApiException {
    Set<String> cached = ConcurrentHashMap.newKeySet();
    informers.pods.getIndexer().list().forEach(p -> cached.add(Kube.key(p)));
    long now = System.nanoTime();
    expectedCreates.entrySet().removeIf(e -> cached.contains(e.getKey())
        || now - e.getValue() > EXPECTATION_TIMEOUT.toNanos());
    expectedDeletes.entrySet().removeIf(e -> !cached.contains(e.getKey())
        || now - e.getValue() > EXPECTATION_TIMEOUT.toNanos());
    for (V1ReplicaSet rs : informers.replicaSets.getIndexer().list()) {
      if (!Kube.terminating(rs)) {
        sync(rs);
      }
    }
  }

  private void sync(V1ReplicaSet rs) throws ApiException {
    String ns = rs.getMetadata().getNamespace();
    String prefix = ns + "/" + rs.getMetadata().getName() + "-";
    List<V1Pod> pods = informers.pods.getIndexer().list().stream()
        .filter(p -> ns.equals(p.getMetadata().getNamespace()) && Kube.controlledBy(p, rs) && Kube.active(p)
            && !expectedDeletes.containsKey(Kube.key(p)))
        .toList();
    long pendingCreates = expectedCreates.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    int desired = Optional.ofNullable(rs.getSpec().getReplicas()).orElse(1);
    long diff = desired - pods.size() - pendingCreates;
    for (long i = 0; i < diff; i++) {
      V1Pod created = core.createNamespacedPod(ns, podFor(rs)).execute();
      expectedCreates.put(Kube.key(created), System.nanoTime());
    }
    if (diff < 0) {
      List<V1Pod> victims = pods.stream().sorted(Comparator
              .comparing((V1Pod p) -> p.getSpec().getNodeName() != null)
              .thenComparing(p -> "Running".equals(Kube.phase(p)))
              .thenComparing(Kube::podReady)
              .thenComparing(p -> p.getMetadata().getCreationTimestamp(),
                  Comparator.nullsLast(Comparator.reverseOrder())))
          .limit(-diff).toList();
      for (V1Pod p : victims) {
        try {
          core.deleteNamespacedPod(p.getMetadata().getName(), ns).execute();
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
        expectedDeletes.put(Kube.key(p), System.nanoTime());
      }
    }
    writeStatus(rs, pods);
  }

  private V1Pod podFor(V1ReplicaSet rs) {
    V1PodTemplateSpec template = Kube.copy(client, rs.getSpec().getTemplate(), V1PodTemplateSpec.class);
    V1ObjectMeta meta = template.getMetadata() == null ? new V1ObjectMeta() : template.getMetadata();
    return new V1Pod()
        .metadata(new V1ObjectMeta().generateName(rs.getMetadata().getName() + "-")
            .namespace(rs.getMetadata().getNamespace()).labels(meta.getLabels()).annotations(meta.getAnnotations())
            .ownerReferences(List.of(Kube.controllerRef("apps/v1", "ReplicaSet", rs))))
        .spec(template.getSpec());
  }

  private void writeStatus(V1ReplicaSet rs, List<V1Pod> pods) throws ApiException {
    Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null
        || rs.getSpec().getTemplate().getMetadata().getLabels() == null ? Map.of()
        : rs.getSpec().getTemplate().getMetadata().getLabels();
    int minReady = Optional.ofNullable(rs.getSpec().getMinReadySeconds()).orElse(0);
    OffsetDateTime now = Kube.now();
    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    boolean waiting = false;
    for (V1Pod p : pods) {
      if (Kube.labels(p).entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      if (Kube.podReady(p)) {
        ready++;
        OffsetDateTime since = Kube.condition(p, "Ready").map(c -> c.getLastTransitionTime()).orElse(null);
        if (minReady == 0 || since == null || !since.plusSeconds(minReady).isAfter(now)) {
          available++;
        } else {
          waiting = true;
        }
      }
    }
    if (waiting) {
      // availability changes with time alone
      triggerAfter(Duration.ofSeconds(1));
    }
    V1ReplicaSetStatus status = new V1ReplicaSetStatus().replicas(pods.size())
        .fullyLabeledReplicas(zeroless(fullyLabeled)).readyReplicas(zeroless(ready))
        .availableReplicas(zeroless(available)).observedGeneration(rs.getMetadata().getGeneration());
    V1ReplicaSetStatus before = rs.getStatus() == null ? new V1ReplicaSetStatus() : rs.getStatus();
    if (Objects.equals(Optional.ofNullable(before.getReplicas()).orElse(0), status.getReplicas())
        && Objects.equals(before.getFullyLabeledReplicas(), status.getFullyLabeledReplicas())
        && Objects.equals(before.getReadyReplicas(), status.getReadyReplicas())
        && Objects.equals(before.getAvailableReplicas(), status.getAvailableReplicas())
        && Objects.equals(before.getObservedGeneration(), status.getObservedGeneration())) {
      return;
    }
    V1ReplicaSet copy = Kube.copy(client, rs, V1ReplicaSet.class);
    copy.setStatus(status);
    apps.replaceNamespacedReplicaSetStatus(rs.getMetadata().getName(), rs.getMetadata().getNamespace(), copy)
        .execute();
  }

  private static Integer zeroless(int n) {
    return n == 0 ? null : n;
  }
}
