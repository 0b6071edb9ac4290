package dev.ccm4j.provider.huawei.classic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The classic ELB v1.0 calls. Bodies are flat (no wrapping key), as that API takes them; lists of listeners and
 * members are bare arrays. Load balancer create and delete and member add and remove answer a job
 * {@code {"uri","job_id"}} whose status {@link #job} reads.
 */
final class ClassicElbClient {
  /** Error code of "a listener already uses this port" (documented example {@code ELB.6101}). */
  static final String LISTENER_EXISTS = "ELB.6101";
  /** The spelling the original CCM matched on for the same condition. */
  static final String LISTENER_EXISTS_LEGACY = "ElbError6101";

  private static final String BASE = "/v1.0/{project_id}";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private final ClassicTransport api;

  ClassicElbClient(ClassicTransport api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /** The classic load balancers of a VPC. */
  List<JsonObject> loadBalancers(String vpcId) {
    JsonElement body = api.get("ListClassicLoadBalancers", BASE + "/elbaas/loadbalancers",
        Map.of("vpc_id", List.of(vpcId)));
    return objects(body, "loadbalancers");
  }

  /** One load balancer, empty on 404. */
  Optional<JsonObject> loadBalancer(String id) {
    try {
      JsonElement body = api.get("ShowClassicLoadBalancer", BASE + "/elbaas/loadbalancers/" + id(id), Map.of());
      return body.isJsonObject() ? Optional.of(unwrap(body.getAsJsonObject(), "loadbalancer")) : Optional.empty();
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates a load balancer; the job id. */
  String createLoadBalancer(JsonObject body) {
    return jobId("CreateClassicLoadBalancer", api.post("CreateClassicLoadBalancer", BASE + "/elbaas/loadbalancers",
        body));
  }

  /**
   * Deletes a load balancer; a 404 counts as done. The answer's job id is not read: the next reconcile finds the load
   * balancer gone, or still listed and not ACTIVE, and waits.
   */
  void deleteLoadBalancer(String id) {
    try {
      api.delete("DeleteClassicLoadBalancer", BASE + "/elbaas/loadbalancers/" + id(id));
    } catch (CloudResourceNotFoundException e) {
      // already gone
    }
  }

  /** The listeners of a load balancer. */
  List<JsonObject> listeners(String loadBalancerId) {
    JsonElement body = api.get("ListClassicListeners", BASE + "/elbaas/listeners",
        Map.of("loadbalancer_id", List.of(loadBalancerId)));
    return objects(body, "listeners");
  }

  /**
   * Creates a listener.
   *
   * @return the listener, or empty when the port is already taken ({@value #LISTENER_EXISTS})
   */
  Optional<JsonObject> createListener(JsonObject body) {
    try {
      JsonElement created = api.post("CreateClassicListener", BASE + "/elbaas/listeners", body);
      return Optional.of(unwrap(created.getAsJsonObject(), "listener"));
    } catch (CloudApiException e) {
      if (listenerExists(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  static boolean listenerExists(CloudApiException e) {
    String code = e.code() == null ? "" : e.code();
    String message = e.cloudMessage() == null ? "" : e.cloudMessage();
    return code.equals(LISTENER_EXISTS) || code.equals(LISTENER_EXISTS_LEGACY)
        || message.contains(LISTENER_EXISTS_LEGACY);
  }

  /** Updates a listener. */
  void updateListener(String listenerId, JsonObject body) {
    api.put("UpdateClassicListener", BASE + "/elbaas/listeners/" + id(listenerId), body);
  }

  /** Deletes a listener; a 404 counts as done. */
  void deleteListener(String listenerId) {
    try {
      api.delete("DeleteClassicListener", BASE + "/elbaas/listeners/" + id(listenerId));
    } catch (CloudResourceNotFoundException e) {
      // already gone
    }
  }

  /** The backend members of a listener. */
  List<JsonObject> members(String listenerId) {
    JsonElement body = api.get("ListClassicMembers", BASE + "/elbaas/listeners/" + id(listenerId) + "/members",
        Map.of());
    return objects(body, "members");
  }

  /** Adds members ({@code [{"server_id","address"}]}); the job id. */
  String addMembers(String listenerId, JsonArray members) {
    return jobId("AddClassicMembers", api.post("AddClassicMembers",
        BASE + "/elbaas/listeners/" + id(listenerId) + "/members", members));
  }

  /** Removes members by id; the job id. */
  String removeMembers(String listenerId, Collection<String> memberIds) {
    return jobId("RemoveClassicMembers", api.post("RemoveClassicMembers",
        BASE + "/elbaas/listeners/" + id(listenerId) + "/members/action", removeMembersBody(memberIds)));
  }

  /** A health check, empty on 404. */
  Optional<JsonObject> healthCheck(String id) {
    try {
      JsonElement body = api.get("ShowClassicHealthCheck", BASE + "/elbaas/healthcheck/" + id(id), Map.of());
      return Optional.of(unwrap(body.getAsJsonObject(), "healthcheck"));
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates a health check; its id. */
  String createHealthCheck(JsonObject body) {
    JsonObject created = unwrap(api.post("CreateClassicHealthCheck", BASE + "/elbaas/healthcheck", body)
        .getAsJsonObject(), "healthcheck");
    return Json.string(created, "id").orElseThrow(() -> malformed("CreateClassicHealthCheck", "id"));
  }

  /** Updates a health check. */
  void updateHealthCheck(String id, JsonObject body) {
    api.put("UpdateClassicHealthCheck", BASE + "/elbaas/healthcheck/" + id(id), body);
  }

  /** Deletes a health check; a 404 counts as done. */
  void deleteHealthCheck(String id) {
    try {
      api.delete("DeleteClassicHealthCheck", BASE + "/elbaas/healthcheck/" + id(id));
    } catch (CloudResourceNotFoundException e) {
      // already gone
    }
  }

  /** A job; empty on 404 (an unknown job id). */
  Optional<JsonObject> job(String jobId) {
    try {
      JsonElement body = api.get("ShowClassicJob", BASE + "/jobs/" + id(jobId), Map.of());
      return Optional.of(body.getAsJsonObject());
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  static JsonObject removeMembersBody(Collection<String> memberIds) {
    JsonArray list = new JsonArray();
    for (String id : memberIds) {
      JsonObject m = new JsonObject();
      m.addProperty("id", id);
      list.add(m);
    }
    JsonObject body = new JsonObject();
    body.add("removeMember", list);
    return body;
  }

  private static String jobId(String operation, JsonElement body) {
    if (body != null && body.isJsonObject()) {
      Optional<String> id = Json.string(body.getAsJsonObject(), "job_id");
      if (id.isPresent() && !id.get().isEmpty()) {
        return id.get();
      }
    }
    throw malformed(operation, "job_id");
  }

  private static JsonObject unwrap(JsonObject body, String key) {
    // Classic ELB answers flat objects; tolerate a wrapped one as the newer APIs send.
    return body.has(key) && body.get(key).isJsonObject() ? body.getAsJsonObject(key) : body;
  }

  private static List<JsonObject> objects(JsonElement body, String key) {
    JsonArray array;
    if (body == null || body.isJsonNull()) {
      return List.of();
    } else if (body.isJsonArray()) {
      array = body.getAsJsonArray();
    } else if (body.isJsonObject() && body.getAsJsonObject().has(key)
        && body.getAsJsonObject().get(key).isJsonArray()) {
      array = body.getAsJsonObject().getAsJsonArray(key);
    } else if (body.isJsonObject() && body.getAsJsonObject().size() == 0) {
      return List.of();
    } else {
      throw new CloudProviderException("huaweicloud: classic ELB answered a list without \"" + key + "\"");
    }
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : array) {
      if (e.isJsonObject()) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }

  private static CloudProviderException malformed(String operation, String field) {
    return new CloudProviderException("huaweicloud: " + operation + " answered without \"" + field + "\"");
  }

  private static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new CloudProviderException("huaweicloud: not a classic ELB id: \"" + id + "\"");
    }
    return id;
  }
}
