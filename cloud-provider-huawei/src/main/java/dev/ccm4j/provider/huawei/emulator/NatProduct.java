package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
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

/**
 * NAT gateway v2 ({@code /v2/{project_id}/nat_gateways}, {@code /v2/{project_id}/dnat_rules},
 * {@code DELETE /v2/{project_id}/nat_gateways/{gw}/dnat_rules/{rule}}) and the Neutron v2.0 views the {@code dnat}
 * class reads ({@code /v2.0/ports}, {@code /v2.0/floatingips}).
 *
 * <p>One NAT gateway in the emulator's VPC ({@code router_id} = the VPC id) and one floating IP are seeded, both with
 * ids derived from the VPC so they are stable for a seed; {@link #natGatewayId()} and {@link #floatingIpAddress()}
 * name them for the cloud-config comment. The elastic IPs of {@link EipStore} are floating IPs too. Ports are the
 * state's (server NICs and load balancer VIPs). A DNAT rule needs exactly one of {@code port_id} (an existing port)
 * and {@code private_ip}; a second rule on the same floating IP, external port and protocol, or on the same target,
 * internal port and protocol, is 400 {@value #RULE_CONFLICT}. Rules are {@code ACTIVE} at once.
 */
final class NatProduct implements ProductRoutes {
  /** The emulator's code for a DNAT rule that collides with another. */
  static final String RULE_CONFLICT = "NAT.0045";
  /** The emulator's code for invalid parameters. */
  static final String INVALID = "NAT.0001";
  /** The seeded floating IP's address. */
  static final String SEEDED_FLOATING_IP = "139.9.100.10";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
      Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "any");

  private final HuaweiState state;
  private final JsonObject gateway;
  private final JsonObject floatingIp;
  private final Map<String, JsonObject> rules = new LinkedHashMap<>();

  /**
   * Creates the product with its seeded gateway and floating IP.
   *
   * @param state the emulator's shared state
   */
  NatProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
    String created = TIME.format(state.clock().instant());
    gateway = new JsonObject();
    gateway.addProperty("id", state.derivedId(state.vpcId(), "nat-gateway"));
    gateway.addProperty("tenant_id", state.projectId());
    gateway.addProperty("name", "ccm4j-nat");
    gateway.addProperty("description", "");
    gateway.addProperty("spec", "1");
    gateway.addProperty("router_id", state.vpcId());
    gateway.addProperty("internal_network_id", state.defaultSubnet().id());
    gateway.addProperty("status", "ACTIVE");
    gateway.addProperty("admin_state_up", true);
    gateway.addProperty("created_at", created);
    gateway.addProperty("enterprise_project_id", "0");
    floatingIp = new JsonObject();
    floatingIp.addProperty("id", state.derivedId(state.vpcId(), "floating-ip"));
    floatingIp.addProperty("floating_ip_address", SEEDED_FLOATING_IP);
    floatingIp.addProperty("floating_network_id", state.derivedId(state.vpcId(), "external-network"));
    floatingIp.add("router_id", com.google.gson.JsonNull.INSTANCE);
    floatingIp.add("port_id", com.google.gson.JsonNull.INSTANCE);
    floatingIp.add("fixed_ip_address", com.google.gson.JsonNull.INSTANCE);
    floatingIp.addProperty("status", "DOWN");
    floatingIp.addProperty("tenant_id", state.projectId());
    floatingIp.addProperty("project_id", state.projectId());
  }

  /** The seeded NAT gateway's id. */
  String natGatewayId() {
    return gateway.get("id").getAsString();
  }

  /** The seeded floating IP's address, for {@code spec.loadBalancerIP}. */
  String floatingIpAddress() {
    return SEEDED_FLOATING_IP;
  }

  /** Every DNAT rule (for tests), as ShowDnatRule answers them. */
  List<JsonObject> dnatRules() {
    synchronized (state.lock()) {
      return rules.values().stream().map(JsonObject::deepCopy).toList();
    }
  }

  /**
   * Adds a DNAT rule as another tool would (for tests): no validation beyond the gateway and floating IP.
   *
   * @param rule the {@code dnat_rule} fields
   * @return the stored rule
   */
  JsonObject putDnatRule(JsonObject rule) {
    synchronized (state.lock()) {
      return store(rule.deepCopy());
    }
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    List<String> s = call.segments();
    String m = call.method();
    if (s.size() >= 2 && s.get(0).equals("v2.0")) {
      if (s.size() == 2 && s.get(1).equals("ports")) {
        return m.equals("GET") ? Optional.of("ListPorts") : Optional.empty();
      }
      if (s.size() == 3 && s.get(1).equals("ports")) {
        return m.equals("GET") ? Optional.of("ShowPort") : Optional.empty();
      }
      if (s.size() == 2 && s.get(1).equals("floatingips")) {
        return m.equals("GET") ? Optional.of("ListFloatingIps") : Optional.empty();
      }
      if (s.size() == 3 && s.get(1).equals("floatingips")) {
        return m.equals("GET") ? Optional.of("ShowFloatingIp") : Optional.empty();
      }
      return Optional.empty();
    }
    if (call.matches("v2", "nat_gateways")) {
      return m.equals("GET") ? Optional.of("ListNatGateways") : Optional.empty();
    }
    if (call.matches("v2", "nat_gateways", "*")) {
      return m.equals("GET") ? Optional.of("ShowNatGateway") : Optional.empty();
    }
    if (call.matches("v2", "nat_gateways", "*", "dnat_rules", "*")) {
      return m.equals("DELETE") ? Optional.of("DeleteDnatRule") : Optional.empty();
    }
    if (call.matches("v2", "dnat_rules")) {
      return switch (m) {
        case "GET" -> Optional.of("ListDnatRules");
        case "POST" -> Optional.of("CreateDnatRule");
        default -> Optional.empty();
      };
    }
    if (call.matches("v2", "dnat_rules", "*")) {
      return m.equals("GET") ? Optional.of("ShowDnatRule") : Optional.empty();
    }
    return Optional.empty();
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    String op = operation(call).orElseThrow();
    synchronized (state.lock()) {
      return switch (op) {
        case "ListPorts" -> ok(wrap("ports", listPorts(call)));
        case "ShowPort" -> ok(wrap("port", portJson(state.port(seg(call, 2))
            .orElseThrow(() -> HuaweiApiError.notFound("port", seg(call, 2))))));
        case "ListFloatingIps" -> ok(wrap("floatingips", listFloatingIps(call)));
        case "ShowFloatingIp" -> ok(wrap("floatingip", floatingIp(seg(call, 2))
            .orElseThrow(() -> HuaweiApiError.notFound("floatingip", seg(call, 2)))));
        case "ListNatGateways" -> ok(wrap("nat_gateways", listGateways(call)));
        case "ShowNatGateway" -> ok(wrap("nat_gateway", requireGateway(seg(call, 3)).deepCopy()));
        case "ListDnatRules" -> ok(wrap("dnat_rules", listRules(call)));
        case "ShowDnatRule" -> ok(wrap("dnat_rule", requireRule(seg(call, 3)).deepCopy()));
        case "CreateDnatRule" -> ok(wrap("dnat_rule", createRule(call.body())), 201);
        case "DeleteDnatRule" -> {
          requireGateway(seg(call, 3));
          JsonObject rule = requireRule(seg(call, 5));
          if (!seg(call, 3).equals(str(rule, "nat_gateway_id"))) {
            throw HuaweiApiError.notFound("dnat_rule", seg(call, 5));
          }
          rules.remove(seg(call, 5));
          yield EmulatorResponse.empty(204);
        }
        default -> throw new IllegalStateException(op);
      };
    }
  }

  // ---- Neutron views

  private JsonArray listPorts(HuaweiCall call) {
    List<String> fixedIps = new ArrayList<>();
    for (String f : call.queryAll("fixed_ips")) {
      if (f.startsWith("ip_address=")) {
        fixedIps.add(f.substring("ip_address=".length()));
      }
    }
    Optional<String> deviceId = call.query("device_id");
    Optional<String> networkId = call.query("network_id");
    Optional<String> id = call.query("id");
    JsonArray out = new JsonArray();
    for (Port p : state.ports()) {
      if (!fixedIps.isEmpty() && !fixedIps.contains(p.ipAddress())) {
        continue;
      }
      if (deviceId.isPresent() && !deviceId.get().equals(p.deviceId())
          || networkId.isPresent() && !networkId.get().equals(p.networkId())
          || id.isPresent() && !id.get().equals(p.id())) {
        continue;
      }
      out.add(portJson(p));
    }
    return out;
  }

  private JsonObject portJson(Port p) {
    JsonObject o = new JsonObject();
    o.addProperty("id", p.id());
    o.addProperty("name", "");
    o.addProperty("network_id", p.networkId());
    o.addProperty("tenant_id", state.projectId());
    o.addProperty("project_id", state.projectId());
    o.addProperty("mac_address", p.macAddress());
    o.addProperty("admin_state_up", true);
    o.addProperty("status", p.deviceId().isEmpty() ? "DOWN" : "ACTIVE");
    o.addProperty("device_id", p.deviceId());
    o.addProperty("device_owner", p.deviceOwner());
    JsonArray fixed = new JsonArray();
    JsonObject f = new JsonObject();
    f.addProperty("subnet_id", p.subnetId());
    f.addProperty("ip_address", p.ipAddress());
    fixed.add(f);
    o.add("fixed_ips", fixed);
    return o;
  }

  private List<JsonObject> allFloatingIps() {
    List<JsonObject> out = new ArrayList<>();
    out.add(floatingIp.deepCopy());
    for (Eip e : state.eips().all()) {
      JsonObject o = new JsonObject();
      o.addProperty("id", e.id());
      o.addProperty("floating_ip_address", e.publicIpAddress());
      o.addProperty("floating_network_id", state.derivedId(state.vpcId(), "external-network"));
      o.add("router_id", com.google.gson.JsonNull.INSTANCE);
      if (e.portId() == null) {
        o.add("port_id", com.google.gson.JsonNull.INSTANCE);
        o.add("fixed_ip_address", com.google.gson.JsonNull.INSTANCE);
      } else {
        o.addProperty("port_id", e.portId());
        o.addProperty("fixed_ip_address", e.privateIpAddress());
      }
      o.addProperty("status", e.status());
      o.addProperty("tenant_id", state.projectId());
      o.addProperty("project_id", state.projectId());
      out.add(o);
    }
    return out;
  }

  private Optional<JsonObject> floatingIp(String id) {
    return allFloatingIps().stream().filter(f -> id.equals(str(f, "id"))).findFirst();
  }

  private JsonArray listFloatingIps(HuaweiCall call) {
    Optional<String> address = call.query("floating_ip_address");
    Optional<String> id = call.query("id");
    Optional<String> port = call.query("port_id");
    JsonArray out = new JsonArray();
    for (JsonObject f : allFloatingIps()) {
      if (address.isPresent() && !address.get().equals(str(f, "floating_ip_address"))
          || id.isPresent() && !id.get().equals(str(f, "id"))
          || port.isPresent() && !port.get().equals(str(f, "port_id"))) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  // ---- NAT gateways and DNAT rules

  private JsonArray listGateways(HuaweiCall call) {
    JsonArray out = new JsonArray();
    boolean match = call.query("id").map(natGatewayId()::equals).orElse(true)
        && call.query("router_id").map(str(gateway, "router_id")::equals).orElse(true)
        && call.query("name").map(str(gateway, "name")::equals).orElse(true);
    if (match) {
      out.add(gateway.deepCopy());
    }
    return out;
  }

  private JsonObject requireGateway(String id) {
    if (!natGatewayId().equals(id)) {
      throw HuaweiApiError.notFound("nat_gateway", id);
    }
    return gateway;
  }

  private JsonObject requireRule(String id) {
    JsonObject r = rules.get(id);
    if (r == null) {
      throw HuaweiApiError.notFound("dnat_rule", id);
    }
    return r;
  }

  private JsonArray listRules(HuaweiCall call) {
    List<String> keys = List.of("nat_gateway_id", "floating_ip_id", "floating_ip_address", "port_id", "private_ip",
        "protocol", "id");
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject r : rules.values()) {
      boolean ok = true;
      for (String k : keys) {
        Optional<String> want = call.query(k);
        if (want.isPresent() && !want.get().equals(str(r, k))) {
          ok = false;
          break;
        }
      }
      if (ok) {
        matching.add(r);
      }
    }
    int start = 0;
    Optional<String> marker = call.query("marker");
    if (marker.isPresent()) {
      start = matching.size();
      for (int i = 0; i < matching.size(); i++) {
        if (marker.get().equals(str(matching.get(i), "id"))) {
          start = i + 1;
          break;
        }
      }
    }
    int limit = call.query("limit").map(NatProduct::parseLimit).orElse(Integer.MAX_VALUE);
    JsonArray out = new JsonArray();
    for (int i = start; i < matching.size() && out.size() < limit; i++) {
      out.add(matching.get(i).deepCopy());
    }
    return out;
  }

  private JsonObject createRule(JsonObject body) {
    if (!body.has("dnat_rule") || !body.get("dnat_rule").isJsonObject()) {
      throw HuaweiApiError.badRequest(INVALID, "dnat_rule is required.");
    }
    JsonObject in = body.getAsJsonObject("dnat_rule");
    requireGatewayForCreate(str(in, "nat_gateway_id"));
    String fipId = str(in, "floating_ip_id");
    JsonObject fip = floatingIp(fipId).orElseThrow(
        () -> HuaweiApiError.badRequest(INVALID, "Floating IP " + fipId + " does not exist."));
    String portId = str(in, "port_id");
    String privateIp = str(in, "private_ip");
    if (portId.isEmpty() == privateIp.isEmpty()) {
      throw HuaweiApiError.badRequest(INVALID, "Exactly one of port_id and private_ip must be given.");
    }
    if (!portId.isEmpty() && state.port(portId).isEmpty()) {
      throw HuaweiApiError.badRequest(INVALID, "Port " + portId + " does not exist.");
    }
    String protocol = str(in, "protocol").toLowerCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw HuaweiApiError.badRequest(INVALID, "protocol must be tcp, udp or any.");
    }
    int internal = port(in, "internal_service_port");
    int external = port(in, "external_service_port");
    if ((internal == 0 || external == 0) && !protocol.equals("any")) {
      throw HuaweiApiError.badRequest(INVALID, "port 0 is only allowed with protocol any.");
    }
    String description = str(in, "description");
    if (description.length() > 255) {
      throw HuaweiApiError.badRequest(INVALID, "description must be at most 255 characters.");
    }
    for (JsonObject r : rules.values()) {
      boolean sameProtocol = str(r, "protocol").equals(protocol);
      if (sameProtocol && str(r, "floating_ip_id").equals(fipId)
          && r.get("external_service_port").getAsInt() == external) {
        throw HuaweiApiError.badRequest(RULE_CONFLICT, "The floating IP " + str(fip, "floating_ip_address")
            + " and port " + external + " are used by DNAT rule " + str(r, "id") + ".");
      }
      boolean sameTarget = !portId.isEmpty() ? portId.equals(str(r, "port_id")) : privateIp.equals(str(r, "private_ip"));
      if (sameProtocol && sameTarget && r.get("internal_service_port").getAsInt() == internal) {
        throw HuaweiApiError.badRequest(RULE_CONFLICT, "Port " + internal + " of the target is used by DNAT rule "
            + str(r, "id") + ".");
      }
    }
    JsonObject r = new JsonObject();
    r.addProperty("nat_gateway_id", str(in, "nat_gateway_id"));
    r.addProperty("port_id", portId);
    r.addProperty("private_ip", privateIp);
    r.addProperty("internal_service_port", internal);
    r.addProperty("floating_ip_id", fipId);
    r.addProperty("external_service_port", external);
    r.addProperty("protocol", protocol);
    r.addProperty("description", description);
    return store(r).deepCopy();
  }

  private void requireGatewayForCreate(String id) {
    if (!natGatewayId().equals(id)) {
      throw HuaweiApiError.badRequest(INVALID, "NAT gateway " + id + " does not exist.");
    }
  }

  private JsonObject store(JsonObject r) {
    String id = state.newId();
    r.addProperty("id", id);
    r.addProperty("tenant_id", state.projectId());
    String fipId = str(r, "floating_ip_id");
    r.addProperty("floating_ip_address", floatingIp(fipId).map(f -> str(f, "floating_ip_address")).orElse(""));
    r.addProperty("status", "ACTIVE");
    r.addProperty("admin_state_up", true);
    r.addProperty("created_at", TIME.format(state.clock().instant()));
    rules.put(id, r);
    return r;
  }

  // ---- helpers

  private static int parseLimit(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n < 1) {
        throw new NumberFormatException(s);
      }
      return n;
    } catch (NumberFormatException e) {
      throw HuaweiApiError.badRequest(INVALID, "limit must be a positive number.");
    }
  }

  private static int port(JsonObject in, String key) {
    int p;
    try {
      p = in.get(key).getAsInt();
    } catch (RuntimeException e) {
      throw HuaweiApiError.badRequest(INVALID, key + " must be a number.");
    }
    if (p < 0 || p > 65535) {
      throw HuaweiApiError.badRequest(INVALID, key + " must be 0-65535.");
    }
    return p;
  }

  private static JsonObject wrap(String key, JsonElement value) {
    JsonObject o = new JsonObject();
    o.add(key, value);
    return o;
  }

  private static EmulatorResponse ok(JsonElement body) {
    return EmulatorResponse.json(200, body);
  }

  private static EmulatorResponse ok(JsonElement body, int status) {
    return EmulatorResponse.json(status, body);
  }

  private static String seg(HuaweiCall call, int i) {
    return call.segment(i).orElse("");
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? "" : e.getAsString();
  }
}
