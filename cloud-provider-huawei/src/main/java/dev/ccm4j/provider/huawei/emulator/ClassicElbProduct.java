package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classic ELB v1.0 ({@code /v1.0/{project_id}/elbaas/...}) with its jobs ({@code /v1.0/{project_id}/jobs/{id}}).
 *
 * <p>As the real API: bodies are flat objects, the listener and member lists are bare arrays, "add members" takes a
 * bare array, and load balancer create/delete and member add/remove answer {@code {"uri","job_id"}}. Effects are
 * applied when the job is accepted; the job reads {@code INIT}, then {@code RUNNING}, and {@code SUCCESS} once the
 * emulator's provisioning delay has passed on its clock. Until then a new load balancer is {@code PENDING_CREATE}
 * (listeners cannot be added) and new members are {@code PENDING}. A member add naming a server or address that
 * does not exist, or a remove naming an unknown member, is accepted as a job that ends in {@code FAIL} (with
 * {@code error_code} and {@code fail_reason}) and changes nothing, as the real service reports such failures.
 * Errors are {@code {"error":{"code","message"}}}; a listener on a taken port is 400 {@value #LISTENER_EXISTS}.
 */
final class ClassicElbProduct implements ProductRoutes {
  /** A listener already uses the port. */
  static final String LISTENER_EXISTS = "ELB.6101";
  /** Request parameters invalid. */
  static final String INVALID = "ELB.1001";
  /** Not found (the emulator's choice of code for its 404s). */
  static final String NOT_FOUND = "ELB.1003";
  /** The load balancer is not ACTIVE yet. */
  static final String NOT_ACTIVE = "ELB.1005";
  /** The job failure code for members that do not exist. */
  static final String MEMBER_FAILED = "ELB.8902";

  private static final String V = "v1.0";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final Pattern NAME = Pattern.compile("[\\p{L}0-9_-]{1,64}");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "HTTP", "HTTPS");
  private static final Set<String> ALGORITHMS = Set.of("roundrobin", "leastconn", "source");

  private final HuaweiState state;
  private final Map<String, JsonObject> loadBalancers = new LinkedHashMap<>();
  private final Map<String, JsonObject> listeners = new LinkedHashMap<>();
  /** listener id -> member id -> member. */
  private final Map<String, Map<String, JsonObject>> members = new LinkedHashMap<>();
  private final Map<String, JsonObject> healthChecks = new LinkedHashMap<>();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** load balancer id -> the job creating it. */
  private final Map<String, String> creating = new LinkedHashMap<>();
  /** member id -> the job adding it. */
  private final Map<String, String> adding = new LinkedHashMap<>();

  /**
   * Creates the product.
   *
   * @param state the emulator's shared state
   */
  ClassicElbProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    List<String> s = call.segments();
    if (s.size() < 3 || !s.get(0).equals(V)) {
      return Optional.empty();
    }
    String m = call.method();
    if (call.matches(V, "jobs", "*")) {
      return m.equals("GET") ? Optional.of("ShowClassicJob") : Optional.empty();
    }
    if (!s.get(2).equals("elbaas")) {
      return Optional.empty();
    }
    if (call.matches(V, "elbaas", "loadbalancers")) {
      return switch (m) {
        case "GET" -> Optional.of("ListClassicLoadBalancers");
        case "POST" -> Optional.of("CreateClassicLoadBalancer");
        default -> Optional.empty();
      };
    }
    if (call.matches(V, "elbaas", "loadbalancers", "*")) {
      return switch (m) {
        case "GET" -> Optional.of("ShowClassicLoadBalancer");
        case "DELETE" -> Optional.of("DeleteClassicLoadBalancer");
        default -> Optional.empty();
      };
    }
    if (call.matches(V, "elbaas", "listeners")) {
      return switch (m) {
        case "GET" -> Optional.of("ListClassicListeners");
        case "POST" -> Optional.of("CreateClassicListener");
        default -> Optional.empty();
      };
    }
    if (call.matches(V, "elbaas", "listeners", "*")) {
      return switch (m) {
        case "GET" -> Optional.of("ShowClassicListener");
        case "PUT" -> Optional.of("UpdateClassicListener");
        case "DELETE" -> Optional.of("DeleteClassicListener");
        default -> Optional.empty();
      };
    }
    if (call.matches(V, "elbaas", "listeners", "*", "members")) {
      return switch (m) {
        case "GET" -> Optional.of("ListClassicMembers");
        case "POST" -> Optional.of("AddClassicMembers");
        default -> Optional.empty();
      };
    }
    if (call.matches(V, "elbaas", "listeners", "*", "members", "action")) {
      return m.equals("POST") ? Optional.of("RemoveClassicMembers") : Optional.empty();
    }
    if (call.matches(V, "elbaas", "healthcheck")) {
      return m.equals("POST") ? Optional.of("CreateClassicHealthCheck") : Optional.empty();
    }
    if (call.matches(V, "elbaas", "healthcheck", "*")) {
      return switch (m) {
        case "GET" -> Optional.of("ShowClassicHealthCheck");
        case "PUT" -> Optional.of("UpdateClassicHealthCheck");
        case "DELETE" -> Optional.of("DeleteClassicHealthCheck");
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    String op = operation(call).orElseThrow();
    synchronized (state.lock()) {
      return switch (op) {
        case "ShowClassicJob" -> ok(job(segment(call, 3)));
        case "ListClassicLoadBalancers" -> ok(listLoadBalancers(call));
        case "CreateClassicLoadBalancer" -> ok(createLoadBalancer(call.body(), call.projectId()));
        case "ShowClassicLoadBalancer" -> ok(loadBalancerJson(requireLb(segment(call, 4))));
        case "DeleteClassicLoadBalancer" -> ok(deleteLoadBalancer(segment(call, 4), call.projectId()));
        case "ListClassicListeners" -> ok(listListeners(call));
        case "CreateClassicListener" -> ok(createListener(call.body()));
        case "ShowClassicListener" -> ok(listenerJson(requireListener(segment(call, 4))));
        case "UpdateClassicListener" -> ok(updateListener(segment(call, 4), call.body()));
        case "DeleteClassicListener" -> {
          deleteListener(segment(call, 4));
          yield EmulatorResponse.empty(204);
        }
        case "ListClassicMembers" -> ok(listMembers(segment(call, 4)));
        case "AddClassicMembers" -> ok(addMembers(segment(call, 4), array(call), call.projectId()));
        case "RemoveClassicMembers" -> ok(removeMembers(segment(call, 4), call.body(), call.projectId()));
        case "CreateClassicHealthCheck" -> ok(createHealthCheck(call.body()));
        case "ShowClassicHealthCheck" -> ok(requireHealthCheck(segment(call, 4)).deepCopy());
        case "UpdateClassicHealthCheck" -> ok(updateHealthCheck(segment(call, 4), call.body()));
        case "DeleteClassicHealthCheck" -> {
          deleteHealthCheck(segment(call, 4));
          yield EmulatorResponse.empty(204);
        }
        default -> throw new IllegalStateException(op);
      };
    }
  }

  @Override
  public List<ControlLoadBalancer> loadBalancers() {
    synchronized (state.lock()) {
      List<ControlLoadBalancer> out = new ArrayList<>();
      for (JsonObject lb : loadBalancers.values()) {
        String id = str(lb, "id");
        ControlLoadBalancer.Builder b = ControlLoadBalancer.builder().id(id).name(str(lb, "name"))
            .tag("class", "elasticity");
        if (!str(lb, "vip_address").isEmpty()) {
          b.addAddress(str(lb, "vip_address"));
        }
        for (JsonObject l : listeners.values()) {
          if (!id.equals(str(l, "loadbalancer_id"))) {
            continue;
          }
          int backendPort = l.get("backend_port").getAsInt();
          b.addListener(new ControlListener(str(l, "protocol"), l.get("port").getAsInt(), backendPort));
          for (JsonObject m : members.getOrDefault(str(l, "id"), Map.of()).values()) {
            b.addBackend(new ControlBackend(str(m, "server_id"), str(m, "server_address"), backendPort, 1));
          }
        }
        out.add(b.build());
      }
      return out;
    }
  }

  /** Every classic load balancer, as ShowClassicLoadBalancer answers it (for tests). */
  List<JsonObject> loadBalancerList() {
    synchronized (state.lock()) {
      return loadBalancers.values().stream().map(this::loadBalancerJson).toList();
    }
  }

  /** The listeners of a load balancer (for tests). */
  List<JsonObject> listenersOf(String loadBalancerId) {
    synchronized (state.lock()) {
      return listeners.values().stream().filter(l -> loadBalancerId.equals(str(l, "loadbalancer_id")))
          .map(this::listenerJson).toList();
    }
  }

  /** The members of a listener (for tests). */
  List<JsonObject> membersOf(String listenerId) {
    synchronized (state.lock()) {
      return listMembersList(listenerId);
    }
  }

  /** A health check (for tests). */
  Optional<JsonObject> healthCheckOf(String id) {
    synchronized (state.lock()) {
      return Optional.ofNullable(healthChecks.get(id)).map(JsonObject::deepCopy);
    }
  }

  // ---- load balancers

  private JsonObject listLoadBalancers(HuaweiCall call) {
    JsonArray out = new JsonArray();
    Optional<String> vpc = call.query("vpc_id");
    Optional<String> name = call.query("name");
    for (JsonObject lb : loadBalancers.values()) {
      if (vpc.isPresent() && !vpc.get().equals(str(lb, "vpc_id"))) {
        continue;
      }
      if (name.isPresent() && !name.get().equals(str(lb, "name"))) {
        continue;
      }
      out.add(loadBalancerJson(lb));
    }
    JsonObject o = new JsonObject();
    o.add("loadbalancers", out);
    o.addProperty("instance_num", Integer.toString(out.size()));
    return o;
  }

  private JsonObject createLoadBalancer(JsonObject body, String project) {
    String name = str(body, "name");
    if (!NAME.matcher(name).matches()) {
      throw invalid("name must be 1-64 letters, digits, _ or -");
    }
    String description = str(body, "description");
    if (description.length() > 128 || description.contains("<") || description.contains(">")) {
      throw invalid("description must be at most 128 characters without < or >");
    }
    String vpc = str(body, "vpc_id");
    if (!vpc.equals(state.vpcId())) {
      throw invalid("vpc_id " + vpc + " does not exist");
    }
    String type = str(body, "type");
    JsonObject lb = new JsonObject();
    String id = state.hex(32);
    lb.addProperty("id", id);
    lb.addProperty("name", name);
    lb.addProperty("description", description);
    lb.addProperty("vpc_id", vpc);
    lb.addProperty("type", type);
    lb.addProperty("admin_state_up", 1);
    switch (type) {
      case "Internal" -> {
        String subnetId = str(body, "vip_subnet_id");
        Subnet subnet = state.subnetByAnyId(subnetId).orElseThrow(
            () -> invalid("vip_subnet_id " + subnetId + " does not exist"));
        String ip = str(body, "vip_address");
        if (ip.isEmpty()) {
          ip = subnet.allocateIp();
        } else {
          if (!subnet.contains(ip)) {
            throw invalid("vip_address " + ip + " is not in subnet " + subnetId);
          }
          try {
            subnet.reserve(ip);
          } catch (IllegalArgumentException | IllegalStateException e) {
            throw invalid("vip_address " + ip + " is in use");
          }
        }
        lb.addProperty("vip_subnet_id", subnetId);
        lb.addProperty("vip_address", ip);
        if (!str(body, "security_group_id").isEmpty()) {
          lb.addProperty("security_group_id", str(body, "security_group_id"));
        }
        if (!str(body, "az").isEmpty()) {
          lb.addProperty("az", str(body, "az"));
        }
      }
      case "External" -> {
        int bandwidth = body.has("bandwidth") ? body.get("bandwidth").getAsInt() : 0;
        if (bandwidth < 1 || bandwidth > 1000) {
          throw invalid("bandwidth must be 1-1000 for an External load balancer");
        }
        String chargeMode = str(body, "charge_mode").isEmpty() ? "traffic" : str(body, "charge_mode");
        Eip eip = state.eips().create("5_bgp", bandwidth, "PER", chargeMode, name);
        lb.addProperty("bandwidth", bandwidth);
        lb.addProperty("vip_address", eip.publicIpAddress());
        lb.addProperty("eip_id", eip.id());
      }
      default -> throw invalid("type must be Internal or External");
    }
    String now = now();
    lb.addProperty("create_time", now);
    lb.addProperty("update_time", now);
    loadBalancers.put(id, lb);
    JsonObject entities = new JsonObject();
    JsonObject elb = new JsonObject();
    elb.addProperty("id", id);
    entities.add("elb", elb);
    Job job = newJob("CreateElb", "SUCCESS", "", "", entities);
    creating.put(id, job.id);
    return jobAnswer(job, project);
  }

  private JsonObject deleteLoadBalancer(String id, String project) {
    JsonObject lb = requireLb(id);
    loadBalancers.remove(id);
    creating.remove(id);
    for (JsonObject l : new ArrayList<>(listeners.values())) {
      if (id.equals(str(l, "loadbalancer_id"))) {
        deleteListener(str(l, "id"));
      }
    }
    if (!str(lb, "eip_id").isEmpty()) {
      state.eips().delete(str(lb, "eip_id"));
    } else if (!str(lb, "vip_subnet_id").isEmpty()) {
      state.subnetByAnyId(str(lb, "vip_subnet_id")).ifPresent(s -> s.release(str(lb, "vip_address")));
    }
    return jobAnswer(newJob("DeleteElb", "SUCCESS", "", "", new JsonObject()), project);
  }

  private JsonObject loadBalancerJson(JsonObject lb) {
    JsonObject o = lb.deepCopy();
    o.remove("eip_id");
    o.addProperty("status", running(creating.get(str(lb, "id"))) ? "PENDING_CREATE" : "ACTIVE");
    return o;
  }

  private JsonObject requireLb(String id) {
    JsonObject lb = loadBalancers.get(id);
    if (lb == null) {
      throw notFound("loadbalancer", id);
    }
    return lb;
  }

  // ---- listeners

  private JsonArray listListeners(HuaweiCall call) {
    Optional<String> lb = call.query("loadbalancer_id");
    JsonArray out = new JsonArray();
    for (JsonObject l : listeners.values()) {
      if (lb.isEmpty() || lb.get().equals(str(l, "loadbalancer_id"))) {
        out.add(listenerJson(l));
      }
    }
    return out;
  }

  private JsonObject createListener(JsonObject body) {
    String lbId = str(body, "loadbalancer_id");
    JsonObject lb = loadBalancers.get(lbId);
    if (lb == null) {
      throw invalid("loadbalancer_id " + lbId + " does not exist");
    }
    if (running(creating.get(lbId))) {
      throw new HuaweiApiError(400, NOT_ACTIVE, "Lb status is not active.", HuaweiApiError.Shape.ECS);
    }
    String name = str(body, "name");
    if (!NAME.matcher(name).matches()) {
      throw invalid("listener name must be 1-64 letters, digits, _ or -");
    }
    String protocol = str(body, "protocol").toUpperCase(Locale.ROOT);
    String backendProtocol = str(body, "backend_protocol").toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol) || !PROTOCOLS.contains(backendProtocol)) {
      throw invalid("protocol and backend_protocol must be one of " + PROTOCOLS);
    }
    int port = port(body, "port");
    int backendPort = port(body, "backend_port");
    String algorithm = str(body, "lb_algorithm");
    if (!ALGORITHMS.contains(algorithm)) {
      throw invalid("lb_algorithm must be one of " + ALGORITHMS);
    }
    boolean udp = protocol.equals("UDP");
    for (JsonObject l : listeners.values()) {
      if (lbId.equals(str(l, "loadbalancer_id")) && l.get("port").getAsInt() == port
          && str(l, "protocol").equals("UDP") == udp) {
        throw new HuaweiApiError(400, LISTENER_EXISTS, "listener exist, the port repeat", HuaweiApiError.Shape.ECS);
      }
    }
    JsonObject l = new JsonObject();
    String id = state.hex(32);
    String now = now();
    l.addProperty("id", id);
    l.addProperty("name", name);
    l.addProperty("description", str(body, "description"));
    l.addProperty("loadbalancer_id", lbId);
    l.addProperty("protocol", protocol);
    l.addProperty("port", port);
    l.addProperty("backend_protocol", backendProtocol);
    l.addProperty("backend_port", backendPort);
    l.addProperty("lb_algorithm", algorithm);
    l.addProperty("admin_state_up", true);
    l.addProperty("session_sticky", body.has("session_sticky") && body.get("session_sticky").getAsBoolean());
    l.addProperty("status", "ACTIVE");
    l.addProperty("create_time", now);
    l.addProperty("update_time", now);
    listeners.put(id, l);
    members.put(id, new LinkedHashMap<>());
    return listenerJson(l);
  }

  private JsonObject updateListener(String id, JsonObject body) {
    JsonObject l = requireListener(id);
    if (body.has("backend_port")) {
      l.addProperty("backend_port", port(body, "backend_port"));
    }
    if (body.has("lb_algorithm")) {
      String algorithm = str(body, "lb_algorithm");
      if (!ALGORITHMS.contains(algorithm)) {
        throw invalid("lb_algorithm must be one of " + ALGORITHMS);
      }
      l.addProperty("lb_algorithm", algorithm);
    }
    for (String k : List.of("name", "description")) {
      if (body.has(k)) {
        l.addProperty(k, str(body, k));
      }
    }
    l.addProperty("update_time", now());
    return listenerJson(l);
  }

  private void deleteListener(String id) {
    JsonObject l = requireListener(id);
    listeners.remove(id);
    Map<String, JsonObject> gone = members.remove(id);
    if (gone != null) {
      gone.keySet().forEach(adding::remove);
    }
    if (!str(l, "healthcheck_id").isEmpty()) {
      healthChecks.remove(str(l, "healthcheck_id"));
    }
  }

  private JsonObject listenerJson(JsonObject l) {
    JsonObject o = l.deepCopy();
    o.addProperty("member_number", members.getOrDefault(str(l, "id"), Map.of()).size());
    if (!o.has("healthcheck_id")) {
      o.add("healthcheck_id", com.google.gson.JsonNull.INSTANCE);
    }
    return o;
  }

  private JsonObject requireListener(String id) {
    JsonObject l = listeners.get(id);
    if (l == null) {
      throw notFound("listener", id);
    }
    return l;
  }

  // ---- members

  private JsonArray listMembers(String listenerId) {
    requireListener(listenerId);
    JsonArray out = new JsonArray();
    listMembersList(listenerId).forEach(out::add);
    return out;
  }

  private List<JsonObject> listMembersList(String listenerId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject m : members.getOrDefault(listenerId, Map.of()).values()) {
      JsonObject o = m.deepCopy();
      boolean pending = running(adding.get(str(m, "id")));
      o.addProperty("status", pending ? "PENDING" : "ACTIVE");
      o.addProperty("health_status", pending ? "UNAVAILABLE" : "NORMAL");
      JsonArray ls = new JsonArray();
      JsonObject ref = new JsonObject();
      ref.addProperty("id", listenerId);
      ls.add(ref);
      o.add("listeners", ls);
      out.add(o);
    }
    return out;
  }

  private JsonObject addMembers(String listenerId, JsonArray body, String project) {
    requireListener(listenerId);
    if (body.isEmpty()) {
      throw invalid("the member list is empty");
    }
    Map<String, JsonObject> mine = members.get(listenerId);
    List<String> problems = new ArrayList<>();
    List<JsonObject> accepted = new ArrayList<>();
    for (JsonElement e : body) {
      if (!e.isJsonObject()) {
        throw invalid("each member is an object {server_id, address}");
      }
      JsonObject m = e.getAsJsonObject();
      String serverId = str(m, "server_id");
      String address = str(m, "address");
      if (serverId.isEmpty() || address.isEmpty()) {
        throw invalid("each member needs server_id and address");
      }
      Optional<Server> server = state.server(serverId);
      if (server.isEmpty() || !server.get().hasIp(address)) {
        problems.add("server " + serverId + " with address " + address + " does not exist");
        continue;
      }
      boolean present = mine.values().stream().anyMatch(x -> address.equals(str(x, "server_address")));
      if (!present) {
        JsonObject member = new JsonObject();
        member.addProperty("id", state.hex(32));
        member.addProperty("server_id", serverId);
        member.addProperty("server_name", server.get().name());
        member.addProperty("server_address", address);
        member.addProperty("address", address);
        String now = now();
        member.addProperty("create_time", now);
        member.addProperty("update_time", now);
        accepted.add(member);
      }
    }
    if (!problems.isEmpty()) {
      return jobAnswer(newJob("AddMember", "FAIL", MEMBER_FAILED, String.join("; ", problems), new JsonObject()),
          project);
    }
    JsonObject entities = new JsonObject();
    JsonArray added = new JsonArray();
    Job job = newJob("AddMember", "SUCCESS", "", "", entities);
    for (JsonObject m : accepted) {
      mine.put(str(m, "id"), m);
      adding.put(str(m, "id"), job.id);
      JsonObject ref = new JsonObject();
      ref.addProperty("id", str(m, "id"));
      ref.addProperty("address", str(m, "server_address"));
      added.add(ref);
    }
    entities.add("members", added);
    return jobAnswer(job, project);
  }

  private JsonObject removeMembers(String listenerId, JsonObject body, String project) {
    requireListener(listenerId);
    if (!body.has("removeMember") || !body.get("removeMember").isJsonArray()) {
      throw invalid("removeMember is required");
    }
    Map<String, JsonObject> mine = members.get(listenerId);
    List<String> ids = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (JsonElement e : body.getAsJsonArray("removeMember")) {
      String id = e.isJsonObject() ? str(e.getAsJsonObject(), "id") : "";
      (mine.containsKey(id) ? ids : unknown).add(id);
    }
    if (!unknown.isEmpty()) {
      return jobAnswer(newJob("DeleteMember", "FAIL", MEMBER_FAILED, "members " + unknown + " do not exist",
          new JsonObject()), project);
    }
    ids.forEach(id -> {
      mine.remove(id);
      adding.remove(id);
    });
    return jobAnswer(newJob("DeleteMember", "SUCCESS", "", "", new JsonObject()), project);
  }

  // ---- health checks

  private JsonObject createHealthCheck(JsonObject body) {
    String listenerId = str(body, "listener_id");
    JsonObject l = listeners.get(listenerId);
    if (l == null) {
      throw invalid("listener_id " + listenerId + " does not exist");
    }
    if (!str(l, "healthcheck_id").isEmpty()) {
      throw invalid("listener " + listenerId + " already has health check " + str(l, "healthcheck_id"));
    }
    JsonObject hc = new JsonObject();
    String id = state.hex(32);
    hc.addProperty("id", id);
    hc.addProperty("listener_id", listenerId);
    hc.addProperty("healthcheck_protocol", "TCP");
    hc.addProperty("healthcheck_uri", "/");
    hc.addProperty("healthcheck_connect_port", l.get("backend_port").getAsInt());
    hc.addProperty("healthy_threshold", 3);
    hc.addProperty("unhealthy_threshold", 3);
    hc.addProperty("healthcheck_timeout", 10);
    hc.addProperty("healthcheck_interval", 5);
    applyHealthCheck(hc, body);
    String now = now();
    hc.addProperty("create_time", now);
    hc.addProperty("update_time", now);
    healthChecks.put(id, hc);
    l.addProperty("healthcheck_id", id);
    return hc.deepCopy();
  }

  private JsonObject updateHealthCheck(String id, JsonObject body) {
    JsonObject hc = requireHealthCheck(id);
    JsonObject copy = hc.deepCopy();
    applyHealthCheck(copy, body);
    copy.addProperty("update_time", now());
    healthChecks.put(id, copy);
    return copy.deepCopy();
  }

  private void applyHealthCheck(JsonObject hc, JsonObject body) {
    if (body.has("healthcheck_protocol")) {
      String p = str(body, "healthcheck_protocol").toUpperCase(Locale.ROOT);
      if (!p.equals("HTTP") && !p.equals("TCP")) {
        throw invalid("healthcheck_protocol must be HTTP or TCP");
      }
      hc.addProperty("healthcheck_protocol", p);
    }
    if (body.has("healthcheck_uri")) {
      hc.addProperty("healthcheck_uri", str(body, "healthcheck_uri"));
    }
    if (body.has("healthcheck_connect_port")) {
      hc.addProperty("healthcheck_connect_port", port(body, "healthcheck_connect_port"));
    }
    range(hc, body, "healthy_threshold", 1, 10);
    range(hc, body, "unhealthy_threshold", 1, 10);
    range(hc, body, "healthcheck_timeout", 1, 50);
    range(hc, body, "healthcheck_interval", 1, 5);
  }

  private void deleteHealthCheck(String id) {
    requireHealthCheck(id);
    healthChecks.remove(id);
    for (JsonObject l : listeners.values()) {
      if (id.equals(str(l, "healthcheck_id"))) {
        l.remove("healthcheck_id");
      }
    }
  }

  private JsonObject requireHealthCheck(String id) {
    JsonObject hc = healthChecks.get(id);
    if (hc == null) {
      throw notFound("healthcheck", id);
    }
    return hc;
  }

  // ---- jobs

  private final class Job {
    final String id;
    final String type;
    final Instant begin;
    final Instant end;
    final String outcome;
    final String errorCode;
    final String reason;
    final JsonObject entities;

    Job(String id, String type, Instant begin, Instant end, String outcome, String errorCode, String reason,
        JsonObject entities) {
      this.id = id;
      this.type = type;
      this.begin = begin;
      this.end = end;
      this.outcome = outcome;
      this.errorCode = errorCode;
      this.reason = reason;
      this.entities = entities;
    }

    String status() {
      Instant now = state.clock().instant();
      if (!now.isBefore(end)) {
        return outcome;
      }
      Duration half = Duration.between(begin, end).dividedBy(2);
      return now.isBefore(begin.plus(half)) ? "INIT" : "RUNNING";
    }
  }

  private Job newJob(String type, String outcome, String errorCode, String reason, JsonObject entities) {
    Instant begin = state.clock().instant();
    Job job = new Job(state.hex(32), type, begin, begin.plus(state.provisioningDelay()), outcome, errorCode, reason,
        entities);
    jobs.put(job.id, job);
    return job;
  }

  private boolean running(String jobId) {
    Job job = jobId == null ? null : jobs.get(jobId);
    return job != null && !job.status().equals(job.outcome);
  }

  private JsonObject job(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw notFound("job", id);
    }
    String status = job.status();
    boolean finished = status.equals(job.outcome);
    JsonObject o = new JsonObject();
    o.addProperty("status", status);
    o.add("entities", job.entities.deepCopy());
    o.addProperty("job_id", job.id);
    o.addProperty("job_type", job.type);
    o.addProperty("begin_time", TIME.format(job.begin));
    o.addProperty("end_time", finished ? TIME.format(job.end) : "");
    o.addProperty("error_code", finished && status.equals("FAIL") ? job.errorCode : "");
    o.addProperty("fail_reason", finished && status.equals("FAIL") ? job.reason : "");
    return o;
  }

  private static JsonObject jobAnswer(Job job, String project) {
    JsonObject o = new JsonObject();
    o.addProperty("uri", "/v1/" + project + "/jobs/" + job.id);
    o.addProperty("job_id", job.id);
    return o;
  }

  // ---- helpers

  private static EmulatorResponse ok(JsonElement body) {
    return EmulatorResponse.json(200, body);
  }

  private static JsonArray array(HuaweiCall call) {
    try {
      JsonElement e = JsonParser.parseString(call.request().bodyText());
      if (e.isJsonArray()) {
        return e.getAsJsonArray();
      }
    } catch (JsonSyntaxException | IllegalStateException e) {
      // fall through to the error
    }
    throw invalid("the body must be a JSON array of {server_id, address}");
  }

  private static String segment(HuaweiCall call, int index) {
    return call.segment(index).orElse("");
  }

  private String now() {
    return TIME.format(state.clock().instant());
  }

  private static int port(JsonObject body, String key) {
    int p;
    try {
      p = body.get(key).getAsInt();
    } catch (RuntimeException e) {
      throw invalid(key + " must be a port number");
    }
    if (p < 1 || p > 65535) {
      throw invalid(key + " must be 1-65535");
    }
    return p;
  }

  private static void range(JsonObject hc, JsonObject body, String key, int min, int max) {
    if (!body.has(key)) {
      return;
    }
    int v;
    try {
      v = body.get(key).getAsInt();
    } catch (RuntimeException e) {
      throw invalid(key + " must be a number");
    }
    if (v < min || v > max) {
      throw invalid(key + " must be " + min + "-" + max);
    }
    hc.addProperty(key, v);
  }

  static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? "" : e.getAsString();
  }

  private static HuaweiApiError invalid(String message) {
    return new HuaweiApiError(400, INVALID, "Request parameters error, " + message + ".", HuaweiApiError.Shape.ECS);
  }

  private static HuaweiApiError notFound(String what, String id) {
    return new HuaweiApiError(404, NOT_FOUND, what + " " + id + " does not exist.", HuaweiApiError.Shape.ECS);
  }
}
