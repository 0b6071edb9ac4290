package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The emulated Inspur cloud: instances (the nodes' servers), SLBs created in front, their listeners and members.
 * Every method is atomic (one lock); a rejected write changes nothing. JSON renderings are the SLB API's shapes.
 */
public final class InspurState {
  /** Protocols a listener accepts, as the original client sends them. */
  static final Set<String> PROTOCOLS = Set.of("TCP", "HTTP", "HTTPS");
  /** Forward rules a listener accepts: round robin, weighted round robin (both spellings). */
  static final Set<String> FORWARD_RULES = Set.of("RR", "WRR", "WR");
  /** Health-check types a listener accepts. */
  static final Set<String> HEALTH_CHECK_TYPES = Set.of("tcp", "http");
  /** The optional health-check fields of a listener, in the order the original client declares them. */
  static final List<String> HEALTH_FIELDS = List.of("typeHealthCheck", "portHealthCheck", "periodHealthCheck",
      "timeoutHealthCheck", "maxHealthCheck", "domainHealthCheck", "pathHealthCheck");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  /** How long an SLB was bought for, so {@code expiredTime} looks like a prepaid one's. */
  private static final Duration PURCHASE_PERIOD = Duration.ofDays(365);

  private final Object lock = new Object();
  private final String region;
  private final String zone;
  private final Clock clock;
  private final Random random;
  private final String vpcId;
  private final String userId;
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final Map<String, Slb> slbs = new LinkedHashMap<>();
  private int nextNodeHost = 10;
  private int nextSlbHost = 10;
  private int nextEipHost = 10;
  private int instanceCount;

  InspurState(String region, String zone, Clock clock, long seed) {
    this.region = region;
    this.zone = zone;
    this.clock = clock;
    this.random = new Random(seed);
    this.vpcId = uuid();
    this.userId = uuid();
  }

  /** The region every resource lives in. */
  public String region() {
    return region;
  }

  /** The zone instances are created in unless told otherwise. */
  public String zone() {
    return zone;
  }

  /** The emulator's clock. */
  public Clock clock() {
    return clock;
  }

  /** The id of the VPC every SLB and instance is in. */
  public String vpcId() {
    return vpcId;
  }

  // ---------------------------------------------------------------- instances

  /** Every instance as the control API shows it. */
  public List<ControlInstance> instances() {
    synchronized (lock) {
      return instances.values().stream().map(Instance::toControl).toList();
    }
  }

  /**
   * One instance.
   *
   * @param id the instance id
   * @return the instance, if known
   */
  public Optional<ControlInstance> instance(String id) {
    synchronized (lock) {
      return Optional.ofNullable(instances.get(id)).map(Instance::toControl);
    }
  }

  /**
   * Creates a running instance.
   *
   * @param spec name, zone, private IP and type; unset ones are chosen here
   * @return the instance
   * @throws IllegalArgumentException when the private IP is not an IPv4 address or is taken
   */
  public ControlInstance createInstance(InstanceSpec spec) {
    synchronized (lock) {
      String ip;
      if (spec.privateIp().isPresent()) {
        ip = spec.privateIp().get();
        if (!isIpv4(ip)) {
          throw new IllegalArgumentException("privateIp is not an IPv4 address: " + ip);
        }
        if (instances.values().stream().anyMatch(i -> i.privateIp.equals(ip))) {
          throw new IllegalArgumentException("privateIp " + ip + " is already used by another instance");
        }
      } else {
        ip = nextNodeIp();
      }
      instanceCount++;
      Instance i = new Instance(uuid(), spec.name().orElse("inspur-node-" + instanceCount), ip,
          spec.zone().orElse(zone), spec.instanceType().orElse("general.c2m4"));
      instances.put(i.id, i);
      return i.toControl();
    }
  }

  /**
   * Moves an instance to a state.
   *
   * @param id the instance id
   * @param state {@link ControlInstance#RUNNING}, {@link ControlInstance#STOPPED} or {@link ControlInstance#TERMINATED}
   * @return the instance after the change
   * @throws NoSuchElementException when the id is unknown
   * @throws IllegalArgumentException when a terminated instance is asked to start or stop
   */
  public ControlInstance transition(String id, String state) {
    synchronized (lock) {
      Instance i = instances.get(id);
      if (i == null) {
        throw new NoSuchElementException("no instance " + id);
      }
      if (i.state.equals(ControlInstance.TERMINATED) && !state.equals(ControlInstance.TERMINATED)) {
        throw new IllegalArgumentException("instance " + id + " is terminated");
      }
      i.state = state;
      return i.toControl();
    }
  }

  // ---------------------------------------------------------------- load balancers

  /**
   * Creates an SLB, as a user does in the console before the CCM manages its listeners.
   *
   * @param name the SLB name
   * @param withEip whether it gets an elastic IP ({@code eipAddress}) besides its {@code businessIp}
   * @return the SLB as the API renders it
   * @throws IllegalArgumentException when the name is blank
   */
  public JsonObject createLoadBalancer(String name, boolean withEip) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    synchronized (lock) {
      Slb s = new Slb("slb-" + hex(16), name, nextSlbIp(), clock.instant());
      if (withEip) {
        s.eipId = uuid();
        s.eipAddress = nextEip();
      }
      slbs.put(s.id, s);
      return s.toJson();
    }
  }

  /**
   * The SLBs the {@code GET /slb/v1/slbs} collection answers.
   *
   * @param slbId only this one (an unknown id gives an empty list); empty for all
   * @return the SLB objects
   */
  public JsonArray describeLoadBalancers(Optional<String> slbId) {
    synchronized (lock) {
      JsonArray out = new JsonArray();
      slbs.values().stream().filter(s -> slbId.map(s.id::equals).orElse(true)).forEach(s -> out.add(s.toJson()));
      return out;
    }
  }

  /**
   * One SLB.
   *
   * @param slbId the id
   * @return the SLB object
   * @throws InspurApiError 404 when unknown
   */
  public JsonObject describeLoadBalancer(String slbId) {
    synchronized (lock) {
      return slb(slbId).toJson();
    }
  }

  /**
   * Renames an SLB.
   *
   * @param slbId the id
   * @param body {@code {"slbName": ...}}
   * @return the SLB after the change
   * @throws InspurApiError 404 when unknown, 400 when the name is not a non-blank string
   */
  public JsonObject modifyLoadBalancer(String slbId, JsonObject body) {
    synchronized (lock) {
      Slb s = slb(slbId);
      if (body.has("slbName")) {
        String name = string(body, "slbName");
        if (name == null || name.isBlank()) {
          throw InspurApiError.invalid("InvalidParameter.SlbName", "slbName must be a non-empty string");
        }
        s.name = name;
      }
      return s.toJson();
    }
  }

  /**
   * Deletes an SLB with its listeners and members.
   *
   * @param slbId the id
   * @throws InspurApiError 404 when unknown
   */
  public void deleteLoadBalancer(String slbId) {
    synchronized (lock) {
      slb(slbId);
      slbs.remove(slbId);
    }
  }

  /**
   * The listeners of an SLB.
   *
   * @param slbId the SLB id
   * @return the listener objects
   * @throws InspurApiError 404 when the SLB is unknown
   */
  public JsonArray listeners(String slbId) {
    synchronized (lock) {
      JsonArray out = new JsonArray();
      slb(slbId).listeners.values().forEach(l -> out.add(l.toJson()));
      return out;
    }
  }

  /**
   * One listener.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @return the listener object
   * @throws InspurApiError 404 when either is unknown
   */
  public JsonObject listener(String slbId, String listenerId) {
    synchronized (lock) {
      return listenerOf(slb(slbId), listenerId).toJson();
    }
  }

  /**
   * Creates a listener from a CreateListenerOpts body.
   *
   * @param slbId the SLB id
   * @param body the request
   * @return the listener object
   * @throws InspurApiError 404 unknown SLB, 400 invalid field, 409 port in use on this SLB
   */
  public JsonObject createListener(String slbId, JsonObject body) {
    synchronized (lock) {
      Slb s = slb(slbId);
      checkSlbIdField(body, slbId);
      String protocol = protocol(body, true);
      int port = port(body, "port", true, 1);
      checkPortFree(s, port, null);
      Listener l = new Listener("lis-" + hex(16), slbId);
      l.protocol = protocol;
      l.port = port;
      l.name = optionalName(body).orElse("listener_" + port);
      l.forwardRule = forwardRule(body).orElse("RR");
      l.isHealthCheck = healthFlag(body).orElse("0");
      l.health.putAll(healthFields(body));
      s.listeners.put(l.id, l);
      return l.toJson();
    }
  }

  /**
   * Changes a listener: fields present in the body replace the current ones, absent ones stay.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param body the request (CreateListenerOpts)
   * @return the listener after the change
   * @throws InspurApiError 404 unknown SLB or listener, 400 invalid field, 409 port in use by another listener
   */
  public JsonObject modifyListener(String slbId, String listenerId, JsonObject body) {
    synchronized (lock) {
      Slb s = slb(slbId);
      Listener l = listenerOf(s, listenerId);
      checkSlbIdField(body, slbId);
      String protocol = protocol(body, false);
      int port = port(body, "port", false, 1);
      if (port != 0) {
        checkPortFree(s, port, l.id);
      }
      Optional<String> name = optionalName(body);
      Optional<String> rule = forwardRule(body);
      Optional<String> flag = healthFlag(body);
      Map<String, JsonElement> health = healthFields(body);
      // validated completely before anything changes
      if (protocol != null) {
        l.protocol = protocol;
      }
      if (port != 0) {
        l.port = port;
      }
      name.ifPresent(n -> l.name = n);
      rule.ifPresent(r -> l.forwardRule = r);
      flag.ifPresent(f -> l.isHealthCheck = f);
      l.health.putAll(health);
      return l.toJson();
    }
  }

  /**
   * Deletes a listener and its members.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @throws InspurApiError 404 when either is unknown
   */
  public void deleteListener(String slbId, String listenerId) {
    synchronized (lock) {
      Slb s = slb(slbId);
      listenerOf(s, listenerId);
      s.listeners.remove(listenerId);
    }
  }

  /**
   * The members of a listener.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @return the Backend objects
   * @throws InspurApiError 404 when either is unknown
   */
  public JsonArray members(String slbId, String listenerId) {
    synchronized (lock) {
      JsonArray out = new JsonArray();
      listenerOf(slb(slbId), listenerId).members.values().forEach(m -> out.add(m.toJson()));
      return out;
    }
  }

  /**
   * Adds members from a JSON array of BackendServer objects; all or nothing.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param body the request body
   * @return the created Backend objects
   * @throws InspurApiError 404 unknown SLB or listener, 400 invalid entry, 409 a server and port already a member
   */
  public JsonArray addMembers(String slbId, String listenerId, JsonElement body) {
    synchronized (lock) {
      Listener l = listenerOf(slb(slbId), listenerId);
      if (body == null || !body.isJsonArray() || body.getAsJsonArray().isEmpty()) {
        throw InspurApiError.invalid("InvalidParameter", "the body must be a non-empty JSON array of backend servers");
      }
      Set<String> keys = new HashSet<>();
      l.members.values().forEach(m -> keys.add(m.serverId + ":" + m.port));
      List<Member> created = new ArrayList<>();
      int index = 0;
      for (JsonElement e : body.getAsJsonArray()) {
        String where = "backend server [" + index++ + "]";
        if (!e.isJsonObject()) {
          throw InspurApiError.invalid("InvalidParameter", where + " is not a JSON object");
        }
        JsonObject o = e.getAsJsonObject();
        String serverId = string(o, "serverId");
        if (serverId == null || serverId.isBlank()) {
          throw InspurApiError.invalid("InvalidParameter.ServerId", where + ": serverId is required");
        }
        int port = port(o, "port", true, 1);
        String ip = string(o, "serverIp");
        if (ip == null || !isIpv4(ip)) {
          throw InspurApiError.invalid("InvalidParameter.ServerIp", where + ": serverIp must be an IPv4 address");
        }
        int weight = o.has("weight") ? integer(o, "weight", 0, 100) : 10;
        String type = o.has("type") ? string(o, "type") : "ECS";
        if (type == null || type.isBlank()) {
          throw InspurApiError.invalid("InvalidParameter.Type", where + ": type must be a non-empty string");
        }
        String serverName = o.has("serverName") ? string(o, "serverName") : serverId;
        if (!keys.add(serverId + ":" + port)) {
          throw InspurApiError.conflict("BackendServerExists", where + ": server " + serverId + " port " + port
              + " is already a member of listener " + listenerId);
        }
        Member m = new Member("bk-" + hex(16), listenerId);
        m.serverId = serverId;
        m.port = port;
        m.serverIp = ip;
        m.weight = weight;
        m.type = type;
        m.serverName = serverName == null ? serverId : serverName;
        created.add(m);
      }
      JsonArray out = new JsonArray();
      created.forEach(m -> {
        l.members.put(m.id, m);
        out.add(m.toJson());
      });
      return out;
    }
  }

  /**
   * Removes members by backend id; all or nothing.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param backendIds the backend ids
   * @return the removed Backend objects
   * @throws InspurApiError 404 unknown SLB, listener or backend id
   */
  public JsonArray removeMembers(String slbId, String listenerId, List<String> backendIds) {
    synchronized (lock) {
      Listener l = listenerOf(slb(slbId), listenerId);
      for (String id : backendIds) {
        if (!l.members.containsKey(id)) {
          throw InspurApiError.notFound("BackendNotFound", "listener " + listenerId + " has no backend " + id);
        }
      }
      JsonArray out = new JsonArray();
      for (String id : backendIds) {
        Member m = l.members.remove(id);
        if (m != null) {
          out.add(m.toJson());
        }
      }
      return out;
    }
  }

  /** Every SLB in the control API's vendor-neutral form. */
  public List<ControlLoadBalancer> controlLoadBalancers() {
    synchronized (lock) {
      List<ControlLoadBalancer> out = new ArrayList<>();
      for (Slb s : slbs.values()) {
        ControlLoadBalancer.Builder b = ControlLoadBalancer.builder().id(s.id).name(s.name).addAddress(s.businessIp);
        if (s.eipAddress != null) {
          b.addAddress(s.eipAddress);
        }
        for (Listener l : s.listeners.values()) {
          int backendPort = l.members.values().stream().mapToInt(m -> m.port).findFirst().orElse(0);
          b.addListener(new ControlListener(l.protocol, l.port, backendPort));
          l.members.values().forEach(m -> b.addBackend(new ControlBackend(m.serverId, m.serverIp, m.port, m.weight)));
        }
        out.add(b.build());
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- helpers

  private Slb slb(String slbId) {
    Slb s = slbs.get(slbId);
    if (s == null) {
      throw InspurApiError.notFound("SlbNotFound", "load balancer " + slbId + " does not exist");
    }
    return s;
  }

  private static Listener listenerOf(Slb s, String listenerId) {
    Listener l = s.listeners.get(listenerId);
    if (l == null) {
      throw InspurApiError.notFound("ListenerNotFound", "load balancer " + s.id + " has no listener " + listenerId);
    }
    return l;
  }

  private static void checkSlbIdField(JsonObject body, String slbId) {
    if (body.has("slbId") && !body.get("slbId").isJsonNull()) {
      String given = string(body, "slbId");
      if (given == null || !given.isEmpty() && !given.equals(slbId)) {
        throw InspurApiError.invalid("InvalidParameter.SlbId", "slbId in the body does not match the path");
      }
    }
  }

  private static void checkPortFree(Slb s, int port, String except) {
    for (Listener other : s.listeners.values()) {
      if (other.port == port && !other.id.equals(except)) {
        throw InspurApiError.conflict("ListenerPortConflict", "port " + port + " is already used by listener "
            + other.id + " on load balancer " + s.id);
      }
    }
  }

  private static String protocol(JsonObject body, boolean required) {
    if (!body.has("protocol")) {
      if (required) {
        throw InspurApiError.invalid("InvalidParameter.Protocol", "protocol is required (TCP, HTTP or HTTPS)");
      }
      return null;
    }
    String p = string(body, "protocol");
    String upper = p == null ? "" : p.toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(upper)) {
      throw InspurApiError.invalid("InvalidParameter.Protocol", "protocol must be TCP, HTTP or HTTPS");
    }
    return upper;
  }

  /** An integer field 1..65535 (or {@code min}..65535); 0 when absent and not required. */
  private static int port(JsonObject body, String field, boolean required, int min) {
    if (!body.has(field) || body.get(field).isJsonNull()) {
      if (required) {
        throw InspurApiError.invalid("InvalidParameter." + capitalize(field), field + " is required");
      }
      return 0;
    }
    return integer(body, field, min, 65535);
  }

  private static int integer(JsonObject body, String field, int min, int max) {
    JsonElement e = body.get(field);
    long value;
    try {
      if (!e.isJsonPrimitive()) {
        throw new NumberFormatException();
      }
      JsonPrimitive p = e.getAsJsonPrimitive();
      value = p.isNumber() ? p.getAsBigDecimal().longValueExact() : Long.parseLong(p.getAsString().trim());
    } catch (NumberFormatException | ArithmeticException ex) {
      throw InspurApiError.invalid("InvalidParameter." + capitalize(field), field + " must be an integer");
    }
    if (value < min || value > max) {
      throw InspurApiError.invalid("InvalidParameter." + capitalize(field), field + " must be between " + min
          + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  private static Optional<String> optionalName(JsonObject body) {
    if (!body.has("listenerName") || body.get("listenerName").isJsonNull()) {
      return Optional.empty();
    }
    String name = string(body, "listenerName");
    if (name == null || name.isBlank() || name.length() > 128) {
      throw InspurApiError.invalid("InvalidParameter.ListenerName",
          "listenerName must be a non-empty string of at most 128 characters");
    }
    return Optional.of(name);
  }

  private static Optional<String> forwardRule(JsonObject body) {
    if (!body.has("forwardRule") || body.get("forwardRule").isJsonNull()) {
      return Optional.empty();
    }
    String rule = string(body, "forwardRule");
    if (rule == null || !FORWARD_RULES.contains(rule)) {
      throw InspurApiError.invalid("InvalidParameter.ForwardRule", "forwardRule must be one of RR, WRR, WR");
    }
    return Optional.of(rule);
  }

  private static Optional<String> healthFlag(JsonObject body) {
    if (!body.has("isHealthCheck") || body.get("isHealthCheck").isJsonNull()) {
      return Optional.empty();
    }
    JsonElement e = body.get("isHealthCheck");
    String flag = e.isJsonPrimitive() ? e.getAsString() : "";
    if (!flag.equals("0") && !flag.equals("1")) {
      throw InspurApiError.invalid("InvalidParameter.IsHealthCheck", "isHealthCheck must be \"0\" or \"1\"");
    }
    return Optional.of(flag);
  }

  /** The health-check fields present in the body, validated, values kept as sent (string or number). */
  private static Map<String, JsonElement> healthFields(JsonObject body) {
    Map<String, JsonElement> out = new LinkedHashMap<>();
    for (String field : HEALTH_FIELDS) {
      JsonElement e = body.get(field);
      if (e == null || e.isJsonNull()) {
        continue;
      }
      if (!e.isJsonPrimitive()) {
        throw InspurApiError.invalid("InvalidParameter." + capitalize(field), field + " must be a string or number");
      }
      switch (field) {
        case "typeHealthCheck" -> {
          if (!HEALTH_CHECK_TYPES.contains(e.getAsString().toLowerCase(Locale.ROOT))) {
            throw InspurApiError.invalid("InvalidParameter.TypeHealthCheck", "typeHealthCheck must be tcp or http");
          }
        }
        case "portHealthCheck" -> integer(body, field, 0, 65535);
        case "periodHealthCheck", "timeoutHealthCheck", "maxHealthCheck" -> integer(body, field, 0, 86_400);
        case "pathHealthCheck" -> {
          String path = e.getAsString();
          if (!path.isEmpty() && !path.startsWith("/")) {
            throw InspurApiError.invalid("InvalidParameter.PathHealthCheck", "pathHealthCheck must start with /");
          }
        }
        default -> {
          // domainHealthCheck: any string
        }
      }
      out.put(field, e);
    }
    return out;
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      return null;
    }
    return e.getAsString();
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255
          || p.length() > 1 && p.charAt(0) == '0') {
        return false;
      }
    }
    return true;
  }

  private String nextNodeIp() {
    // the node subnet is 10.110.1.0/24 and then the next /24s; skips addresses already given out by hand
    while (true) {
      int n = nextNodeHost++;
      String ip = "10.110." + (1 + n / 250) + "." + (n % 250 + 2);
      if (instances.values().stream().noneMatch(i -> i.privateIp.equals(ip))) {
        return ip;
      }
    }
  }

  private String nextSlbIp() {
    // the SLB subnet is 10.110.0.0/24; past its 250 addresses, 10.110.201.0/24 and up, clear of the node subnets
    int n = nextSlbHost++;
    int block = n / 250;
    return "10.110." + (block == 0 ? 0 : 200 + block) + "." + (n % 250 + 2);
  }

  private String nextEip() {
    // documentation ranges (RFC 5737), so an emulated EIP can never be a real address
    String[] ranges = {"203.0.113.", "198.51.100.", "192.0.2."};
    int n = nextEipHost++;
    return ranges[(n / 250) % ranges.length] + (n % 250 + 2);
  }

  private String hex(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private final class Instance {
    final String id;
    final String name;
    final String privateIp;
    final String zone;
    final String type;
    String state = ControlInstance.RUNNING;

    Instance(String id, String name, String privateIp, String zone, String type) {
      this.id = id;
      this.name = name;
      this.privateIp = privateIp;
      this.zone = zone;
      this.type = type;
    }

    ControlInstance toControl() {
      return ControlInstance.builder().id(id).name(name).privateIp(privateIp).zone(zone).region(region)
          .instanceType(type).state(state).vendorState(state).providerId("incloud://" + id).build();
    }
  }

  private final class Slb {
    final String id;
    final String businessIp;
    final Instant created;
    final String subnetId = "subnet-" + hex(12);
    final Map<String, Listener> listeners = new LinkedHashMap<>();
    String name;
    String eipId;
    String eipAddress;

    Slb(String id, String name, String businessIp, Instant created) {
      this.id = id;
      this.name = name;
      this.businessIp = businessIp;
      this.created = created;
    }

    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("regionId", region);
      o.addProperty("createdTime", TIME.format(created));
      o.addProperty("expiredTime", TIME.format(created.plus(PURCHASE_PERIOD)));
      o.addProperty("specificationId", "slb.s1.small");
      o.addProperty("specificationName", "small");
      o.addProperty("slbId", id);
      o.addProperty("slbName", name);
      o.addProperty("scheme", eipAddress != null ? "internet" : "internal");
      o.addProperty("businessIp", businessIp);
      o.addProperty("vpcId", vpcId);
      o.addProperty("vpcName", "ccm4j-vpc");
      o.addProperty("subnetId", subnetId);
      o.add("eipId", eipId == null ? JsonNull.INSTANCE : new JsonPrimitive(eipId));
      o.add("eipAddress", eipAddress == null ? JsonNull.INSTANCE : new JsonPrimitive(eipAddress));
      o.addProperty("listenerCount", listeners.size());
      o.addProperty("slbType", "application");
      o.addProperty("state", "RUNNING");
      o.addProperty("userId", userId);
      o.addProperty("chargeType", "PrePaid");
      o.addProperty("purchaseTime", TIME.format(created));
      o.addProperty("type", "slb");
      return o;
    }
  }

  private static final class Listener {
    final String id;
    final String slbId;
    final Map<String, Member> members = new LinkedHashMap<>();
    final Map<String, JsonElement> health = new LinkedHashMap<>();
    String name;
    String protocol;
    int port;
    String forwardRule;
    String isHealthCheck;

    Listener(String id, String slbId) {
      this.id = id;
      this.slbId = slbId;
    }

    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("slbId", slbId);
      o.addProperty("listenerId", id);
      o.addProperty("listenerName", name);
      o.addProperty("protocol", protocol);
      o.addProperty("port", port);
      o.addProperty("forwardRule", forwardRule);
      o.addProperty("isHealthCheck", isHealthCheck);
      health.forEach(o::add);
      return o;
    }
  }

  private static final class Member {
    final String id;
    final String listenerId;
    String serverId;
    int port;
    String serverName;
    String serverIp;
    String type;
    int weight;

    Member(String id, String listenerId) {
      this.id = id;
      this.listenerId = listenerId;
    }

    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("backendId", id);
      o.addProperty("listenerId", listenerId);
      o.addProperty("serverId", serverId);
      o.addProperty("port", port);
      o.addProperty("serverName", serverName);
      o.addProperty("serverIp", serverIp);
      o.addProperty("type", type);
      o.addProperty("weight", weight);
      return o;
    }
  }
}
