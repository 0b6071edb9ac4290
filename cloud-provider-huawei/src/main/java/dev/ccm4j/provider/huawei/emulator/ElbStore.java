package dev.ccm4j.provider.huawei.emulator;

import static dev.ccm4j.provider.huawei.emulator.ElbFields.conflict;
import static dev.ccm4j.provider.huawei.emulator.ElbFields.invalid;
import static dev.ccm4j.provider.huawei.emulator.ElbFields.notFound;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.Ipv4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ELB objects of the emulated account (load balancers, listeners, pools, members, health monitors), one store
 * for the v2 and v3 APIs, with Huawei's rules: validation answers 400 {@code ELB.8902}, unknown ids 404
 * {@code ELB.8904}, conflicts 409 {@code ELB.8907}. Every mutation of a load balancer or of anything under it puts
 * the load balancer into {@code PENDING_CREATE}/{@code PENDING_UPDATE} for {@link HuaweiState#provisioningDelay()} on
 * the emulator clock; while it is pending, further mutations under it are refused with 409 (the load balancer is
 * immutable), as on the real cloud. Callers hold {@link HuaweiState#lock()}; a refused request changes nothing.
 */
final class ElbStore {
  static final String PENDING_CREATE = "PENDING_CREATE";
  static final String PENDING_UPDATE = "PENDING_UPDATE";
  static final String ACTIVE = "ACTIVE";
  static final String ERROR = "ERROR";

  static final Set<String> LISTENER_PROTOCOLS_V2 = Set.of("TCP", "UDP", "HTTP", "TERMINATED_HTTPS");
  static final Set<String> LISTENER_PROTOCOLS_V3 =
      Set.of("TCP", "UDP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "QUIC", "TLS");
  static final Set<String> POOL_PROTOCOLS = Set.of("TCP", "UDP", "HTTP", "HTTPS", "QUIC", "TLS");
  static final Set<String> LB_ALGORITHMS = Set.of("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP");
  static final Set<String> SESSION_TYPES = Set.of("SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE");
  static final Set<String> MONITOR_TYPES_V2 = Set.of("TCP", "UDP_CONNECT", "HTTP");
  static final Set<String> MONITOR_TYPES_V3 = Set.of("TCP", "UDP_CONNECT", "HTTP", "HTTPS", "PING");
  static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS",
      "CONNECT", "PATCH");
  /** The headers a listener can insert, as Huawei's {@code insert_headers} object names them. */
  static final Set<String> INSERT_HEADERS = Set.of("X-Forwarded-ELB-IP", "X-Forwarded-Port", "X-Forwarded-For-Port",
      "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "X-Forwarded-ELB-ID", "X-Forwarded-TLS-Certificate-ID",
      "X-Forwarded-TLS-Protocol", "X-Forwarded-TLS-Cipher");
  private static final Set<String> HTTP_LISTENERS = Set.of("HTTP", "HTTPS", "TERMINATED_HTTPS");
  private static final Set<String> UDP_FAMILY = Set.of("UDP", "QUIC");
  private static final Map<String, Set<String>> POOL_FOR_LISTENER = Map.of(
      "TCP", Set.of("TCP"), "UDP", Set.of("UDP"), "HTTP", Set.of("HTTP"), "TERMINATED_HTTPS", Set.of("HTTP"),
      "HTTPS", Set.of("HTTP", "HTTPS"), "QUIC", Set.of("UDP", "QUIC"), "TLS", Set.of("TCP", "TLS"));
  private static final String VIP_OWNER_V2 = "neutron:LOADBALANCERV2";
  private static final String VIP_OWNER_V3 = "neutron:LOADBALANCERV3";

  private final HuaweiState state;
  private final Map<String, ElbLoadBalancer> loadBalancers = new LinkedHashMap<>();
  private final Map<String, ElbListener> listeners = new LinkedHashMap<>();
  private final Map<String, ElbPool> pools = new LinkedHashMap<>();
  private final Map<String, ElbMember> members = new LinkedHashMap<>();
  private final Map<String, ElbHealthMonitor> monitors = new LinkedHashMap<>();
  private final List<Flavor> flavors;
  private int failBudget;

  ElbStore(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
    List<Flavor> f = new ArrayList<>();
    for (String type : List.of("L4", "L7")) {
      for (String size : List.of("small", "medium", "large")) {
        String name = type + "_flavor.elb.s1." + size;
        f.add(new Flavor(state.derivedId("elb-flavor", name), name, type));
      }
      String elastic = type + "_elastic_max";
      f.add(new Flavor(state.derivedId("elb-flavor", elastic), elastic, type + "_elastic_max"));
    }
    this.flavors = List.copyOf(f);
  }

  /**
   * A dedicated ELB flavor ({@code GET /v3/{project_id}/elb/flavors}).
   *
   * @param id the flavor id (stable per name)
   * @param name e.g. {@code L4_flavor.elb.s1.small}
   * @param type {@code L4}, {@code L7}, {@code L4_elastic_max} or {@code L7_elastic_max}
   */
  record Flavor(String id, String name, String type) {}

  /** The flavors of the region: small, medium and large plus the elastic one, for L4 and for L7. */
  List<Flavor> flavors() {
    return flavors;
  }

  /** A flavor id of the given layer, {@code L4} or {@code L7}; blank means the region's default. */
  private Optional<String> flavor(JsonObject o, String field, String layer) {
    Optional<String> id = ElbFields.string(o, field).filter(s -> !s.isBlank());
    if (id.isEmpty()) {
      return id;
    }
    Flavor f = flavors.stream().filter(x -> x.id().equals(id.get())).findFirst()
        .orElseThrow(() -> notFound("flavor", id.get()));
    if (!f.type().startsWith(layer)) {
      throw invalid("Invalid input for field/attribute " + field + ". Value: " + id.get() + ". It is flavor "
          + f.name() + " of type " + f.type() + "; " + field + " takes an " + layer + " flavor.");
    }
    return id;
  }

  HuaweiState state() {
    return state;
  }

  // ------------------------------------------------------------------ provisioning status

  /**
   * The load balancer's provisioning status now: ERROR when forced or when a faulty provisioning ended, the pending
   * status while its window lasts, else ACTIVE. Settles a finished window as a side effect.
   */
  String provisioningStatus(ElbLoadBalancer lb) {
    if (lb.error) {
      return ERROR;
    }
    if (lb.pendingUntil != null) {
      if (now().isBefore(lb.pendingUntil)) {
        return lb.pendingStatus;
      }
      lb.pendingUntil = null;
      lb.pendingStatus = null;
      if (lb.errorWhenSettled) {
        lb.errorWhenSettled = false;
        lb.error = true;
        return ERROR;
      }
    }
    return ACTIVE;
  }

  /**
   * Forces a load balancer into ERROR at once (a fault hook: a real ELB can end a change in ERROR). The next
   * successful mutation under it, or {@link #clearError}, brings it back.
   *
   * @throws NoSuchElementException when the id is unknown
   */
  void forceError(String lbId) {
    ElbLoadBalancer lb = controlLoadBalancer(lbId);
    lb.pendingUntil = null;
    lb.pendingStatus = null;
    lb.errorWhenSettled = false;
    lb.error = true;
  }

  /**
   * Takes a load balancer out of ERROR (as Huawei support would), ACTIVE at once.
   *
   * @throws NoSuchElementException when the id is unknown
   */
  void clearError(String lbId) {
    ElbLoadBalancer lb = controlLoadBalancer(lbId);
    lb.error = false;
    lb.errorWhenSettled = false;
  }

  /**
   * Makes the next {@code count} provisioning windows (after any create or change under any load balancer) end in
   * ERROR instead of ACTIVE; 0 switches it off.
   */
  void failNextProvisioning(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, got " + count);
    }
    failBudget = count;
  }

  private ElbLoadBalancer controlLoadBalancer(String lbId) {
    ElbLoadBalancer lb = loadBalancers.get(lbId);
    if (lb == null) {
      throw new NoSuchElementException("no load balancer " + lbId);
    }
    return lb;
  }

  private void requireMutable(ElbLoadBalancer lb) {
    String status = provisioningStatus(lb);
    if (status.startsWith("PENDING_")) {
      throw conflict("Load balancer " + lb.id + " is in " + status
          + " and is immutable; retry when its provisioning_status is ACTIVE.");
    }
  }

  private void changed(ElbLoadBalancer lb, String pendingStatus) {
    Instant now = now();
    lb.updatedAt = stamp();
    lb.error = false;
    lb.pendingStatus = pendingStatus;
    lb.pendingUntil = now.plus(state.provisioningDelay());
    lb.errorWhenSettled = failBudget > 0;
    if (failBudget > 0) {
      failBudget--;
    }
  }

  // ------------------------------------------------------------------ load balancers

  /**
   * Creates a load balancer from a {@code loadbalancer} object: v2 makes a shared one ({@code vip_subnet_id}
   * required), v3 a dedicated one ({@code availability_zone_list} required, {@code vip_subnet_cidr_id}, EIP through
   * {@code publicip_ids} or a new one through {@code publicip}).
   */
  ElbLoadBalancer createLoadBalancer(ElbVersion v, JsonObject o) {
    String name = ElbFields.maxLength(o, "name", 255).orElse("");
    String description = ElbFields.maxLength(o, "description", 255).orElse("");
    ElbFields.oneOf(o, "provider", Set.of("vlb"), "vlb");
    if (!ElbFields.bool(o, "admin_state_up").orElse(true)) {
      throw invalid("Invalid input for field/attribute admin_state_up: only true is supported.");
    }
    Optional<String> vipAddress = ElbFields.string(o, "vip_address");
    if (vipAddress.isPresent() && !Ipv4.isIpv4(vipAddress.get())) {
      throw invalid("Invalid input for field/attribute vip_address. Value: " + vipAddress.get()
          + ". It must be an IPv4 address.");
    }
    return v == ElbVersion.V2 ? createShared(o, name, description, vipAddress)
        : createDedicated(o, name, description, vipAddress);
  }

  private ElbLoadBalancer createShared(JsonObject o, String name, String description, Optional<String> vip) {
    Subnet subnet = vipSubnet(ElbFields.requiredString(o, "vip_subnet_id"), "vip_subnet_id");
    Port port = vipPort(subnet, VIP_OWNER_V2, vip);
    ElbLoadBalancer lb = new ElbLoadBalancer(state.newId(), false, subnet.neutronSubnetId(), port.id(),
        port.ipAddress(), List.of(), stamp());
    return register(lb, port, name, description);
  }

  private ElbLoadBalancer createDedicated(JsonObject o, String name, String description, Optional<String> vip) {
    if (!ElbFields.bool(o, "guaranteed").orElse(true)) {
      throw invalid("Invalid input for field/attribute guaranteed: only true (a dedicated load balancer) is "
          + "supported.");
    }
    List<String> zones = ElbFields.strings(o, "availability_zone_list").orElse(List.of());
    if (zones.isEmpty()) {
      throw invalid("Invalid input for field/attribute availability_zone_list: it is required; use some of "
          + String.join(", ", state.availabilityZones()) + ".");
    }
    for (String z : zones) {
      if (!state.availabilityZones().contains(z)) {
        throw invalid("Invalid input for field/attribute availability_zone_list. Value: " + z
            + ". Use some of " + String.join(", ", state.availabilityZones()) + ".");
      }
    }
    Optional<String> vpcId = ElbFields.string(o, "vpc_id");
    if (vpcId.isPresent() && !vpcId.get().equals(state.vpcId())) {
      throw notFound("vpc", vpcId.get());
    }
    Optional<String> subnetId = ElbFields.string(o, "vip_subnet_cidr_id").filter(s -> !s.isBlank());
    if (subnetId.isEmpty() && vpcId.isEmpty()) {
      throw invalid("vpc_id and vip_subnet_cidr_id cannot both be empty.");
    }
    boolean ipTarget = ElbFields.bool(o, "ip_target_enable").orElse(false);
    Optional<String> l4 = flavor(o, "l4_flavor_id", "L4");
    Optional<String> l7 = flavor(o, "l7_flavor_id", "L7");
    List<String> eipIds = ElbFields.strings(o, "publicip_ids").orElse(List.of());
    Optional<JsonObject> publicip = ElbFields.object(o, "publicip");
    if (!eipIds.isEmpty() && publicip.isPresent()) {
      throw invalid("publicip_ids and publicip cannot both be set: bind an existing EIP or create a new one.");
    }
    if (eipIds.size() > 1) {
      throw invalid("Invalid input for field/attribute publicip_ids: a load balancer binds at most one EIP.");
    }
    if ((!eipIds.isEmpty() || publicip.isPresent()) && subnetId.isEmpty()) {
      throw invalid("An EIP needs an IPv4 virtual IP: set vip_subnet_cidr_id.");
    }
    Eip existing = null;
    if (!eipIds.isEmpty()) {
      existing = state.eips().get(eipIds.get(0)).orElseThrow(() -> notFound("publicip", eipIds.get(0)));
      if (existing.portId() != null) {
        throw conflict("Publicip " + existing.id() + " is already bound to port " + existing.portId() + ".");
      }
    }
    NewEip newEip = publicip.map(ElbStore::newEip).orElse(null);
    Subnet subnet = subnetId.map(id -> vipSubnet(id, "vip_subnet_cidr_id")).orElse(null);
    if (subnet != null && vpcId.isPresent() && !subnet.vpcId().equals(vpcId.get())) {
      throw invalid("Subnet " + subnet.neutronSubnetId() + " is not in VPC " + vpcId.get() + ".");
    }
    Port port = subnet == null ? null : vipPort(subnet, VIP_OWNER_V3, vip);
    Eip created = null;
    try {
      if (existing != null) {
        state.eips().bind(existing.id(), port.id());
      } else if (newEip != null) {
        created = state.eips().create(newEip.type, newEip.size, newEip.shareType, newEip.chargeMode, newEip.name);
        state.eips().bind(created.id(), port.id());
      }
    } catch (RuntimeException e) {
      // a refused create leaves nothing behind: no VIP port, no half-made EIP
      state.deletePort(port.id());
      if (created != null) {
        state.eips().delete(created.id());
      }
      throw e;
    }
    ElbLoadBalancer lb = new ElbLoadBalancer(state.newId(), true,
        subnet == null ? null : subnet.neutronSubnetId(), port == null ? null : port.id(),
        port == null ? null : port.ipAddress(), zones, stamp());
    lb.ipTargetEnable = ipTarget;
    lb.l4FlavorId = l4.orElse(null);
    lb.l7FlavorId = l7.orElse(null);
    return register(lb, port, name, description);
  }

  private record NewEip(String type, int size, String shareType, String chargeMode, String name) {}

  private static NewEip newEip(JsonObject publicip) {
    String type = ElbFields.requiredString(publicip, "network_type");
    ElbFields.integer(publicip, "ip_version", 4, 4);
    JsonObject bw = ElbFields.object(publicip, "bandwidth").orElseThrow(() ->
        invalid("Invalid input for field/attribute publicip.bandwidth: it is required."));
    Optional<String> shareId = ElbFields.string(bw, "id").filter(s -> !s.isBlank());
    String name = ElbFields.string(bw, "name").orElse(null);
    if (shareId.isPresent()) {
      // a shared bandwidth is not modelled apart from its EIPs: the new EIP joins it as a WHOLE bandwidth
      return new NewEip(type, ElbFields.integer(bw, "size", 1, 2000).orElse(1), "WHOLE",
          ElbFields.string(bw, "charge_mode").orElse("bandwidth"), name == null ? shareId.get() : name);
    }
    int size = ElbFields.integer(bw, "size", 1, 2000).orElseThrow(() ->
        invalid("Invalid input for field/attribute publicip.bandwidth.size: it is required for a new bandwidth."));
    String shareType = ElbFields.oneOf(bw, "share_type", Set.of("PER", "WHOLE"), null);
    String chargeMode = ElbFields.oneOf(bw, "charge_mode", Set.of("bandwidth", "traffic"), null);
    return new NewEip(type, size, shareType, chargeMode, name);
  }

  private Subnet vipSubnet(String id, String field) {
    Optional<Subnet> subnet = state.subnet(id);
    if (subnet.isPresent()) {
      return subnet.get();
    }
    Optional<Subnet> byNetwork = state.subnetByAnyId(id);
    if (byNetwork.isPresent()) {
      throw invalid("Invalid input for field/attribute " + field + ". Value: " + id + ". It is a VPC subnet id;"
          + " " + field + " takes the IPv4 subnet id (neutron_subnet_id " + byNetwork.get().neutronSubnetId() + ").");
    }
    throw notFound("subnet", id);
  }

  private Port vipPort(Subnet subnet, String owner, Optional<String> vip) {
    if (vip.isEmpty()) {
      return state.createPort(subnet.neutronSubnetId(), owner);
    }
    try {
      return state.createPort(subnet.neutronSubnetId(), owner, vip.get());
    } catch (IllegalArgumentException e) {
      throw conflict("vip_address " + vip.get() + " cannot be used: " + e.getMessage() + ".");
    }
  }

  private ElbLoadBalancer register(ElbLoadBalancer lb, Port port, String name, String description) {
    lb.name = name;
    lb.description = description;
    if (port != null) {
      port.deviceId(lb.id);
    }
    loadBalancers.put(lb.id, lb);
    changed(lb, PENDING_CREATE);
    return lb;
  }

  /**
   * Creates an ACTIVE load balancer the way a user does in the console (no provisioning window), for the control
   * API's {@code POST /_ccm4j/load-balancers}.
   *
   * @param dedicated a dedicated (v3) rather than a shared (v2) one
   * @param name its name
   * @param subnetId the Neutron IPv4 subnet id, or null for the default subnet
   * @param zones the AZs of a dedicated one, or empty for all
   * @throws IllegalArgumentException when the subnet or a zone is unknown
   */
  ElbLoadBalancer createActive(boolean dedicated, String name, String subnetId, List<String> zones) {
    Subnet subnet = subnetId == null ? state.defaultSubnet() : state.subnet(subnetId)
        .orElseThrow(() -> new IllegalArgumentException("no subnet with neutron_subnet_id " + subnetId));
    for (String z : zones) {
      if (!state.availabilityZones().contains(z)) {
        throw new IllegalArgumentException("unknown availability zone " + z + "; use some of "
            + String.join(", ", state.availabilityZones()));
      }
    }
    Port port = state.createPort(subnet.neutronSubnetId(), dedicated ? VIP_OWNER_V3 : VIP_OWNER_V2);
    List<String> az = dedicated ? (zones.isEmpty() ? state.availabilityZones() : zones) : List.of();
    ElbLoadBalancer lb = new ElbLoadBalancer(state.newId(), dedicated, subnet.neutronSubnetId(), port.id(),
        port.ipAddress(), az, stamp());
    lb.name = name;
    lb.description = "";
    port.deviceId(lb.id);
    loadBalancers.put(lb.id, lb);
    return lb;
  }

  ElbLoadBalancer loadBalancer(String id) {
    ElbLoadBalancer lb = loadBalancers.get(id);
    if (lb == null) {
      throw notFound("loadbalancer", id);
    }
    return lb;
  }

  List<ElbLoadBalancer> loadBalancers() {
    return new ArrayList<>(loadBalancers.values());
  }

  ElbLoadBalancer updateLoadBalancer(ElbVersion v, String id, JsonObject o) {
    ElbLoadBalancer lb = loadBalancer(id);
    requireMutable(lb);
    Optional<String> name = ElbFields.maxLength(o, "name", 255);
    Optional<String> description = ElbFields.maxLength(o, "description", 255);
    if (!ElbFields.bool(o, "admin_state_up").orElse(true)) {
      throw invalid("Invalid input for field/attribute admin_state_up: only true is supported.");
    }
    Optional<Boolean> ipTarget = Optional.empty();
    Optional<String> l4 = Optional.empty();
    Optional<String> l7 = Optional.empty();
    if (v == ElbVersion.V3) {
      ipTarget = ElbFields.bool(o, "ip_target_enable");
      if (ipTarget.isPresent() && !ipTarget.get() && lb.ipTargetEnable) {
        throw invalid("ip_target_enable can only be turned on; it cannot be turned off again.");
      }
      if (ipTarget.isPresent() && !lb.dedicated) {
        throw invalid("ip_target_enable is only supported by dedicated load balancers.");
      }
      l4 = o.has("l4_flavor_id") ? Optional.of(flavor(o, "l4_flavor_id", "L4").orElse("")) : Optional.empty();
      l7 = o.has("l7_flavor_id") ? Optional.of(flavor(o, "l7_flavor_id", "L7").orElse("")) : Optional.empty();
      Optional<String> subnet = ElbFields.string(o, "vip_subnet_cidr_id");
      if (subnet.isPresent() && !subnet.get().equals(lb.vipSubnetId)) {
        throw invalid("vip_subnet_cidr_id cannot be changed by this emulator.");
      }
    }
    name.ifPresent(s -> lb.name = s);
    description.ifPresent(s -> lb.description = s);
    ipTarget.ifPresent(b -> lb.ipTargetEnable = b);
    l4.ifPresent(s -> lb.l4FlavorId = s.isBlank() ? null : s);
    l7.ifPresent(s -> lb.l7FlavorId = s.isBlank() ? null : s);
    changed(lb, PENDING_UPDATE);
    return lb;
  }

  void deleteLoadBalancer(String id) {
    ElbLoadBalancer lb = loadBalancer(id);
    requireMutable(lb);
    List<ElbListener> ls = listenersOf(id);
    if (!ls.isEmpty()) {
      throw conflict("Load balancer " + id + " still has listeners (" + ls.get(0).id
          + "); delete them first.");
    }
    List<ElbPool> ps = poolsOf(id);
    if (!ps.isEmpty()) {
      throw conflict("Load balancer " + id + " still has pools (" + ps.get(0).id + "); delete them first.");
    }
    loadBalancers.remove(id);
    if (lb.vipPortId != null) {
      // the VIP port goes with the load balancer; an EIP bound to it is unbound and kept, as on Huawei
      state.deletePort(lb.vipPortId);
    }
  }

  List<ElbListener> listenersOf(String lbId) {
    return listeners.values().stream().filter(l -> l.loadBalancerId.equals(lbId)).toList();
  }

  List<ElbPool> poolsOf(String lbId) {
    return pools.values().stream().filter(p -> p.loadBalancerId.equals(lbId)).toList();
  }

  // ------------------------------------------------------------------ listeners

  ElbListener createListener(ElbVersion v, JsonObject o) {
    ElbLoadBalancer lb = loadBalancer(ElbFields.requiredString(o, "loadbalancer_id"));
    String protocol = ElbFields.oneOf(o, "protocol",
        v == ElbVersion.V2 ? LISTENER_PROTOCOLS_V2 : LISTENER_PROTOCOLS_V3, null);
    int port = ElbFields.requiredInteger(o, "protocol_port", 1, 65535);
    requireMutable(lb);
    boolean udp = UDP_FAMILY.contains(protocol);
    for (ElbListener other : listenersOf(lb.id)) {
      if (other.protocolPort == port && UDP_FAMILY.contains(other.protocol) == udp) {
        throw conflict("Load balancer " + lb.id + " already has a listener (" + other.id + ", " + other.protocol
            + ") on port " + port + ".");
      }
    }
    ElbListener l = new ElbListener(state.newId(), lb.id, protocol, port, stamp());
    applyListener(l, o, true);
    ElbPool defaultPool = null;
    Optional<String> poolId = ElbFields.string(o, "default_pool_id").filter(s -> !s.isBlank());
    if (poolId.isPresent()) {
      defaultPool = attachablePool(lb, l, poolId.get());
    }
    listeners.put(l.id, l);
    if (defaultPool != null) {
      defaultPool.listenerId = l.id;
      l.defaultPoolId = defaultPool.id;
    }
    changed(lb, PENDING_UPDATE);
    return l;
  }

  ElbListener listener(String id) {
    ElbListener l = listeners.get(id);
    if (l == null) {
      throw notFound("listener", id);
    }
    return l;
  }

  List<ElbListener> listeners() {
    return new ArrayList<>(listeners.values());
  }

  ElbListener updateListener(String id, JsonObject o) {
    ElbListener l = listener(id);
    ElbLoadBalancer lb = loadBalancer(l.loadBalancerId);
    ElbFields.string(o, "protocol").filter(p -> !p.equals(l.protocol)).ifPresent(p -> {
      throw invalid("The protocol of a listener cannot be changed.");
    });
    ElbFields.integer(o, "protocol_port", 0, 65535).filter(p -> p != l.protocolPort).ifPresent(p -> {
      throw invalid("The protocol_port of a listener cannot be changed.");
    });
    requireMutable(lb);
    ElbListener copy = copyOf(l);
    applyListener(copy, o, false);
    ElbPool newDefault = null;
    boolean poolGiven = o.has("default_pool_id");
    Optional<String> poolId = ElbFields.string(o, "default_pool_id").filter(s -> !s.isBlank());
    if (poolId.isPresent()) {
      newDefault = attachablePool(lb, l, poolId.get());
    }
    applyListener(l, o, false);
    if (poolGiven) {
      if (l.defaultPoolId != null && pools.containsKey(l.defaultPoolId)) {
        pools.get(l.defaultPoolId).listenerId = null;
      }
      l.defaultPoolId = null;
      if (newDefault != null) {
        newDefault.listenerId = l.id;
        l.defaultPoolId = newDefault.id;
      }
    }
    l.updatedAt = stamp();
    changed(lb, PENDING_UPDATE);
    return l;
  }

  private ElbPool attachablePool(ElbLoadBalancer lb, ElbListener l, String poolId) {
    ElbPool p = pool(poolId);
    if (!p.loadBalancerId.equals(lb.id)) {
      throw invalid("Pool " + poolId + " belongs to another load balancer.");
    }
    if (p.listenerId != null && !p.listenerId.equals(l.id)) {
      throw conflict("Pool " + poolId + " is already the default pool of listener " + p.listenerId + ".");
    }
    if (!POOL_FOR_LISTENER.get(l.protocol).contains(p.protocol)) {
      throw invalid("A " + p.protocol + " pool cannot serve a " + l.protocol + " listener.");
    }
    return p;
  }

  /** Reads every settable listener field into {@code l}, validating the result as a whole. */
  private static void applyListener(ElbListener l, JsonObject o, boolean create) {
    ElbFields.maxLength(o, "name", 255).ifPresent(s -> l.name = s);
    ElbFields.maxLength(o, "description", 255).ifPresent(s -> l.description = s);
    ElbFields.bool(o, "admin_state_up").ifPresent(b -> l.adminStateUp = b);
    ElbFields.integer(o, "connection_limit", -1, Integer.MAX_VALUE).ifPresent(i -> l.connectionLimit = i);
    ElbFields.bool(o, "http2_enable").ifPresent(b -> l.http2Enable = b);
    if (o.has("default_tls_container_ref")) {
      l.defaultTlsContainerRef = ElbFields.string(o, "default_tls_container_ref").filter(s -> !s.isBlank())
          .orElse(null);
    }
    if (o.has("client_ca_tls_container_ref")) {
      l.clientCaTlsContainerRef = ElbFields.string(o, "client_ca_tls_container_ref").filter(s -> !s.isBlank())
          .orElse(null);
    }
    ElbFields.strings(o, "sni_container_refs").ifPresent(s -> l.sniContainerRefs = List.copyOf(s));
    ElbFields.object(o, "insert_headers").ifPresent(h -> {
      JsonObject merged = create ? new JsonObject() : l.insertHeaders.deepCopy();
      for (Map.Entry<String, JsonElement> e : h.entrySet()) {
        JsonElement value = e.getValue();
        if (!INSERT_HEADERS.contains(e.getKey())) {
          throw invalid("Invalid input for field/attribute insert_headers: unknown header " + e.getKey()
              + "; use some of " + String.join(", ", INSERT_HEADERS.stream().sorted().toList()) + ".");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
          throw invalid("Invalid input for field/attribute insert_headers." + e.getKey()
              + ": it must be true or false.");
        }
        merged.add(e.getKey(), value);
      }
      l.insertHeaders = merged;
    });
    if (o.has("keepalive_timeout")) {
      l.keepaliveTimeout = ElbFields.integer(o, "keepalive_timeout", 0, 4000).orElse(null);
    }
    if (o.has("client_timeout")) {
      l.clientTimeout = ElbFields.integer(o, "client_timeout", 1, 300).orElse(null);
    }
    if (o.has("member_timeout")) {
      l.memberTimeout = ElbFields.integer(o, "member_timeout", 1, 300).orElse(null);
    }
    ElbFields.bool(o, "transparent_client_ip_enable").ifPresent(b -> l.transparentClientIpEnable = b);
    boolean http = HTTP_LISTENERS.contains(l.protocol);
    if (!http && (l.clientTimeout != null || l.memberTimeout != null)) {
      throw invalid("client_timeout and member_timeout are only supported by HTTP and HTTPS listeners, not "
          + l.protocol + ".");
    }
    if (!http) {
      for (Map.Entry<String, JsonElement> e : l.insertHeaders.entrySet()) {
        if (e.getValue().getAsBoolean()) {
          throw invalid("insert_headers." + e.getKey() + " is only supported by HTTP and HTTPS listeners, not "
              + l.protocol + ".");
        }
      }
    }
    if ((l.protocol.equals("TERMINATED_HTTPS") || l.protocol.equals("HTTPS")) && l.defaultTlsContainerRef == null) {
      throw invalid("default_tls_container_ref is required for a " + l.protocol + " listener.");
    }
  }

  private static ElbListener copyOf(ElbListener l) {
    ElbListener c = new ElbListener(l.id, l.loadBalancerId, l.protocol, l.protocolPort, l.createdAt);
    c.name = l.name;
    c.description = l.description;
    c.adminStateUp = l.adminStateUp;
    c.connectionLimit = l.connectionLimit;
    c.http2Enable = l.http2Enable;
    c.defaultPoolId = l.defaultPoolId;
    c.defaultTlsContainerRef = l.defaultTlsContainerRef;
    c.clientCaTlsContainerRef = l.clientCaTlsContainerRef;
    c.sniContainerRefs = l.sniContainerRefs;
    c.insertHeaders = l.insertHeaders.deepCopy();
    c.keepaliveTimeout = l.keepaliveTimeout;
    c.clientTimeout = l.clientTimeout;
    c.memberTimeout = l.memberTimeout;
    c.transparentClientIpEnable = l.transparentClientIpEnable;
    return c;
  }

  void deleteListener(String id) {
    ElbListener l = listener(id);
    ElbLoadBalancer lb = loadBalancer(l.loadBalancerId);
    requireMutable(lb);
    for (ElbPool p : pools.values()) {
      if (id.equals(p.listenerId)) {
        throw conflict("Listener " + id + " is still used by pool " + p.id + "; delete the pool first.");
      }
    }
    listeners.remove(id);
    changed(lb, PENDING_UPDATE);
  }

  // ------------------------------------------------------------------ pools

  ElbPool createPool(ElbVersion v, JsonObject o) {
    Optional<String> listenerId = ElbFields.string(o, "listener_id").filter(s -> !s.isBlank());
    Optional<String> lbId = ElbFields.string(o, "loadbalancer_id").filter(s -> !s.isBlank());
    if (listenerId.isEmpty() && lbId.isEmpty()) {
      throw invalid("listener_id and loadbalancer_id cannot both be empty.");
    }
    ElbListener listener = listenerId.map(this::listener).orElse(null);
    ElbLoadBalancer lb = loadBalancer(listener != null ? listener.loadBalancerId : lbId.get());
    if (listener != null && lbId.isPresent() && !lbId.get().equals(lb.id)) {
      throw invalid("Listener " + listener.id + " does not belong to load balancer " + lbId.get() + ".");
    }
    String protocol = ElbFields.oneOf(o, "protocol", POOL_PROTOCOLS, null);
    String algorithm = ElbFields.oneOf(o, "lb_algorithm", LB_ALGORITHMS, null);
    String name = ElbFields.maxLength(o, "name", 255).orElse("");
    String description = ElbFields.maxLength(o, "description", 255).orElse("");
    boolean adminUp = ElbFields.bool(o, "admin_state_up").orElse(true);
    JsonObject persistence = sessionPersistence(o, protocol);
    if (listener != null) {
      if (!POOL_FOR_LISTENER.get(listener.protocol).contains(protocol)) {
        throw invalid("A " + protocol + " pool cannot serve a " + listener.protocol + " listener; use "
            + String.join(" or ", POOL_FOR_LISTENER.get(listener.protocol)) + ".");
      }
      if (listener.defaultPoolId != null) {
        throw conflict("Listener " + listener.id + " already has a default pool (" + listener.defaultPoolId + ").");
      }
    }
    requireMutable(lb);
    ElbPool p = new ElbPool(state.newId(), lb.id, protocol, stamp());
    p.name = name;
    p.description = description;
    p.lbAlgorithm = algorithm;
    p.sessionPersistence = persistence;
    p.adminStateUp = adminUp;
    pools.put(p.id, p);
    if (listener != null) {
      p.listenerId = listener.id;
      listener.defaultPoolId = p.id;
    }
    changed(lb, PENDING_UPDATE);
    return p;
  }

  /** The {@code session_persistence} of a pool body, validated against the pool protocol; null when off. */
  private static JsonObject sessionPersistence(JsonObject o, String protocol) {
    Optional<JsonObject> sp = ElbFields.object(o, "session_persistence");
    if (sp.isEmpty()) {
      return null;
    }
    JsonObject in = sp.get();
    String type = ElbFields.oneOf(in, "type", SESSION_TYPES, null);
    boolean http = protocol.equals("HTTP") || protocol.equals("HTTPS");
    if (http == type.equals("SOURCE_IP")) {
      throw invalid("session_persistence.type " + type + " is not supported by a " + protocol + " pool; use "
          + (http ? "HTTP_COOKIE or APP_COOKIE" : "SOURCE_IP") + ".");
    }
    JsonObject out = new JsonObject();
    out.addProperty("type", type);
    Optional<String> cookie = ElbFields.maxLength(in, "cookie_name", 64).filter(s -> !s.isBlank());
    if (type.equals("APP_COOKIE") && cookie.isEmpty()) {
      throw invalid("session_persistence.cookie_name is required for APP_COOKIE.");
    }
    out.addProperty("cookie_name", cookie.orElse(null));
    int max = type.equals("SOURCE_IP") ? 60 : 1440;
    out.addProperty("persistence_timeout", ElbFields.integer(in, "persistence_timeout", 1, max).orElse(
        type.equals("SOURCE_IP") ? 1 : 1440));
    return out;
  }

  ElbPool pool(String id) {
    ElbPool p = pools.get(id);
    if (p == null) {
      throw notFound("pool", id);
    }
    return p;
  }

  List<ElbPool> pools() {
    return new ArrayList<>(pools.values());
  }

  ElbPool updatePool(String id, JsonObject o) {
    ElbPool p = pool(id);
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    ElbFields.string(o, "protocol").filter(s -> !s.equals(p.protocol)).ifPresent(s -> {
      throw invalid("The protocol of a pool cannot be changed.");
    });
    Optional<String> name = ElbFields.maxLength(o, "name", 255);
    Optional<String> description = ElbFields.maxLength(o, "description", 255);
    String algorithm = ElbFields.oneOf(o, "lb_algorithm", LB_ALGORITHMS, p.lbAlgorithm);
    Optional<Boolean> adminUp = ElbFields.bool(o, "admin_state_up");
    boolean spGiven = o.has("session_persistence");
    JsonObject persistence = spGiven ? sessionPersistence(o, p.protocol) : p.sessionPersistence;
    requireMutable(lb);
    name.ifPresent(s -> p.name = s);
    description.ifPresent(s -> p.description = s);
    adminUp.ifPresent(b -> p.adminStateUp = b);
    p.lbAlgorithm = algorithm;
    p.sessionPersistence = persistence;
    p.updatedAt = stamp();
    changed(lb, PENDING_UPDATE);
    return p;
  }

  void deletePool(String id) {
    ElbPool p = pool(id);
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    requireMutable(lb);
    if (p.healthMonitorId != null) {
      throw conflict("Pool " + id + " still has health monitor " + p.healthMonitorId + "; delete it first.");
    }
    List<ElbMember> ms = membersOf(id);
    if (!ms.isEmpty()) {
      throw conflict("Pool " + id + " still has " + ms.size() + " member(s); delete them first.");
    }
    pools.remove(id);
    if (p.listenerId != null && listeners.containsKey(p.listenerId)) {
      listeners.get(p.listenerId).defaultPoolId = null;
    }
    changed(lb, PENDING_UPDATE);
  }

  // ------------------------------------------------------------------ members

  ElbMember createMember(ElbVersion v, String poolId, JsonObject o) {
    ElbPool p = pool(poolId);
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    String address = ElbFields.requiredString(o, "address");
    if (!Ipv4.isIpv4(address)) {
      throw invalid("Invalid input for field/attribute address. Value: " + address + ". It must be an IPv4 address.");
    }
    int port = ElbFields.requiredInteger(o, "protocol_port", 1, 65535);
    String subnetField = v == ElbVersion.V2 ? "subnet_id" : "subnet_cidr_id";
    Optional<String> subnetId = ElbFields.string(o, subnetField).filter(s -> !s.isBlank());
    Subnet subnet = null;
    if (subnetId.isPresent()) {
      subnet = vipSubnet(subnetId.get(), subnetField);
      if (!subnet.contains(address)) {
        throw invalid("Member address " + address + " is not in subnet " + subnet.neutronSubnetId() + " ("
            + subnet.cidr() + ").");
      }
    } else if (v == ElbVersion.V2 || !lb.ipTargetEnable) {
      throw invalid("Invalid input for field/attribute " + subnetField + ": it is required"
          + (v == ElbVersion.V3 ? " unless the load balancer has ip_target_enable (cross-VPC backends)" : "")
          + ".");
    }
    int weight = ElbFields.integer(o, "weight", 0, 100).orElse(1);
    String name = ElbFields.maxLength(o, "name", 255).orElse("");
    boolean adminUp = ElbFields.bool(o, "admin_state_up").orElse(true);
    requireMutable(lb);
    for (ElbMember m : membersOf(poolId)) {
      if (m.address.equals(address) && m.protocolPort == port) {
        throw conflict("Pool " + poolId + " already has member " + m.id + " with address " + address + " and port "
            + port + ".");
      }
    }
    ElbMember m = new ElbMember(state.newId(), poolId, address, port,
        subnet == null ? null : subnet.neutronSubnetId(), stamp());
    m.weight = weight;
    m.name = name;
    m.adminStateUp = adminUp;
    members.put(m.id, m);
    changed(lb, PENDING_UPDATE);
    return m;
  }

  ElbMember member(String poolId, String id) {
    pool(poolId);
    ElbMember m = members.get(id);
    if (m == null || !m.poolId.equals(poolId)) {
      throw notFound("member", id);
    }
    return m;
  }

  List<ElbMember> membersOf(String poolId) {
    return members.values().stream().filter(m -> m.poolId.equals(poolId)).toList();
  }

  ElbMember updateMember(String poolId, String id, JsonObject o) {
    ElbMember m = member(poolId, id);
    ElbLoadBalancer lb = loadBalancer(pool(poolId).loadBalancerId);
    Optional<String> name = ElbFields.maxLength(o, "name", 255);
    Optional<Integer> weight = ElbFields.integer(o, "weight", 0, 100);
    Optional<Boolean> adminUp = ElbFields.bool(o, "admin_state_up");
    requireMutable(lb);
    name.ifPresent(s -> m.name = s);
    weight.ifPresent(w -> m.weight = w);
    adminUp.ifPresent(b -> m.adminStateUp = b);
    m.updatedAt = stamp();
    changed(lb, PENDING_UPDATE);
    return m;
  }

  void deleteMember(String poolId, String id) {
    member(poolId, id);
    ElbLoadBalancer lb = loadBalancer(pool(poolId).loadBalancerId);
    requireMutable(lb);
    members.remove(id);
    changed(lb, PENDING_UPDATE);
  }

  /**
   * A member's {@code operating_status}: {@code NO_MONITOR} without a health monitor, else {@code ONLINE} when a
   * running server owns the address and {@code OFFLINE} otherwise.
   */
  String memberStatus(ElbMember m) {
    ElbPool p = pools.get(m.poolId);
    if (p == null || p.healthMonitorId == null) {
      return "NO_MONITOR";
    }
    return state.serverByIp(m.address).filter(s -> "ACTIVE".equals(s.status())).isPresent() ? "ONLINE" : "OFFLINE";
  }

  // ------------------------------------------------------------------ health monitors

  ElbHealthMonitor createHealthMonitor(ElbVersion v, JsonObject o) {
    ElbPool p = pool(ElbFields.requiredString(o, "pool_id"));
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    ElbHealthMonitor hm = new ElbHealthMonitor(state.newId(), p.id, stamp());
    hm.type = ElbFields.oneOf(o, "type", v == ElbVersion.V2 ? MONITOR_TYPES_V2 : MONITOR_TYPES_V3, null);
    hm.delay = ElbFields.requiredInteger(o, "delay", 1, 50);
    hm.timeout = ElbFields.requiredInteger(o, "timeout", 1, 50);
    hm.maxRetries = ElbFields.requiredInteger(o, "max_retries", 1, 10);
    applyMonitor(hm, o);
    checkMonitorType(hm.type, p);
    if (p.healthMonitorId != null) {
      throw conflict("Pool " + p.id + " already has health monitor " + p.healthMonitorId + ".");
    }
    requireMutable(lb);
    monitors.put(hm.id, hm);
    p.healthMonitorId = hm.id;
    changed(lb, PENDING_UPDATE);
    return hm;
  }

  private static void checkMonitorType(String type, ElbPool p) {
    boolean udpPool = UDP_FAMILY.contains(p.protocol);
    if (udpPool != type.equals("UDP_CONNECT")) {
      throw invalid("A " + type + " health monitor cannot check a " + p.protocol + " pool; use "
          + (udpPool ? "UDP_CONNECT" : "TCP or HTTP") + ".");
    }
  }

  private static void applyMonitor(ElbHealthMonitor hm, JsonObject o) {
    ElbFields.maxLength(o, "name", 255).ifPresent(s -> hm.name = s);
    ElbFields.integer(o, "max_retries_down", 1, 10).ifPresent(i -> hm.maxRetriesDown = i);
    ElbFields.string(o, "url_path").ifPresent(s -> {
      if (!s.startsWith("/")) {
        throw invalid("Invalid input for field/attribute url_path. Value: " + s + ". It must start with /.");
      }
      hm.urlPath = s;
    });
    hm.httpMethod = ElbFields.oneOf(o, "http_method", HTTP_METHODS, hm.httpMethod);
    ElbFields.string(o, "expected_codes").ifPresent(s -> hm.expectedCodes = s);
    if (o.has("domain_name")) {
      hm.domainName = ElbFields.string(o, "domain_name").filter(s -> !s.isBlank()).orElse(null);
    }
    if (o.has("monitor_port")) {
      hm.monitorPort = ElbFields.integer(o, "monitor_port", 1, 65535).orElse(null);
    }
    ElbFields.bool(o, "admin_state_up").ifPresent(b -> hm.adminStateUp = b);
  }

  ElbHealthMonitor healthMonitor(String id) {
    ElbHealthMonitor hm = monitors.get(id);
    if (hm == null) {
      throw notFound("healthmonitor", id);
    }
    return hm;
  }

  List<ElbHealthMonitor> healthMonitors() {
    return new ArrayList<>(monitors.values());
  }

  ElbHealthMonitor updateHealthMonitor(ElbVersion v, String id, JsonObject o) {
    ElbHealthMonitor hm = healthMonitor(id);
    ElbPool p = pool(hm.poolId);
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    ElbHealthMonitor copy = new ElbHealthMonitor(hm.id, hm.poolId, hm.createdAt);
    copy.name = hm.name;
    copy.type = ElbFields.oneOf(o, "type", v == ElbVersion.V2 ? MONITOR_TYPES_V2 : MONITOR_TYPES_V3, hm.type);
    copy.delay = ElbFields.integer(o, "delay", 1, 50).orElse(hm.delay);
    copy.timeout = ElbFields.integer(o, "timeout", 1, 50).orElse(hm.timeout);
    copy.maxRetries = ElbFields.integer(o, "max_retries", 1, 10).orElse(hm.maxRetries);
    copy.maxRetriesDown = hm.maxRetriesDown;
    copy.urlPath = hm.urlPath;
    copy.httpMethod = hm.httpMethod;
    copy.expectedCodes = hm.expectedCodes;
    copy.domainName = hm.domainName;
    copy.monitorPort = hm.monitorPort;
    copy.adminStateUp = hm.adminStateUp;
    applyMonitor(copy, o);
    checkMonitorType(copy.type, p);
    requireMutable(lb);
    hm.name = copy.name;
    hm.type = copy.type;
    hm.delay = copy.delay;
    hm.timeout = copy.timeout;
    hm.maxRetries = copy.maxRetries;
    hm.maxRetriesDown = copy.maxRetriesDown;
    hm.urlPath = copy.urlPath;
    hm.httpMethod = copy.httpMethod;
    hm.expectedCodes = copy.expectedCodes;
    hm.domainName = copy.domainName;
    hm.monitorPort = copy.monitorPort;
    hm.adminStateUp = copy.adminStateUp;
    hm.updatedAt = stamp();
    changed(lb, PENDING_UPDATE);
    return hm;
  }

  void deleteHealthMonitor(String id) {
    ElbHealthMonitor hm = healthMonitor(id);
    ElbPool p = pool(hm.poolId);
    ElbLoadBalancer lb = loadBalancer(p.loadBalancerId);
    requireMutable(lb);
    monitors.remove(id);
    p.healthMonitorId = null;
    changed(lb, PENDING_UPDATE);
  }

  // ------------------------------------------------------------------ time

  private Instant now() {
    return state.clock().instant();
  }

  String stamp() {
    return HuaweiState.ISO_SECONDS.format(now());
  }
}
