package dev.ccm4j.launcher.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * kube-controller-manager's deployment controller, in small: each Deployment gets a ReplicaSet named
 * {@code <deployment>-<pod-template-hash>} for its current pod template (the hash label added to the selector,
 * the template and the ReplicaSet, as upstream does), with the {@code deployment.kubernetes.io/revision}
 * annotation, and the Deployment's status is summed from its ReplicaSets (replicas, updated, ready, available,
 * the Available and Progressing conditions, observedGeneration), so {@code kubectl rollout status} works.
 *
 * <p>Departures from upstream: a rolling update scales the new ReplicaSet to the full count at once and the old
 * ones down as new pods become available (maxSurge 100%, maxUnavailable 0 whatever the spec says); {@code Recreate}
 * scales the old ones to zero first; paused deployments, progress deadlines and revision history limits are not
 * enforced. The hash is FNV-1a over the template's canonical JSON (upstream hashes Go's printed struct), encoded
 * with upstream's safe alphabet.
 */
final class DeploymentController extends Reconciler {
  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  // k8s.io/apimachinery/pkg/util/rand: vowels and look-alikes left out
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private final ApiClient client;
  private final AppsV1Api apps;
  private final DemoInformers informers;

  DeploymentController(ApiClient client, DemoInformers informers) {
    super("deployment-controller", informers, Duration.ofSeconds(2));
    this.client = client;
    this.apps = new AppsV1Api(client);
    this.informers = informers;
    DemoInformers.onChange(this::trigger, informers.deployments, informers.replicaSets);
  }

  @Override
  void reconcile() throws ApiException {
    for (V1Deployment d : informers.deployments.getIndexer().list()) {
      if (!Kube.terminating(d)) {
        sync(d);
      }
    }
  }

  private void sync(V1Deployment d) throws ApiException {
    String ns = d.getMetadata().getNamespace();
    List<V1ReplicaSet> owned = new ArrayList<>(informers.replicaSets.getIndexer().list().stream()
        .filter(rs -> ns.equals(rs.getMetadata().getNamespace()) && Kube.controlledBy(rs, d)).toList());
    int collisions = d.getStatus() == null || d.getStatus().getCollisionCount() == null ? 0
        : d.getStatus().getCollisionCount();
    String hash = templateHash(client, d.getSpec().getTemplate(), collisions);
    Optional<V1ReplicaSet> current = owned.stream()
        .filter(rs -> hash.equals(Kube.labels(rs).get(HASH_LABEL))).findFirst();
    int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    List<V1ReplicaSet> old = owned.stream().filter(rs -> current.map(c -> c != rs).orElse(true))
        .sorted(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp(),
            Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
    int oldPods = old.stream().mapToInt(rs -> statusReplicas(rs)).sum();
    boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    if (current.isEmpty()) {
      if (recreate && oldPods > 0) {
        scaleOld(old, 0);
        return;
      }
      createReplicaSet(d, hash, desired, nextRevision(old), collisions);
      return;
    }
    V1ReplicaSet rs = current.get();
    if (!Objects.equals(rs.getSpec().getReplicas(), desired)) {
      scale(rs, desired);
    }
    int newAvailable = available(rs);
    scaleOld(old, recreate ? 0 : Math.max(0, desired - newAvailable));
    writeStatus(d, rs, owned, desired);
    String revision = rs.getMetadata().getAnnotations() == null ? null
        : rs.getMetadata().getAnnotations().get(REVISION);
    Map<String, String> annotations = d.getMetadata().getAnnotations();
    if (revision != null && (annotations == null || !revision.equals(annotations.get(REVISION)))) {
      V1Deployment copy = Kube.copy(client, d, V1Deployment.class);
      Map<String, String> a = new HashMap<>(annotations == null ? Map.of() : annotations);
      a.put(REVISION, revision);
      copy.getMetadata().setAnnotations(a);
      copy.setStatus(null);
      apps.replaceNamespacedDeployment(d.getMetadata().getName(), d.getMetadata().getNamespace(), copy).execute();
    }
  }

  private void createReplicaSet(V1Deployment d, String hash, int replicas, long revision, int collisions)
      throws ApiException {
    String ns = d.getMetadata().getNamespace();
    V1PodTemplateSpec template = Kube.copy(client, d.getSpec().getTemplate(), V1PodTemplateSpec.class);
    if (template.getMetadata() == null) {
      template.setMetadata(new V1ObjectMeta());
    }
    Map<String, String> labels = new TreeMap<>(Optional.ofNullable(template.getMetadata().getLabels())
        .orElse(Map.of()));
    labels.put(HASH_LABEL, hash);
    template.getMetadata().setLabels(labels);
    V1LabelSelector selector = Kube.copy(client, d.getSpec().getSelector(), V1LabelSelector.class);
    Map<String, String> matchLabels = new TreeMap<>(selector.getMatchLabels() == null ? Map.of()
        : selector.getMatchLabels());
    matchLabels.put(HASH_LABEL, hash);
    selector.setMatchLabels(matchLabels);
    String name = d.getMetadata().getName() + "-" + hash;
    V1ReplicaSet rs = new V1ReplicaSet()
        .metadata(new V1ObjectMeta().name(name).namespace(ns).labels(labels)
            .annotations(Map.of(REVISION, Long.toString(revision)))
            .ownerReferences(List.of(Kube.controllerRef("apps/v1", "Deployment", d))))
        .spec(new V1ReplicaSetSpec().replicas(replicas).selector(selector).template(template)
            .minReadySeconds(d.getSpec().getMinReadySeconds()));
    try {
      apps.createNamespacedReplicaSet(ns, rs).execute();
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // someone else's ReplicaSet has the name: upstream counts a collision, which changes the hash
      V1ReplicaSet existing = apps.readNamespacedReplicaSet(name, ns).execute();
      if (!Kube.controlledBy(existing, d)) {
        V1Deployment copy = Kube.copy(client, d, V1Deployment.class);
        if (copy.getStatus() == null) {
          copy.setStatus(new V1DeploymentStatus());
        }
        copy.getStatus().setCollisionCount(collisions + 1);
        apps.replaceNamespacedDeploymentStatus(d.getMetadata().getName(), ns, copy).execute();
      }
    }
  }

  private void scaleOld(List<V1ReplicaSet> old, int keep) throws ApiException {
    // the oldest go first, as upstream scales down the oldest old ReplicaSets first
    int left = keep;
    for (int i = old.size() - 1; i >= 0; i--) {
      V1ReplicaSet rs = old.get(i);
      int current = Optional.ofNullable(rs.getSpec().getReplicas()).orElse(0);
      int target = Math.min(current, left);
      left -= target;
      if (target != current) {
        scale(rs, target);
      }
    }
  }

  private void scale(V1ReplicaSet rs, int replicas) throws ApiException {
    V1ReplicaSet copy = Kube.copy(client, rs, V1ReplicaSet.class);
    copy.getSpec().setReplicas(replicas);
    copy.setStatus(null);
    apps.replaceNamespacedReplicaSet(rs.getMetadata().getName(), rs.getMetadata().getNamespace(), copy).execute();
  }

  private void writeStatus(V1Deployment d, V1ReplicaSet current, List<V1ReplicaSet> owned, int desired)
      throws ApiException {
    int replicas = owned.stream().mapToInt(DeploymentController::statusReplicas).sum();
    int ready = owned.stream().mapToInt(rs -> Optional.ofNullable(rs.getStatus() == null ? null
        : rs.getStatus().getReadyReplicas()).orElse(0)).sum();
    int available = owned.stream().mapToInt(DeploymentController::available).sum();
    int updated = statusReplicas(current);
    V1DeploymentStatus previous = d.getStatus() == null ? new V1DeploymentStatus() : d.getStatus();
    V1DeploymentStatus status = new V1DeploymentStatus()
        .observedGeneration(d.getMetadata().getGeneration())
        .replicas(zeroless(replicas)).updatedReplicas(zeroless(updated)).readyReplicas(zeroless(ready))
        .availableReplicas(zeroless(available)).unavailableReplicas(zeroless(Math.max(0, desired - available)))
        .collisionCount(previous.getCollisionCount());
    boolean isAvailable = available >= desired;
    boolean complete = updated == desired && replicas == updated && available >= desired;
    String rsName = current.getMetadata().getName();
    status.conditions(List.of(
        condition(previous, "Available", isAvailable ? "True" : "False",
            isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            isAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
        condition(previous, "Progressing", "True", complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
            complete ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                : "ReplicaSet \"" + rsName + "\" is progressing.")));
    if (same(previous, status)) {
      return;
    }
    V1Deployment copy = Kube.copy(client, d, V1Deployment.class);
    copy.setStatus(status);
    apps.replaceNamespacedDeploymentStatus(d.getMetadata().getName(), d.getMetadata().getNamespace(), copy)
        .execute();
  }

  /** Whether two statuses say the same, ignoring condition timestamps. */
  private static boolean same(V1DeploymentStatus a, V1DeploymentStatus b) {
    return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getReplicas(), b.getReplicas())
        && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
        && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
        && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
        && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas())
        && Objects.equals(conditionSummary(a), conditionSummary(b));
  }

  private static List<String> conditionSummary(V1DeploymentStatus s) {
    return Optional.ofNullable(s.getConditions()).orElse(List.of()).stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage()).sorted().toList();
  }

  private static V1DeploymentCondition condition(V1DeploymentStatus previous, String type, String status,
      String reason, String message) {
    Optional<V1DeploymentCondition> before = Optional.ofNullable(previous.getConditions()).orElse(List.of())
        .stream().filter(c -> type.equals(c.getType())).findFirst();
    // the transition time moves only when the status does, the update time whenever the reason does
    boolean transitioned = before.map(c -> !status.equals(c.getStatus())).orElse(true);
    boolean changed = before.map(c -> !reason.equals(c.getReason())).orElse(true);
    return new V1DeploymentCondition().type(type).status(status).reason(reason).message(message)
        .lastTransitionTime(transitioned ? Kube.now() : before.get().getLastTransitionTime())
        .lastUpdateTime(changed || transitioned ? Kube.now() : before.get().getLastUpdateTime());
  }

  // the real server drops zero counts (omitempty), so a zero written back would differ from what is read
  private static Integer zeroless(int n) {
    return n == 0 ? null : n;
  }

  private static int statusReplicas(V1ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
  }

  private static int available(V1ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
        : rs.getStatus().getAvailableReplicas();
  }

  private static long nextRevision(List<V1ReplicaSet> old) {
    return old.stream().map(rs -> rs.getMetadata().getAnnotations() == null ? null
            : rs.getMetadata().getAnnotations().get(REVISION))
        .filter(Objects::nonNull).mapToLong(r -> {
          try {
            return Long.parseLong(r);
          } catch (NumberFormatException e) {
            return 0;
          }
        }).max().orElse(0) + 1;
  }

  /**
   * The {@code pod-template-hash} of a template: FNV-1a (32 bits) over its canonical JSON and the collision count,
   * the decimal value encoded with upstream's {@code rand.SafeEncodeString}, so names look as upstream's do.
   */
  static String templateHash(ApiClient client, V1PodTemplateSpec template, int collisionCount) {
    JsonElement json = JsonParser.parseString(io.kubernetes.client.openapi.JSON.serialize(template));
    StringBuilder canonical = new StringBuilder();
    canonical(json, canonical);
    if (collisionCount > 0) {
      canonical.append(collisionCount);
    }
    int hash = 0x811c9dc5;
    for (byte b : canonical.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    String decimal = Integer.toUnsignedString(hash);
    StringBuilder encoded = new StringBuilder();
    for (char c : decimal.toCharArray()) {
      encoded.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
    }
    return encoded.toString();
  }

  private static void canonical(JsonElement e, StringBuilder out) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      out.append('{');
      new TreeMap<>(o.asMap()).forEach((k, v) -> {
        out.append(k).append(':');
        canonical(v, out);
        out.append(',');
      });
      out.append('}');
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      out.append('[');
      a.forEach(v -> {
        canonical(v, out);
        out.append(',');
      });
      out.append(']');
    } else {
      out.append(e);
    }
  }
}
