package dev.ccm4j.core.nodelifecycle;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitoring pass over all nodes: Ready nodes lose the shutdown taint without any cloud call; NotReady nodes
 * are probed in parallel, then tainted, untainted or deleted. Deletions in one pass are capped at a fraction of
 * all nodes, so a cloud outage that makes every instance look gone deletes nothing.
 */
final class NodeMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
  static final String REASON_DELETING = "DeletingNode";
  static final String REASON_DELETING_FAILED = "DeletingNodeFailed";
  static final String REASON_THROTTLED = "NodeDeletionThrottled";
  static final V1Taint SHUTDOWN_TAINT = new V1Taint().key(WellKnown.TAINT_SHUTDOWN)
      .effect(WellKnown.TAINT_EFFECT_NO_SCHEDULE);

  private final InstanceProbe probe;
  private final CoreV1Api api;
  private final NodePatches patches;
  private final EventRecorder recorder;
  private final LifecycleMetrics metrics;
  private final double maxDeletionFraction;
  private final ExecutorService probes;

  NodeMonitor(InstanceProbe probe, ApiClient client, EventRecorder recorder, LifecycleMetrics metrics,
      double maxDeletionFraction, ExecutorService probes) {
    this.probe = probe;
    this.api = new CoreV1Api(client);
    this.patches = new NodePatches(client);
    this.recorder = recorder;
    this.metrics = metrics;
    this.maxDeletionFraction = maxDeletionFraction;
    this.probes = probes;
  }

  void runOnce(List<V1Node> nodes) throws InterruptedException {
    Map<V1Node, Future<InstanceProbe.Verdict>> pending = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      if (isReady(node)) {
        removeShutdownTaint(node);
      } else {
        pending.put(node, probes.submit(() -> probe.probe(node)));
      }
    }
    List<V1Node> gone = new ArrayList<>();
    for (Map.Entry<V1Node, Future<InstanceProbe.Verdict>> e : pending.entrySet()) {
      V1Node node = e.getKey();
      InstanceProbe.Verdict verdict;
      try {
        verdict = e.getValue().get();
      } catch (ExecutionException failed) {
        LOG.warn("cannot tell whether the instance of node {} exists; keeping it: {}", name(node),
            failed.getCause().toString());
        continue;
      }
      switch (verdict) {
        case GONE -> gone.add(node);
        case SHUTDOWN -> addShutdownTaint(node);
        case RUNNING -> removeShutdownTaint(node);
        default -> throw new IllegalStateException("unknown verdict " + verdict);
      }
    }
    deleteGone(gone, nodes.size());
  }

  private void deleteGone(List<V1Node> gone, int total) {
    if (gone.isEmpty()) {
      return;
    }
    int allowed = (int) Math.floor(maxDeletionFraction * total);
    if (gone.size() > allowed) {
      LOG.warn("the cloud reports {} of {} nodes gone, more than --node-deletion-max-fraction={} allows ({}); "
          + "deleting none of them this pass", gone.size(), total, maxDeletionFraction, allowed);
      metrics.refused(gone.size());
      for (V1Node node : gone) {
        recorder.eventf(node, EventType.WARNING, REASON_THROTTLED, "Not deleting node %s although it does not exist"
            + " in the cloud provider: %d of %d nodes look gone, more than --node-deletion-max-fraction=%s allows",
            name(node), gone.size(), total, maxDeletionFraction);
      }
      return;
    }
    gone.forEach(this::delete);
  }

  private void delete(V1Node node) {
    String name = name(node);
    recorder.eventf(node, EventType.NORMAL, REASON_DELETING,
        "Deleting node %s because it does not exist in the cloud provider", name);
    V1DeleteOptions options = new V1DeleteOptions()
        .preconditions(new V1Preconditions().uid(node.getMetadata().getUid()));
    try {
      api.deleteNode(name).body(options).execute();
      metrics.deleted();
      LOG.info("deleted node {}: its instance no longer exists", name);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return;
      }
      if (e.getCode() == 409) {
        LOG.info("not deleting node {}: it was re-created with another UID", name);
        return;
      }
      LOG.warn("failed to delete node {}: {}", name, e.getCode());
      recorder.eventf(node, EventType.WARNING, REASON_DELETING_FAILED, "Failed deleting node %s: %s", name,
          e.getCode() + " " + e.getResponseBody());
    }
  }

  private void addShutdownTaint(V1Node node) {
    try {
      patches.addTaint(node, SHUTDOWN_TAINT);
    } catch (ApiException e) {
      LOG.warn("failed to taint shut-down node {}: {}", name(node), e.getCode());
    }
  }

  private void removeShutdownTaint(V1Node node) {
    if (!NodePatches.hasTaint(node, WellKnown.TAINT_SHUTDOWN, WellKnown.TAINT_EFFECT_NO_SCHEDULE)) {
      return;
    }
    try {
      patches.removeTaint(node, WellKnown.TAINT_SHUTDOWN, WellKnown.TAINT_EFFECT_NO_SCHEDULE);
    } catch (ApiException e) {
      LOG.warn("failed to remove the shutdown taint from node {}: {}", name(node), e.getCode());
    }
  }

  /** Whether the Ready condition is True; a missing condition counts as Unknown. */
  static boolean isReady(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (V1NodeCondition c : node.getStatus().getConditions()) {
      if (WellKnown.CONDITION_READY.equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private static String name(V1Node node) {
    return node.getMetadata().getName();
  }
}
