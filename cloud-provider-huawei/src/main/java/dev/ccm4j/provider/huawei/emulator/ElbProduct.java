package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The ELB product of the emulator: shared ELB v2 ({@code /v2/{project_id}/elb/...}) and dedicated ELB v3
 * ({@code /v3/{project_id}/elb/...}) over one {@link ElbStore}, so a listener created through v3 on a shared load
 * balancer is seen through v2 and the other way round. Collections: {@code loadbalancers}, {@code listeners},
 * {@code pools}, {@code pools/{id}/members}, {@code healthmonitors}, plus v3 {@code availability-zones} and
 * {@code flavors}. Bodies and answers use the singular key for one object and the plural key for lists; v3 answers
 * carry {@code request_id} and lists {@code page_info}; v3 list filters are arrays (a repeated query parameter).
 * Journal labels are
 * {@code ELB.<v2|v3>.<Verb><Object>}, e.g. {@code ELB.v2.CreateLoadBalancer}, {@code ELB.v3.ListListeners},
 * {@code ELB.v2.DeleteMember}, {@code ELB.v3.UpdateHealthMonitor}.
 */
final class ElbProduct implements ProductRoutes {
  private static final Map<String, String> NOUNS = Map.of("loadbalancers", "LoadBalancer", "listeners", "Listener",
      "pools", "Pool", "members", "Member", "healthmonitors", "HealthMonitor");
  private static final Map<String, String> SINGULAR = Map.of("loadbalancers", "loadbalancer", "listeners",
      "listener", "pools", "pool", "members", "member", "healthmonitors", "healthmonitor");
  /** Filter keys that name a relation, rendered as a reference list. */
  private static final Map<String, String> REF_FILTERS = Map.of("loadbalancer_id", "loadbalancers",
      "listener_id", "listeners", "pool_id", "pools");
  private static final Set<String> NOT_FILTERS = Set.of("limit", "marker", "page_reverse", "fields",
      "enterprise_project_id");
  private static final int MAX_LIMIT = 2000;

  private final HuaweiState state;
  private final ElbStore store;
  private final ElbJson json;

  /**
   * Creates the product over the emulator's state.
   *
   * @param state the shared account state (subnets, ports, EIPs, clock, provisioning delay)
   */
  ElbProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
    this.store = new ElbStore(state);
    this.json = new ElbJson(store);
  }

  /** The request's place in the API: version, collection, ids and verb. */
  private record Route(ElbVersion version, String collection, String id, String memberId, String verb) {
    String label() {
      String noun = NOUNS.get(collection);
      return "ELB." + version.segment() + "." + verb + noun + (verb.equals("List") ? "s" : "");
    }
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    if (isZones(call)) {
      return Optional.of("ELB.v3.ListAvailabilityZones");
    }
    if (isFlavors(call)) {
      return Optional.of("ELB.v3.ListFlavors");
    }
    return route(call).map(Route::label);
  }

  private static boolean isZones(HuaweiCall call) {
    return call.method().equals("GET") && call.matches("v3", "elb", "availability-zones");
  }

  private static boolean isFlavors(HuaweiCall call) {
    return call.method().equals("GET") && call.matches("v3", "elb", "flavors");
  }

  private static Optional<Route> route(HuaweiCall call) {
    List<String> s = call.segments();
    if (s.size() < 4 || s.size() > 7 || !s.get(2).equals("elb")) {
      return Optional.empty();
    }
    ElbVersion v = ElbVersion.of(s.get(0));
    String collection = s.get(3);
    if (v == null || !NOUNS.containsKey(collection) || collection.equals("members")) {
      return Optional.empty();
    }
    String method = call.method();
    String verb = null;
    String id = null;
    String memberId = null;
    if (s.size() == 4) {
      verb = method.equals("POST") ? "Create" : method.equals("GET") ? "List" : null;
    } else if (s.size() == 5) {
      id = s.get(4);
      verb = itemVerb(method);
    } else if (collection.equals("pools") && s.get(5).equals("members")) {
      id = s.get(4);
      collection = "members";
      if (s.size() == 6) {
        verb = method.equals("POST") ? "Create" : method.equals("GET") ? "List" : null;
      } else {
        memberId = s.get(6);
        verb = itemVerb(method);
      }
    }
    return verb == null ? Optional.empty() : Optional.of(new Route(v, collection, id, memberId, verb));
  }

  private static String itemVerb(String method) {
    return switch (method) {
      case "GET" -> "Show";
      case "PUT" -> "Update";
      case "DELETE" -> "Delete";
      default -> null;
    };
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    if (isZones(call)) {
      return availabilityZones();
    }
    if (isFlavors(call)) {
      return list(ElbVersion.V3, call, "flavors", store.flavors(), this::flavor);
    }
    Route r = route(call).orElseThrow(() -> new HuaweiApiError(404, "APIGW.0101",
        "The API does not exist or has not been published in the environment"));
    synchronized (state.lock()) {
      return switch (r.collection()) {
        case "loadbalancers" -> loadBalancers(r, call);
        case "listeners" -> listeners(r, call);
        case "pools" -> pools(r, call);
        case "members" -> members(r, call);
        default -> healthMonitors(r, call);
      };
    }
  }

  private EmulatorResponse loadBalancers(Route r, HuaweiCall call) {
    ElbVersion v = r.version();
    return switch (r.verb()) {
      case "Create" -> one(v, 201, "loadbalancer",
          json.loadBalancer(store.createLoadBalancer(v, body(call, "loadbalancer")), v));
      case "List" -> list(v, call, "loadbalancers", store.loadBalancers(), lb -> json.loadBalancer(lb, v));
      case "Show" -> one(v, 200, "loadbalancer", json.loadBalancer(store.loadBalancer(r.id()), v));
      case "Update" -> one(v, 200, "loadbalancer",
          json.loadBalancer(store.updateLoadBalancer(v, r.id(), body(call, "loadbalancer")), v));
      default -> {
        store.deleteLoadBalancer(r.id());
        yield EmulatorResponse.empty(204);
      }
    };
  }

  private EmulatorResponse listeners(Route r, HuaweiCall call) {
    ElbVersion v = r.version();
    return switch (r.verb()) {
      case "Create" -> one(v, 201, "listener", json.listener(store.createListener(v, body(call, "listener")), v));
      case "List" -> list(v, call, "listeners", store.listeners(), l -> json.listener(l, v));
      case "Show" -> one(v, 200, "listener", json.listener(store.listener(r.id()), v));
      case "Update" -> one(v, 200, "listener",
          json.listener(store.updateListener(r.id(), body(call, "listener")), v));
      default -> {
        store.deleteListener(r.id());
        yield EmulatorResponse.empty(204);
      }
    };
  }

  private EmulatorResponse pools(Route r, HuaweiCall call) {
    ElbVersion v = r.version();
    return switch (r.verb()) {
      case "Create" -> one(v, 201, "pool", json.pool(store.createPool(v, body(call, "pool")), v));
      case "List" -> list(v, call, "pools", store.pools(), p -> json.pool(p, v));
      case "Show" -> one(v, 200, "pool", json.pool(store.pool(r.id()), v));
      case "Update" -> one(v, 200, "pool", json.pool(store.updatePool(r.id(), body(call, "pool")), v));
      default -> {
        store.deletePool(r.id());
        yield EmulatorResponse.empty(204);
      }
    };
  }

  private EmulatorResponse members(Route r, HuaweiCall call) {
    ElbVersion v = r.version();
    return switch (r.verb()) {
      case "Create" -> one(v, 201, "member", json.member(store.createMember(v, r.id(), body(call, "member")), v));
      case "List" -> {
        store.pool(r.id());
        yield list(v, call, "members", store.membersOf(r.id()), m -> json.member(m, v));
      }
      case "Show" -> one(v, 200, "member", json.member(store.member(r.id(), r.memberId()), v));
      case "Update" -> one(v, 200, "member",
          json.member(store.updateMember(r.id(), r.memberId(), body(call, "member")), v));
      default -> {
        store.deleteMember(r.id(), r.memberId());
        yield EmulatorResponse.empty(204);
      }
    };
  }

  private EmulatorResponse healthMonitors(Route r, HuaweiCall call) {
    ElbVersion v = r.version();
    return switch (r.verb()) {
      case "Create" -> one(v, 201, "healthmonitor",
          json.healthMonitor(store.createHealthMonitor(v, body(call, "healthmonitor")), v));
      case "List" -> list(v, call, "healthmonitors", store.healthMonitors(), hm -> json.healthMonitor(hm, v));
      case "Show" -> one(v, 200, "healthmonitor", json.healthMonitor(store.healthMonitor(r.id()), v));
      case "Update" -> one(v, 200, "healthmonitor",
          json.healthMonitor(store.updateHealthMonitor(v, r.id(), body(call, "healthmonitor")), v));
      default -> {
        store.deleteHealthMonitor(r.id());
        yield EmulatorResponse.empty(204);
      }
    };
  }

  private static JsonObject body(HuaweiCall call, String key) {
    return ElbFields.wrapped(call.body(), key);
  }

  private EmulatorResponse one(ElbVersion v, int status, String key, JsonObject item) {
    JsonObject o = new JsonObject();
    o.add(key, item);
    return withRequestId(v, status, o);
  }

  /** v3 bodies carry the request id; it is the one in the {@code X-Request-Id} header too. */
  private static EmulatorResponse withRequestId(ElbVersion v, int status, JsonObject body) {
    if (v != ElbVersion.V3) {
      return EmulatorResponse.json(status, body);
    }
    String requestId = HuaweiDialect.requestId();
    body.addProperty("request_id", requestId);
    return EmulatorResponse.json(status, body).header("X-Request-Id", requestId);
  }

  private <T> EmulatorResponse list(ElbVersion v, HuaweiCall call, String key, List<T> items,
      Function<T, JsonObject> render) {
    List<JsonObject> all = new ArrayList<>();
    for (T item : items) {
      JsonObject o = render.apply(item);
      if (matches(call, o)) {
        all.add(o);
      }
    }
    int limit = call.query("limit").map(ElbProduct::limit).orElse(MAX_LIMIT);
    Optional<String> marker = call.query("marker").filter(s -> !s.isBlank());
    boolean reverse = call.query("page_reverse").map(Boolean::parseBoolean).orElse(false);
    int from = 0;
    int to = all.size();
    if (marker.isPresent()) {
      int at = indexOf(all, marker.get());
      if (at < 0) {
        throw ElbFields.invalid("Invalid input for field/attribute marker. Value: " + marker.get()
            + ". No such item in this list.");
      }
      if (reverse) {
        to = at;
      } else {
        from = at + 1;
      }
    }
    List<JsonObject> page = reverse ? all.subList(Math.max(from, to - limit), to)
        : all.subList(from, Math.min(to, from + limit));
    boolean more = reverse ? to - page.size() > from : from + page.size() < to;
    JsonArray array = new JsonArray();
    page.forEach(array::add);
    JsonObject out = new JsonObject();
    out.add(key, array);
    if (v == ElbVersion.V3) {
      JsonObject info = new JsonObject();
      info.addProperty("previous_marker", page.isEmpty() ? null : page.get(0).get("id").getAsString());
      info.addProperty("current_count", page.size());
      info.addProperty("next_marker", more && !page.isEmpty() ? page.get(page.size() - 1).get("id").getAsString()
          : null);
      out.add("page_info", info);
    } else {
      JsonArray links = new JsonArray();
      if (more && !page.isEmpty()) {
        JsonObject next = new JsonObject();
        next.addProperty("rel", "next");
        next.addProperty("href", call.path() + "?limit=" + limit + "&marker="
            + page.get(page.size() - 1).get("id").getAsString());
        links.add(next);
      }
      out.add(key + "_links", links);
    }
    return withRequestId(v, 200, out);
  }

  private static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ElbFields.invalid("Invalid input for field/attribute limit. Value: " + text + ". It must be 1.."
        + MAX_LIMIT + ".");
  }

  private static int indexOf(List<JsonObject> items, String id) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(items.get(i).get("id").getAsString())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether a rendered object passes every filter of the query: a filter names a field of the object and lists
   * the accepted values (v3 sends several by repeating the parameter); relation filters such as
   * {@code loadbalancer_id} match the reference lists. Keys the object does not have are ignored, as the paging
   * keys are.
   */
  private static boolean matches(HuaweiCall call, JsonObject o) {
    for (String key : call.request().query().keySet()) {
      if (NOT_FILTERS.contains(key)) {
        continue;
      }
      List<String> values = call.queryAll(key);
      if (!fieldMatches(o, key, values)) {
        return false;
      }
    }
    return true;
  }

  private static boolean fieldMatches(JsonObject o, String key, List<String> values) {
    JsonElement e = o.get(key);
    if ((e == null || !e.isJsonPrimitive()) && REF_FILTERS.containsKey(key) && o.has(REF_FILTERS.get(key))) {
      for (JsonElement ref : o.getAsJsonArray(REF_FILTERS.get(key))) {
        if (values.contains(ref.getAsJsonObject().get("id").getAsString())) {
          return true;
        }
      }
      return false;
    }
    if (e == null || e.isJsonObject()) {
      return true;
    }
    if (e.isJsonNull()) {
      return values.contains("");
    }
    if (e.isJsonArray()) {
      for (JsonElement item : e.getAsJsonArray()) {
        if (item.isJsonPrimitive() && values.contains(item.getAsString())) {
          return true;
        }
      }
      return false;
    }
    return values.contains(e.getAsString());
  }

  private JsonObject flavor(ElbStore.Flavor f) {
    JsonObject o = new JsonObject();
    o.addProperty("id", f.id());
    o.addProperty("name", f.name());
    o.addProperty("type", f.type());
    o.addProperty("shared", true);
    o.addProperty("project_id", "admin");
    o.addProperty("flavor_sold_out", false);
    int scale = f.name().endsWith("large") ? 4 : f.name().endsWith("medium") ? 2 : 1;
    JsonObject info = new JsonObject();
    info.addProperty("connection", 500000 * scale);
    info.addProperty("cps", 10000 * scale);
    info.addProperty("bandwidth", 50000 * scale);
    if (f.type().startsWith("L7")) {
      info.addProperty("qps", 10000 * scale);
    }
    o.add("info", info);
    return o;
  }

  private EmulatorResponse availabilityZones() {
    JsonArray set = new JsonArray();
    for (String zone : state.availabilityZones()) {
      JsonObject z = new JsonObject();
      z.addProperty("code", zone);
      z.addProperty("state", "ACTIVE");
      z.add("protocol", ElbFields.array(List.of("L4", "L7")));
      z.addProperty("public_border_group", "center");
      z.addProperty("category", 0);
      set.add(z);
    }
    JsonArray sets = new JsonArray();
    sets.add(set);
    JsonObject out = new JsonObject();
    out.add("availability_zones", sets);
    return withRequestId(ElbVersion.V3, 200, out);
  }

  // ------------------------------------------------------------------ control API and fault hooks

  /**
   * Forces a load balancer into {@code provisioning_status: ERROR} at once (what a real ELB shows when a change
   * failed). The next successful mutation under it (update, listener, pool, member or monitor change) or
   * {@link #clearError} brings it back; deleting it is allowed.
   *
   * @param lbId the load balancer id
   * @throws java.util.NoSuchElementException when unknown
   */
  void forceError(String lbId) {
    synchronized (state.lock()) {
      store.forceError(lbId);
    }
  }

  /**
   * Takes a load balancer out of ERROR, ACTIVE at once.
   *
   * @param lbId the load balancer id
   * @throws java.util.NoSuchElementException when unknown
   */
  void clearError(String lbId) {
    synchronized (state.lock()) {
      store.clearError(lbId);
    }
  }

  /**
   * Makes the next {@code count} provisioning windows (of any load balancer, after a create or any change under it)
   * end in ERROR instead of ACTIVE; 0 turns it off. Lets a test make the ELB the provider is about to create fail
   * without knowing its id.
   *
   * @param count how many
   * @throws IllegalArgumentException when negative
   */
  void failNextProvisioning(int count) {
    synchronized (state.lock()) {
      store.failNextProvisioning(count);
    }
  }

  /**
   * The control API's {@code POST /_ccm4j/load-balancers}: creates an ACTIVE load balancer as a user does in the
   * console, for tests of reusing an existing ELB through {@code kubernetes.io/elb.id}.
   *
   * @param body {@code {"class": "shared"|"dedicated", "name": ..., "subnet_id": <neutron subnet id, optional>,
   *     "availability_zones": [..., optional]}}
   * @return {@code {"id", "name", "class", "vip_address", "vip_port_id", "vip_subnet_id"}}
   * @throws IllegalArgumentException when a field is missing or wrong
   */
  JsonObject createForControl(JsonObject body) {
    String cls = controlString(body, "class").orElseThrow(() ->
        new IllegalArgumentException("'class' is required: shared or dedicated"));
    if (!cls.equals("shared") && !cls.equals("dedicated")) {
      throw new IllegalArgumentException("'class' must be shared or dedicated, got " + cls);
    }
    String name = controlString(body, "name").orElse("console-elb");
    String subnetId = controlString(body, "subnet_id").orElse(null);
    List<String> zones = new ArrayList<>();
    JsonElement z = body.get("availability_zones");
    if (z != null && !z.isJsonNull()) {
      if (!z.isJsonArray()) {
        throw new IllegalArgumentException("'availability_zones' must be an array of strings");
      }
      z.getAsJsonArray().forEach(e -> zones.add(e.getAsString()));
    }
    synchronized (state.lock()) {
      ElbLoadBalancer lb = store.createActive(cls.equals("dedicated"), name, subnetId, zones);
      JsonObject out = new JsonObject();
      out.addProperty("id", lb.id);
      out.addProperty("name", lb.name);
      out.addProperty("class", cls);
      out.addProperty("vip_address", lb.vipAddress);
      out.addProperty("vip_port_id", lb.vipPortId);
      out.addProperty("vip_subnet_id", lb.vipSubnetId);
      return out;
    }
  }

  private static Optional<String> controlString(JsonObject body, String key) {
    JsonElement e = body.get(key);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("'" + key + "' must be a string");
    }
    return Optional.of(e.getAsString()).filter(s -> !s.isBlank());
  }

  /**
   * Every load balancer for the control API: VIP and EIP addresses, listeners (backend port from the default
   * pool's first member), every member as a backend, and tags {@code class}, {@code provisioning_status},
   * {@code vip_port_id}.
   */
  @Override
  public List<ControlLoadBalancer> loadBalancers() {
    synchronized (state.lock()) {
      List<ControlLoadBalancer> out = new ArrayList<>();
      for (ElbLoadBalancer lb : store.loadBalancers()) {
        ControlLoadBalancer.Builder b = ControlLoadBalancer.builder().id(lb.id).name(lb.name);
        if (lb.vipAddress != null) {
          b.addAddress(lb.vipAddress);
          state.eips().byPort(lb.vipPortId).forEach(e -> b.addAddress(e.publicIpAddress()));
        }
        for (ElbListener l : store.listenersOf(lb.id)) {
          int backendPort = l.defaultPoolId == null ? 0
              : store.membersOf(l.defaultPoolId).stream().findFirst().map(m -> m.protocolPort).orElse(0);
          String protocol = l.protocol.equals("TERMINATED_HTTPS") ? "https" : l.protocol.toLowerCase(Locale.ROOT);
          b.addListener(new ControlListener(protocol, l.protocolPort, backendPort));
        }
        for (ElbPool p : store.poolsOf(lb.id)) {
          for (ElbMember m : store.membersOf(p.id)) {
            String instance = state.serverByIp(m.address).map(Server::id).orElse("");
            b.addBackend(new ControlBackend(instance, m.address, m.protocolPort, m.weight));
          }
        }
        b.tag("class", lb.dedicated ? "dedicated" : "shared");
        b.tag("provisioning_status", store.provisioningStatus(lb));
        if (lb.vipPortId != null) {
          b.tag("vip_port_id", lb.vipPortId);
        }
        out.add(b.build());
      }
      return out;
    }
  }
}
