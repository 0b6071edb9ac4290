package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.vendor.client.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * ELB v2/v3, EIP v1 and ECS interfaces as the provider sees them over HTTP, kept small for unit tests: objects in
 * maps, an ELB that stays {@code PENDING_UPDATE} for {@link #pendingReads} reads after each change, an injectable
 * ERROR, failing EIP binds, and a journal of writes.
 */
final class FakeElb extends Dispatcher {
  static final String PROJECT = "0123456789abcdef0123456789abcdef";
  static final String SUBNET = "subnet-vip";
  static final String NODE_SUBNET = "subnet-node";

  final Map<String, JsonObject> lbs = new LinkedHashMap<>();
  final Map<String, JsonObject> listeners = new LinkedHashMap<>();
  final Map<String, JsonObject> pools = new LinkedHashMap<>();
  final Map<String, JsonObject> members = new LinkedHashMap<>();
  final Map<String, JsonObject> monitors = new LinkedHashMap<>();
  final Map<String, JsonObject> eips = new LinkedHashMap<>();
  final List<String> writes = new CopyOnWriteArrayList<>();
  final Map<String, Integer> pending = new LinkedHashMap<>();
  volatile int pendingReads;
  volatile String endpointSlices = "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSliceList\",\"items\":[]}";
  volatile boolean errorOnNextChange;
  volatile boolean failEipBind;
  private int ipSeq = 10;

  static HuaweiApi api(MockWebServer server) {
    return HuaweiApi.create(config(server), Clock.systemUTC(), "ccm4j-test");
  }

  static HuaweiConfig config(MockWebServer server) {
    String ini = "[Global]\nregion = cn-north-4\naccess-key = TESTACCESSKEY\nsecret-key = test-secret-key-value\n"
        + "project-id = " + PROJECT + "\nendpoint = " + server.url("/") + "\nrequest-timeout = 5s\n"
        + "[Vpc]\nid = vpc-1\nsubnet-id = " + SUBNET + "\n";
    return HuaweiConfig.parse(CloudConfig.of(ini), Map.of());
  }

  List<String> writes() {
    return List.copyOf(writes);
  }

  JsonObject eip(String portId, String bandwidthName) {
    JsonObject e = new JsonObject();
    String id = UUID.randomUUID().toString();
    e.addProperty("id", id);
    e.addProperty("public_ip_address", "100.64.0." + (ipSeq++));
    e.addProperty("bandwidth_name", bandwidthName);
    e.addProperty("port_id", portId);
    e.addProperty("status", portId == null || portId.isEmpty() ? "DOWN" : "ACTIVE");
    eips.put(id, e);
    return e;
  }

  JsonObject addLoadBalancer(String name, String version) {
    JsonObject lb = new JsonObject();
    String id = UUID.randomUUID().toString();
    lb.addProperty("id", id);
    lb.addProperty("name", name);
    lb.addProperty("provisioning_status", "ACTIVE");
    lb.addProperty("vip_address", "192.168.0." + (ipSeq++));
    lb.addProperty("vip_port_id", "port-" + id);
    lb.addProperty(version.equals("v2") ? "vip_subnet_id" : "vip_subnet_cidr_id", SUBNET);
    lb.add("eips", new JsonArray());
    lbs.put(id, lb);
    return lb;
  }

  List<JsonObject> membersOf(String poolId) {
    return members.values().stream().filter(m -> poolId.equals(Json.string(m, "pool_id").orElse("")))
        .collect(Collectors.toList());
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = request.getMethod();
    if (!path.startsWith("/apis/") && !PROJECT.equals(request.getHeaders().get("X-Project-Id"))) {
      return json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"no project\"}");
    }
    if (path.startsWith("/apis/discovery.k8s.io/v1/")) {
      return json(200, endpointSlices);
    }
    List<String> seg = List.of(path.substring(1).split("/"));
    JsonObject body = request.getBody() == null || request.getBody().size() == 0
        ? new JsonObject() : Json.parse(request.getBody().utf8());
    if (!method.equals("GET")) {
      writes.add(method + " " + path.replace("/" + PROJECT, ""));
    }
    if (seg.size() >= 3 && seg.get(0).equals("v1") && seg.get(2).equals("publicips")) {
      return publicips(method, seg, body, request);
    }
    if (seg.size() >= 5 && seg.get(0).equals("v1") && seg.get(2).equals("cloudservers")
        && seg.get(4).equals("os-interface")) {
      return json(200, "{\"interfaceAttachments\":[{\"port_state\":\"ACTIVE\",\"fixed_ips\":[{\"ip_address\":\""
          + seg.get(3).substring(3).replace('-', '.') + "\",\"subnet_id\":\"" + NODE_SUBNET + "\"}]}]}");
    }
    if (seg.size() < 4 || !seg.get(2).equals("elb")) {
      return json(404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"no such api\"}");
    }
    String version = seg.get(0);
    List<String> rest = seg.subList(3, seg.size());
    String kind = rest.get(0);
    if (kind.equals("pools") && rest.size() >= 3 && rest.get(2).equals("members")) {
      return collection(method, "members", "member", members, rest.size() > 3 ? rest.get(3) : null, body, version,
          request, rest.get(1));
    }
    Map<String, JsonObject> store = switch (kind) {
      case "loadbalancers" -> lbs;
      case "listeners" -> listeners;
      case "pools" -> pools;
      case "healthmonitors" -> monitors;
      default -> null;
    };
    if (store == null) {
      return json(404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"no such api\"}");
    }
    String singular = kind.equals("healthmonitors") ? "healthmonitor" : kind.substring(0, kind.length() - 1);
    return collection(method, kind, singular, store, rest.size() > 1 ? rest.get(1) : null, body, version, request,
        null);
  }

  private MockResponse collection(String method, String plural, String singular, Map<String, JsonObject> store,
      String id, JsonObject body, String version, RecordedRequest request, String poolId) {
    if (id == null && method.equals("GET")) {
      JsonArray items = new JsonArray();
      for (JsonObject o : store.values()) {
        if (poolId != null && !poolId.equals(Json.string(o, "pool_id").orElse(""))) {
          continue;
        }
        if (plural.equals("loadbalancers")) {
          readLb(o);
        }
        boolean ok = true;
        for (String q : List.of("name", "loadbalancer_id")) {
          String want = request.getUrl().queryParameter(q);
          if (want != null && !want.equals(Json.string(o, q).orElse(""))) {
            ok = false;
          }
        }
        if (ok) {
          items.add(o.deepCopy());
        }
      }
      JsonObject r = new JsonObject();
      r.add(plural, items);
      return json(200, r.toString());
    }
    if (id == null && method.equals("POST")) {
      JsonObject o = body.getAsJsonObject(singular).deepCopy();
      String newId = UUID.randomUUID().toString();
      o.addProperty("id", newId);
      switch (plural) {
        case "loadbalancers" -> {
          o.addProperty("provisioning_status", "PENDING_CREATE");
          pending.put(newId, pendingReads);
          o.addProperty("vip_address", "192.168.0." + (ipSeq++));
          o.addProperty("vip_port_id", "port-" + newId);
          JsonArray e = new JsonArray();
          if (o.has("publicip")) {
            JsonObject eip = eip("port-" + newId, Json.string(o, "publicip", "bandwidth", "name").orElse(""));
            JsonObject ref = new JsonObject();
            ref.addProperty("eip_id", Json.string(eip, "id").orElseThrow());
            ref.addProperty("eip_address", Json.string(eip, "public_ip_address").orElseThrow());
            e.add(ref);
            o.remove("publicip");
          }
          o.add("eips", e);
        }
        case "listeners" -> changed(Json.string(o, "loadbalancer_id").orElseThrow());
        case "pools" -> {
          JsonObject listener = listeners.get(Json.string(o, "listener_id").orElseThrow());
          String lb = Json.string(listener, "loadbalancer_id").orElseThrow();
          o.addProperty("loadbalancer_id", lb);
          JsonArray ls = new JsonArray();
          JsonObject ref = new JsonObject();
          ref.addProperty("id", Json.string(listener, "id").orElseThrow());
          ls.add(ref);
          o.add("listeners", ls);
          o.addProperty("healthmonitor_id", "");
          listener.addProperty("default_pool_id", newId);
          changed(lb);
        }
        case "members" -> {
          o.addProperty("pool_id", poolId);
          changed(Json.string(pools.get(poolId), "loadbalancer_id").orElseThrow());
        }
        case "healthmonitors" -> {
          JsonObject pool = pools.get(Json.string(o, "pool_id").orElseThrow());
          pool.addProperty("healthmonitor_id", newId);
          changed(Json.string(pool, "loadbalancer_id").orElseThrow());
        }
        default -> { }
      }
      store.put(newId, o);
      JsonObject r = new JsonObject();
      r.add(singular, o.deepCopy());
      return json(201, r.toString());
    }
    JsonObject o = store.get(id);
    if (o == null) {
      return json(404, "{\"error_code\":\"ELB.404\",\"error_msg\":\"" + singular + " not found\"}");
    }
    switch (method) {
      case "GET" -> {
        if (plural.equals("loadbalancers")) {
          readLb(o);
        }
        JsonObject r = new JsonObject();
        r.add(singular, o.deepCopy());
        return json(200, r.toString());
      }
      case "PUT" -> {
        for (Map.Entry<String, JsonElement> e : body.getAsJsonObject(singular).entrySet()) {
          o.add(e.getKey(), e.getValue());
        }
        changed(lbOf(plural, o));
        JsonObject r = new JsonObject();
        r.add(singular, o.deepCopy());
        return json(200, r.toString());
      }
      case "DELETE" -> {
        String lb = plural.equals("loadbalancers") ? null : lbOf(plural, o);
        if (plural.equals("pools") && !membersOf(id).isEmpty()) {
          return json(409, "{\"error_code\":\"ELB.409\",\"error_msg\":\"pool has members\"}");
        }
        if (plural.equals("listeners") && pools.values().stream()
            .anyMatch(p -> Json.objects(p, "listeners").stream()
                .anyMatch(r -> id.equals(Json.string(r, "id").orElse(""))))) {
          return json(409, "{\"error_code\":\"ELB.409\",\"error_msg\":\"listener has a pool\"}");
        }
        if (plural.equals("loadbalancers") && listeners.values().stream()
            .anyMatch(l -> id.equals(Json.string(l, "loadbalancer_id").orElse("")))) {
          return json(409, "{\"error_code\":\"ELB.409\",\"error_msg\":\"lb has listeners\"}");
        }
        store.remove(id);
        if (plural.equals("healthmonitors")) {
          pools.values().forEach(p -> {
            if (id.equals(Json.string(p, "healthmonitor_id").orElse(""))) {
              p.addProperty("healthmonitor_id", "");
            }
          });
        }
        if (plural.equals("pools")) {
          listeners.values().forEach(l -> {
            if (id.equals(Json.string(l, "default_pool_id").orElse(""))) {
              l.remove("default_pool_id");
            }
          });
        }
        if (lb != null) {
          changed(lb);
        }
        return new MockResponse.Builder().code(204).build();
      }
      default -> {
        return json(405, "{}");
      }
    }
  }

  private String lbOf(String plural, JsonObject o) {
    return switch (plural) {
      case "loadbalancers" -> Json.string(o, "id").orElseThrow();
      case "listeners", "pools" -> Json.string(o, "loadbalancer_id").orElseThrow();
      case "members" -> Json.string(pools.get(Json.string(o, "pool_id").orElseThrow()), "loadbalancer_id")
          .orElseThrow();
      default -> Json.string(pools.get(Json.string(o, "pool_id").orElseThrow()), "loadbalancer_id").orElseThrow();
    };
  }

  private void changed(String lbId) {
    JsonObject lb = lbs.get(lbId);
    if (lb == null) {
      return;
    }
    if (errorOnNextChange) {
      errorOnNextChange = false;
      lb.addProperty("provisioning_status", "ERROR");
      return;
    }
    lb.addProperty("provisioning_status", "PENDING_UPDATE");
    pending.put(lbId, pendingReads);
  }

  private void readLb(JsonObject lb) {
    String id = Json.string(lb, "id").orElseThrow();
    String status = Json.string(lb, "provisioning_status").orElse("");
    if (status.startsWith("PENDING")) {
      int left = pending.getOrDefault(id, 0);
      if (left <= 0) {
        lb.addProperty("provisioning_status", "ACTIVE");
      } else {
        pending.put(id, left - 1);
      }
    }
  }

  private MockResponse publicips(String method, List<String> seg, JsonObject body, RecordedRequest request) {
    if (seg.size() == 3 && method.equals("GET")) {
      String port = request.getUrl().queryParameter("port_id");
      JsonArray items = new JsonArray();
      eips.values().stream().filter(e -> port == null || port.equals(Json.string(e, "port_id").orElse("")))
          .forEach(e -> items.add(e.deepCopy()));
      JsonObject r = new JsonObject();
      r.add("publicips", items);
      return json(200, r.toString());
    }
    if (seg.size() == 3 && method.equals("POST")) {
      JsonObject e = eip(null, Json.string(body, "bandwidth", "name").orElse("shared"));
      e.addProperty("type", Json.string(body, "publicip", "type").orElse(""));
      JsonObject r = new JsonObject();
      r.add("publicip", e.deepCopy());
      return json(200, r.toString());
    }
    JsonObject e = eips.get(seg.get(3));
    if (e == null) {
      return json(404, "{\"error_code\":\"VPC.0404\",\"error_msg\":\"no such publicip\"}");
    }
    switch (method) {
      case "GET" -> {
        JsonObject r = new JsonObject();
        r.add("publicip", e.deepCopy());
        return json(200, r.toString());
      }
      case "PUT" -> {
        if (failEipBind) {
          return json(500, "{\"error_code\":\"VPC.0500\",\"error_msg\":\"bind failed\"}");
        }
        String port = Json.string(body, "publicip", "port_id").orElse("");
        e.addProperty("port_id", port);
        e.addProperty("status", port.isEmpty() ? "DOWN" : "ACTIVE");
        JsonObject r = new JsonObject();
        r.add("publicip", e.deepCopy());
        return json(200, r.toString());
      }
      case "DELETE" -> {
        eips.remove(seg.get(3));
        return new MockResponse.Builder().code(204).build();
      }
      default -> {
        return json(405, "{}");
      }
    }
  }

  List<JsonObject> listenersOf(String lbId) {
    List<JsonObject> out = new ArrayList<>();
    listeners.values().forEach(l -> {
      if (lbId.equals(Json.string(l, "loadbalancer_id").orElse(""))) {
        out.add(l);
      }
    });
    return out;
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }
}
