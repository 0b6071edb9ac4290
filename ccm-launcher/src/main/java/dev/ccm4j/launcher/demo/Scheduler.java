package dev.ccm4j.launcher.demo;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Binding;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.openapi.models.V1Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * kube-scheduler, in small: each pending pod of the {@code default-scheduler} without a node is bound to a node
 * that is Ready, schedulable, matches the pod's {@code nodeSelector} and whose NoSchedule/NoExecute taints the pod
 * tolerates (so nothing lands on a node the cloud-controller-manager has not initialized yet), the one with the
 * fewest pods first. Binding goes through the {@code pods/binding} subresource as upstream's does; when the API
 * server does not serve it, through {@code spec.nodeName}. A pod that fits nowhere gets the PodScheduled=False
 * condition and a FailedScheduling event worded as upstream's ("0/3 nodes are available: ..."), once per reason.
 */
final class Scheduler extends Reconciler {
  static final String COMPONENT = "default-scheduler";

  private final ApiClient client;
  private final CoreV1Api core;
  private final DemoInformers informers;
  private volatile boolean bindingServed = true;
  /** Pod uid to the last reason it could not be scheduled, so the event is written once per reason. */
  private final Map<String, String> unschedulable = new ConcurrentHashMap<>();

  Scheduler(ApiClient client, DemoInformers informers) {
    super("scheduler", informers, Duration.ofSeconds(2));
    this.client = client;
    this.core = new CoreV1Api(client);
    this.informers = informers;
    DemoInformers.onChange(this::trigger, informers.pods, informers.nodes);
  }

  @Override
  void reconcile() throws ApiException {
    List<V1Pod> pods = informers.pods.getIndexer().list();
    Map<String, Integer> load = new HashMap<>();
    for (V1Pod p : pods) {
      if (p.getSpec().getNodeName() != null && Kube.active(p)) {
        load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
      }
    }
    List<V1Node> nodes = informers.nodes.getIndexer().list();
    java.util.Set<String> uids = pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    unschedulable.keySet().retainAll(uids);
    for (V1Pod pod : pods) {
      String scheduler = pod.getSpec().getSchedulerName();
      if (pod.getSpec().getNodeName() != null || !Kube.active(pod)
          || (scheduler != null && !COMPONENT.equals(scheduler))) {
        continue;
      }
      Map<String, Integer> misfits = new TreeMap<>();
      Optional<V1Node> chosen = nodes.stream().filter(n -> fits(pod, n, misfits))
          .min(Comparator.comparing((V1Node n) -> load.getOrDefault(n.getMetadata().getName(), 0))
              .thenComparing(n -> n.getMetadata().getName()));
      if (chosen.isPresent()) {
        String node = chosen.get().getMetadata().getName();
        bind(pod, node);
        load.merge(node, 1, Integer::sum);
        unschedulable.remove(pod.getMetadata().getUid());
        Kube.event(client, COMPONENT, pod, "v1", "Pod", "Normal", "Scheduled", "Successfully assigned "
            + Kube.key(pod) + " to " + node);
      } else {
        unfit(pod, nodes.size(), misfits);
      }
    }
  }

  private static boolean fits(V1Pod pod, V1Node node, Map<String, Integer> misfits) {
    String why = null;
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (!Kube.nodeReady(node)) {
      why = "node(s) were not ready";
    } else if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      why = "node(s) were unschedulable";
    } else if (selector != null && !Kube.matches(selector, Kube.labels(node))) {
      why = "node(s) didn't match Pod's node affinity/selector";
    } else {
      for (V1Taint t : Optional.ofNullable(node.getSpec().getTaints()).orElse(List.of())) {
        if (("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) && !tolerated(pod, t)) {
          why = "node(s) had untolerated taint {" + t.getKey() + ": " + Optional.ofNullable(t.getValue()).orElse("")
              + "}";
          break;
        }
      }
    }
    if (why != null) {
      misfits.merge(why, 1, Integer::sum);
    }
    return why == null;
  }

  private static boolean tolerated(V1Pod pod, V1Taint taint) {
    for (V1Toleration t : Optional.ofNullable(pod.getSpec().getTolerations()).orElse(List.of())) {
      boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
      boolean exists = "Exists".equals(t.getOperator());
      boolean key = t.getKey() == null || t.getKey().isEmpty() ? exists : t.getKey().equals(taint.getKey());
      boolean value = exists || Optional.ofNullable(t.getValue()).orElse("")
          .equals(Optional.ofNullable(taint.getValue()).orElse(""));
      if (effect && key && value) {
        return true;
      }
    }
    return false;
  }

  private void bind(V1Pod pod, String node) throws ApiException {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (bindingServed) {
      try {
        core.createNamespacedPodBinding(name, ns, new V1Binding()
            .metadata(new V1ObjectMeta().name(name).namespace(ns).uid(pod.getMetadata().getUid()))
            .target(new V1ObjectReference().apiVersion("v1").kind("Node").name(node))).execute();
        return;
      } catch (ApiException e) {
        if (e.getCode() != 404 && e.getCode() != 405) {
          throw e;
        }
        bindingServed = false;
      }
    }
    V1Pod copy = Kube.copy(client, pod, V1Pod.class);
    copy.getSpec().setNodeName(node);
    copy.setStatus(null);
    core.replaceNamespacedPod(name, ns, copy).execute();
  }

  private void unfit(V1Pod pod, int nodeCount, Map<String, Integer> misfits) throws ApiException {
    String message = "0/" + nodeCount + " nodes are available" + (misfits.isEmpty() ? "."
        : ": " + misfits.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")) + ".");
    if (nodeCount == 0) {
      message = "no nodes available to schedule pods";
    }
    String uid = pod.getMetadata().getUid();
    if (message.equals(unschedulable.put(uid, message))) {
      return;
    }
    Kube.event(client, COMPONENT, pod, "v1", "Pod", "Warning", "FailedScheduling", message);
    V1Pod copy = Kube.copy(client, pod, V1Pod.class);
    List<V1PodCondition> conditions = new ArrayList<>(Optional.ofNullable(copy.getStatus() == null ? null
        : copy.getStatus().getConditions()).orElse(List.of()));
    conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
    conditions.add(new V1PodCondition().type("PodScheduled").status("False").reason("Unschedulable")
        .message(message).lastTransitionTime(Kube.now()));
    if (copy.getStatus() == null) {
      copy.setStatus(new io.kubernetes.client.openapi.models.V1PodStatus());
    }
    copy.getStatus().phase("Pending").conditions(conditions);
    try {
      core.replaceNamespacedPodStatus(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), copy)
          .execute();
    } catch (ApiException e) {
      // the pod changed meanwhile: the next pass writes the reason again
      unschedulable.remove(uid);
      throw e;
    }
  }
}
