package dev.ccm4j.core.patch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.PatchUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The Node writes the controllers make, as small patches rather than full updates, so that a kubelet heartbeat
 * landing in between never causes a conflict loop.
 *
 * <ul>
 *   <li>Lists the API server would merge wrongly (taints, which strategic merge replaces wholesale, and addresses,
 *       which it merges by type so that two InternalIPs collapse) are sent as JSON merge patches of the complete
 *       new list, guarded by the resourceVersion they were computed from, and retried on conflict with a fresh
 *       read.
 *   <li>Labels and conditions are strategic merge patches, which merge by key and need no guard.
 * </ul>
 */
public final class NodePatches {
  private final ApiClient client;
  private final CoreV1Api api;

  /**
   * Creates the helper.
   *
   * @param client the controller's own client
   */
  public NodePatches(ApiClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.api = new CoreV1Api(client);
  }

  /**
   * Reads a node from the API server (not from a cache).
   *
   * @param name the node name
   * @return the node
   * @throws ApiException on API errors, 404 included
   */
  public V1Node get(String name) throws ApiException {
    return api.readNode(name).execute();
  }

  /**
   * Changes a node's taints. The change is computed from {@code node} first, then from fresh reads after
   * conflicts; no request is made when it changes nothing.
   *
   * @param node the node as last seen, for example from a lister; not modified
   * @param change computes the new taint list from the current one (given as a fresh mutable copy)
   * @return the node as written, or {@code node} itself when nothing changed
   * @throws ApiException on API errors other than conflicts, or when conflicts persist
   */
  public V1Node updateTaints(V1Node node, UnaryOperator<List<V1Taint>> change) throws ApiException {
    return GuardedWrite.retryOnConflict(node, current -> {
      List<V1Taint> before = current.getSpec() == null || current.getSpec().getTaints() == null
          ? List.of() : current.getSpec().getTaints();
      List<V1Taint> after = change.apply(new ArrayList<>(before));
      if (after.equals(before)) {
        return null;
      }
      JsonObject spec = new JsonObject();
      spec.add("taints", JSON.getGson().toJsonTree(after));
      JsonObject body = new JsonObject();
      body.add("metadata", GuardedWrite.guard(current.getMetadata()));
      body.add("spec", spec);
      String name = name(current);
      return PatchUtils.patch(V1Node.class, () -> api.patchNode(name, new V1Patch(body.toString())).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }, () -> get(name(node)));
  }

  /**
   * Adds a taint unless one with the same key and effect is present.
   *
   * @param node the node as last seen; not modified
   * @param taint the taint
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node addTaint(V1Node node, V1Taint taint) throws ApiException {
    return updateTaints(node, taints -> {
      if (taints.stream().noneMatch(t -> sameTaint(t, taint))) {
        taints.add(taint);
      }
      return taints;
    });
  }

  /**
   * Removes every taint with the key (and the effect, when given). Makes no request when there is none.
   *
   * @param node the node as last seen; not modified
   * @param key the taint key
   * @param effect the effect, or null for any
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node removeTaint(V1Node node, String key, String effect) throws ApiException {
    return updateTaints(node, taints -> {
      taints.removeIf(t -> key.equals(t.getKey()) && (effect == null || effect.equals(t.getEffect())));
      return taints;
    });
  }

  /**
   * Whether a node carries a taint with this key (and effect, when given).
   *
   * @param node the node
   * @param key the taint key
   * @param effect the effect, or null for any
   * @return true if present
   */
  public static boolean hasTaint(V1Node node, String key, String effect) {
    return node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
        .anyMatch(t -> key.equals(t.getKey()) && (effect == null || effect.equals(t.getEffect())));
  }

  private static boolean sameTaint(V1Taint a, V1Taint b) {
    return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
  }

  /**
   * Sets labels (a null value removes the label) with a strategic merge patch.
   *
   * @param name the node name
   * @param labels labels to set or remove
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node patchLabels(String name, Map<String, String> labels) throws ApiException {
    JsonObject values = new JsonObject();
    labels.forEach((k, v) -> values.add(k, v == null ? com.google.gson.JsonNull.INSTANCE : JSON.getGson()
        .toJsonTree(v)));
    JsonObject meta = new JsonObject();
    meta.add("labels", values);
    JsonObject body = new JsonObject();
    body.add("metadata", meta);
    return PatchUtils.patch(V1Node.class, () -> api.patchNode(name, new V1Patch(body.toString())).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
  }

  /**
   * Applies a JSON merge patch to a node's spec, for example to set {@code providerID}.
   *
   * @param name the node name
   * @param spec the spec fields to set
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node patchSpec(String name, JsonObject spec) throws ApiException {
    JsonObject body = new JsonObject();
    body.add("spec", spec);
    return PatchUtils.patch(V1Node.class, () -> api.patchNode(name, new V1Patch(body.toString())).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  /**
   * Replaces a node's {@code status.addresses} with exactly this list (a JSON merge patch on {@code nodes/status},
   * because strategic merge would merge addresses by type).
   *
   * @param name the node name
   * @param addresses the complete new list, in order
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node replaceAddresses(String name, List<V1NodeAddress> addresses) throws ApiException {
    JsonObject status = new JsonObject();
    JsonArray list = new JsonArray();
    for (V1NodeAddress a : addresses) {
      list.add(JSON.getGson().toJsonTree(a));
    }
    status.add("addresses", list);
    JsonObject body = new JsonObject();
    body.add("status", status);
    return PatchUtils.patch(V1Node.class, () -> api.patchNodeStatus(name, new V1Patch(body.toString()))
        .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  /**
   * Sets one condition by type (a strategic merge patch on {@code nodes/status}; other conditions are kept).
   *
   * @param name the node name
   * @param condition the condition with its type, status, reason, message and timestamps
   * @return the node as written
   * @throws ApiException on API errors
   */
  public V1Node setCondition(String name, V1NodeCondition condition) throws ApiException {
    JsonArray conditions = new JsonArray();
    conditions.add(JSON.getGson().toJsonTree(condition));
    JsonObject status = new JsonObject();
    status.add("conditions", conditions);
    JsonObject body = new JsonObject();
    body.add("status", status);
    return PatchUtils.patch(V1Node.class, () -> api.patchNodeStatus(name, new V1Patch(body.toString()))
        .buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
  }


  private static String name(V1Node node) {
    return Objects.requireNonNull(node.getMetadata(), "node metadata").getName();
  }
}
