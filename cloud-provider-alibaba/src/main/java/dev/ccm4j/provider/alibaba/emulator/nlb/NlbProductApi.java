package dev.ccm4j.provider.alibaba.emulator.nlb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.provider.alibaba.emulator.ActionHandler;
import dev.ccm4j.provider.alibaba.emulator.AlibabaApiError;
import dev.ccm4j.provider.alibaba.emulator.AlibabaCloudState;
import dev.ccm4j.provider.alibaba.emulator.ProductApi;
import dev.ccm4j.provider.alibaba.emulator.RpcCall;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.Job;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.Lb;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.Listener;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.Server;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.ServerGroup;
import dev.ccm4j.provider.alibaba.emulator.nlb.NlbStore.Zone;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The Network Load Balancer API ({@code Nlb 2022-04-30}) of the Alibaba Cloud emulator.
 *
 * <p>It keeps load balancers with zone mappings (one private address per zone, plus a public one for internet
 * NLBs), server groups with their servers, listeners ({@code TCP}, {@code UDP}, {@code TCPSSL}) with their
 * certificates, and tags, and answers in the NLB API's JSON shapes and error codes. As on the real service, every
 * mutating call returns a {@code JobId}: the job is {@code Processing} for {@link #jobDuration(Duration) a while}
 * on the emulator's clock and then {@code Succeeded}; while it runs, further changes to the same load balancer or
 * server group fail with {@code Conflict.Lock} (tag and protection changes apply at once: their jobs lock
 * nothing). A new load balancer is {@code Provisioning} for {@link #provisioningDuration(Duration) a while} before
 * it turns {@code Active}, and listeners can only be added to an active one. {@code List*} calls page with
 * {@code NextToken} and {@code MaxResults} (default 20, at most 100).
 */
public final class NlbProductApi extends ProductApi {
  /** Order numbers, long and numeric like Alibaba's. */
  private final AtomicLong orders = new AtomicLong(230_000_000_000_000L);

  /** The product code clients put in their endpoint and the emulator routes on. */
  public static final String PRODUCT = "Nlb";
  /** The API version. */
  public static final String VERSION = "2022-04-30";

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "TCPSSL");
  private static final Set<String> SCHEDULERS = Set.of("Wrr", "rr", "sch", "tch", "qch");

  private final AlibabaCloudState state;
  private final NlbStore store;

  /**
   * Creates the product over the emulator's shared state (for ECS instances, the VPC, ids and the clock).
   *
   * @param state the emulator state
   */
  public NlbProductApi(AlibabaCloudState state) {
    super(PRODUCT, VERSION);
    this.state = Objects.requireNonNull(state, "state");
    this.store = new NlbStore(state.clock());
    state.ecs().onTerminate(this::releaseInstance);
    action("CreateLoadBalancer", locked(this::createLoadBalancer));
    action("DeleteLoadBalancer", locked(this::deleteLoadBalancer));
    action("GetLoadBalancerAttribute", locked(this::getLoadBalancerAttribute));
    action("ListLoadBalancers", locked(this::listLoadBalancers));
    action("UpdateLoadBalancerAttribute", locked(this::updateLoadBalancerAttribute));
    action("UpdateLoadBalancerAddressTypeConfig", locked(this::updateAddressType));
    action("UpdateLoadBalancerZones", locked(this::updateZones));
    action("UpdateLoadBalancerProtection", locked(this::updateProtection));
    action("LoadBalancerJoinSecurityGroup", locked(c -> securityGroups(c, true)));
    action("LoadBalancerLeaveSecurityGroup", locked(c -> securityGroups(c, false)));
    action("AttachCommonBandwidthPackageToLoadBalancer", locked(c -> bandwidthPackage(c, true)));
    action("DetachCommonBandwidthPackageFromLoadBalancer", locked(c -> bandwidthPackage(c, false)));
    action("TagResources", locked(this::tagResources));
    action("UntagResources", locked(this::untagResources));
    action("ListTagResources", locked(this::listTagResources));
    action("CreateServerGroup", locked(this::createServerGroup));
    action("DeleteServerGroup", locked(this::deleteServerGroup));
    action("UpdateServerGroupAttribute", locked(this::updateServerGroupAttribute));
    action("ListServerGroups", locked(this::listServerGroups));
    action("ListServerGroupServers", locked(this::listServerGroupServers));
    action("AddServersToServerGroup", locked(this::addServers));
    action("RemoveServersFromServerGroup", locked(this::removeServers));
    action("UpdateServerGroupServersAttribute", locked(this::updateServers));
    action("CreateListener", locked(this::createListener));
    action("UpdateListenerAttribute", locked(this::updateListener));
    action("DeleteListener", locked(this::deleteListener));
    action("StartListener", locked(c -> startStopListener(c, "Running")));
    action("StopListener", locked(c -> startStopListener(c, "Stopped")));
    action("ListListeners", locked(this::listListeners));
    action("ListListenerCertificates", locked(this::listListenerCertificates));
    action("AssociateAdditionalCertificatesWithListener", locked(c -> additionalCertificates(c, true)));
    action("DisassociateAdditionalCertificatesWithListener", locked(c -> additionalCertificates(c, false)));
    action("GetJobStatus", locked(this::getJobStatus));
    action("ListAsynJobs", locked(this::listAsynJobs));
    action("DescribeRegions", locked(this::describeRegions));
    action("DescribeZones", locked(this::describeZones));
  }

  /**
   * Sets how long each asynchronous job stays {@code Processing} (default 1 s of the emulator clock).
   *
   * @param duration zero or positive
   * @return this product
   */
  public NlbProductApi jobDuration(Duration duration) {
    requireNotNegative(duration);
    synchronized (store) {
      store.jobDuration(duration);
    }
    return this;
  }

  /**
   * Sets how long a new load balancer stays {@code Provisioning} (default 2 s of the emulator clock).
   *
   * @param duration zero or positive
   * @return this product
   */
  public NlbProductApi provisioningDuration(Duration duration) {
    requireNotNegative(duration);
    synchronized (store) {
      store.provisioningDuration(duration);
    }
    return this;
  }

  @Override
  public List<ControlLoadBalancer> controlLoadBalancers() {
    synchronized (store) {
      store.settle();
      List<ControlLoadBalancer> out = new ArrayList<>();
      for (Lb lb : store.loadBalancers.values()) {
        ControlLoadBalancer.Builder b = ControlLoadBalancer.builder().id(lb.id).name(lb.name).tags(lb.tags);
        b.addAddress(lb.dnsName);
        for (Zone z : lb.zones) {
          b.addAddress(z.privateIp);
          if (z.publicIp != null) {
            b.addAddress(z.publicIp);
          }
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Listener l : listenersOf(lb.id)) {
          ServerGroup sg = store.serverGroups.get(l.serverGroupId);
          int backendPort = sg == null || sg.servers.isEmpty() ? 0 : sg.servers.get(0).port;
          b.addListener(new ControlListener(l.protocol.toLowerCase(Locale.ROOT), l.port, backendPort));
          groups.add(l.serverGroupId);
        }
        for (String g : groups) {
          ServerGroup sg = store.serverGroups.get(g);
          if (sg != null) {
            for (Server s : sg.servers) {
              b.addBackend(new ControlBackend(s.serverId, serverAddress(s), s.port, s.weight));
            }
          }
        }
        out.add(b.build());
      }
      return out;
    }
  }

  // --- load balancers -----------------------------------------------------------------------------------------

  private JsonObject createLoadBalancer(RpcCall c) {
    String addressType = oneOf(c, "AddressType", Set.of("Internet", "Intranet"), null);
    String vpcId = c.required("VpcId");
    if (!vpcId.equals(state.vpcId())) {
      throw AlibabaApiError.notFound("ResourceNotFound.vpc", "The specified resource " + vpcId
          + " is not found.");
    }
    String ipVersion = c.optional("AddressIpVersion").orElse("ipv4");
    if (!ipVersion.equalsIgnoreCase("ipv4") && !ipVersion.equalsIgnoreCase("DualStack")) {
      throw invalidParam("AddressIpVersion", ipVersion);
    }
    String type = c.optional("LoadBalancerType").orElse("Network");
    if (!type.equals("Network")) {
      throw invalidParam("LoadBalancerType", type);
    }
    List<Map<String, String>> zoneParams = c.objects("ZoneMappings");
    List<Zone> zones = zones(zoneParams, addressType);
    Optional<String> token = c.optional("ClientToken").filter(t -> !t.isEmpty());
    if (token.isPresent()) {
      for (Lb existing : store.loadBalancers.values()) {
        if (token.get().equals(existing.clientToken)) {
          // an idempotent retry: the same answer, no second load balancer
          JsonObject r = new JsonObject();
          r.addProperty("LoadbalancerId", existing.id);
          r.addProperty("JobId", latestJob(existing.id).map(j -> j.id).orElse(""));
          r.addProperty("OrderId", existing.orderId);
          return r;
        }
      }
    }
    String name = c.optional("LoadBalancerName").orElse(null);
    if (name != null) {
      checkName("LoadBalancerName", name);
    }
    String id = state.ids().next("nlb-");
    Instant now = store.now();
    Lb lb = new Lb(id, c.regionId(), vpcId, now, now.plus(store.provisioningDuration()),
        ipVersion.equalsIgnoreCase("ipv4") ? "ipv4" : "DualStack", c.optional("ResourceGroupId").orElse(
            "rg-default"), token.orElse(null));
    lb.name = name;
    lb.addressType = addressType;
    lb.ipv6AddressType = c.optional("Ipv6AddressType").orElse(null);
    lb.zones = zones;
    lb.bandwidthPackageId = c.optional("BandwidthPackageId").orElse(null);
    lb.deletionProtection = bool(c, "DeletionProtectionConfig.Enabled").orElse(false);
    lb.deletionProtectionReason = c.optional("DeletionProtectionConfig.Reason").orElse(null);
    lb.modificationProtection = oneOf(c, "ModificationProtectionConfig.Status",
        Set.of("ConsoleProtection", "NonProtection"), "NonProtection");
    lb.modificationProtectionReason = c.optional("ModificationProtectionConfig.Reason").orElse(null);
    putTags(lb.tags, c);
    store.loadBalancers.put(id, lb);
    Job job = submit("CreateLoadBalancer", "loadbalancer", id, List.of(id), null);
    lb.orderId = orders.incrementAndGet();
    // Alibaba spells this one key with a lower-case b (every other NLB answer says LoadBalancerId), and OrderId is a
    // number: the official SDK's model fails on anything else
    JsonObject r = new JsonObject();
    r.addProperty("LoadbalancerId", id);
    r.addProperty("JobId", job.id);
    r.addProperty("OrderId", lb.orderId);
    return r;
  }

  private List<Zone> zones(List<Map<String, String>> params, String addressType) {
    if (params.size() < 2) {
      throw AlibabaApiError.invalid("IllegalParam.ZoneMappings", "An NLB needs zone mappings in at least two "
          + "zones, got " + params.size() + ".");
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Zone> zones = new ArrayList<>();
    for (Map<String, String> z : params) {
      String zoneId = z.get("ZoneId");
      String vsw = z.get("VSwitchId");
      if (zoneId == null || zoneId.isEmpty() || vsw == null || vsw.isEmpty()) {
        throw AlibabaApiError.invalid("MissingParam.ZoneMappings", "Every zone mapping needs ZoneId and "
            + "VSwitchId.");
      }
      if (!seen.add(zoneId)) {
        throw AlibabaApiError.invalid("IllegalParam.ZoneMappings", "Zone " + zoneId + " is mapped twice.");
      }
      VSwitch vSwitch = state.vpc().vSwitch(vsw).orElseThrow(() -> AlibabaApiError.notFound(
          "ResourceNotFound.vSwitch", "The specified resource " + vsw + " is not found."));
      if (!vSwitch.zoneId().equals(zoneId)) {
        throw AlibabaApiError.invalid("IllegalParam.ZoneMappings", "The vSwitch " + vsw + " is in zone "
            + vSwitch.zoneId() + ", not " + zoneId + ".");
      }
      String ip = z.getOrDefault("PrivateIPv4Address", "");
      if (ip.isEmpty()) {
        ip = state.vpc().allocatePrivateIp(vsw);
      } else {
        try {
          state.vpc().claimPrivateIp(vsw, ip);
        } catch (IllegalArgumentException e) {
          throw AlibabaApiError.invalid("IllegalParam.PrivateIPv4Address", e.getMessage() + ".");
        }
      }
      Zone zone = new Zone(zoneId, vsw, ip, z.get("AllocationId"));
      if ("Internet".equals(addressType)) {
        zone.publicIp = state.vpc().allocatePublicIp();
      }
      zones.add(zone);
    }
    return zones;
  }

  private JsonObject deleteLoadBalancer(RpcCall c) {
    Lb lb = lb(c);
    unlocked(lb.id);
    if (lb.deletionProtection) {
      throw AlibabaApiError.forbidden("OperationDenied.DeletionProtection", "The load balancer " + lb.id
          + " has deletion protection enabled; disable it first.");
    }
    lb.deleting = true;
    Job job = submit("DeleteLoadBalancer", "loadbalancer", lb.id, List.of(lb.id), () -> {
      store.loadBalancers.remove(lb.id);
      lb.zones.forEach(z -> state.vpc().releasePrivateIp(z.privateIp));
      store.listeners.values().removeIf(l -> l.loadBalancerId.equals(lb.id));
    });
    return jobResponse(job);
  }

  private JsonObject getLoadBalancerAttribute(RpcCall c) {
    return lbJson(lb(c));
  }

  private JsonObject listLoadBalancers(RpcCall c) {
    List<String> ids = c.list("LoadBalancerIds");
    List<String> names = c.list("LoadBalancerNames");
    List<String> vpcs = c.list("VpcIds");
    Optional<String> addressType = c.optional("AddressType");
    Optional<String> status = c.optional("LoadBalancerStatus");
    Optional<String> rg = c.optional("ResourceGroupId");
    Predicate<Map<String, String>> tags = tagFilter(c);
    List<JsonObject> all = store.loadBalancers.values().stream()
        .filter(lb -> lb.regionId.equals(c.regionId()))
        .filter(lb -> ids.isEmpty() || ids.contains(lb.id))
        .filter(lb -> names.isEmpty() || names.contains(lb.name))
        .filter(lb -> vpcs.isEmpty() || vpcs.contains(lb.vpcId))
        .filter(lb -> addressType.isEmpty() || addressType.get().equals(lb.addressType))
        .filter(lb -> status.isEmpty() || status.get().equals(lbStatus(lb)))
        .filter(lb -> rg.isEmpty() || rg.get().equals(lb.resourceGroupId))
        .filter(lb -> tags.test(lb.tags))
        .map(this::lbJson)
        .collect(Collectors.toList());
    return page(c, "LoadBalancers", all);
  }

  private JsonObject updateLoadBalancerAttribute(RpcCall c) {
    Lb lb = mutableLb(c);
    Optional<String> name = c.optional("LoadBalancerName");
    name.ifPresent(n -> checkName("LoadBalancerName", n));
    Optional<Boolean> crossZone = bool(c, "CrossZoneEnabled");
    name.ifPresent(n -> lb.name = n);
    crossZone.ifPresent(z -> lb.crossZone = z);
    return jobResponse(submit("UpdateLoadBalancerAttribute", "loadbalancer", lb.id, List.of(lb.id), null));
  }

  private JsonObject updateAddressType(RpcCall c) {
    Lb lb = mutableLb(c);
    String type = oneOf(c, "AddressType", Set.of("Internet", "Intranet"), null);
    lb.addressType = type;
    for (Zone z : lb.zones) {
      z.publicIp = type.equals("Internet") ? (z.publicIp == null ? state.vpc().allocatePublicIp() : z.publicIp)
          : null;
    }
    return jobResponse(submit("UpdateLoadBalancerAddressTypeConfig", "loadbalancer", lb.id, List.of(lb.id),
        null));
  }

  private JsonObject updateZones(RpcCall c) {
    Lb lb = mutableLb(c);
    List<Zone> old = lb.zones;
    lb.zones = zones(c.objects("ZoneMappings"), lb.addressType);
    old.forEach(z -> state.vpc().releasePrivateIp(z.privateIp));
    return jobResponse(submit("UpdateLoadBalancerZones", "loadbalancer", lb.id, List.of(lb.id), null));
  }

  private JsonObject updateProtection(RpcCall c) {
    Lb lb = lb(c);
    unlocked(lb.id);
    bool(c, "DeletionProtectionEnabled").ifPresent(v -> lb.deletionProtection = v);
    c.optional("DeletionProtectionReason").ifPresent(v -> lb.deletionProtectionReason = v);
    c.optional("ModificationProtectionStatus").ifPresent(v -> {
      if (!v.equals("ConsoleProtection") && !v.equals("NonProtection")) {
        throw invalidParam("ModificationProtectionStatus", v);
      }
      lb.modificationProtection = v;
    });
    c.optional("ModificationProtectionReason").ifPresent(v -> lb.modificationProtectionReason = v);
    // applied at once; the job only reports it, so it locks nothing
    return jobResponse(submit("UpdateLoadBalancerProtection", "loadbalancer", lb.id, List.of(), null));
  }

  private JsonObject securityGroups(RpcCall c, boolean join) {
    Lb lb = mutableLb(c);
    List<String> ids = c.list("SecurityGroupIds");
    if (ids.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParam.SecurityGroupIds", "SecurityGroupIds is mandatory for this "
          + "action.");
    }
    for (String id : ids) {
      if (join && !lb.securityGroups.contains(id)) {
        lb.securityGroups.add(id);
      } else if (!join) {
        lb.securityGroups.remove(id);
      }
    }
    return jobResponse(submit(join ? "LoadBalancerJoinSecurityGroup" : "LoadBalancerLeaveSecurityGroup",
        "loadbalancer", lb.id, List.of(lb.id), null));
  }

  private JsonObject bandwidthPackage(RpcCall c, boolean attach) {
    Lb lb = mutableLb(c);
    String id = c.required("BandwidthPackageId");
    if (attach) {
      lb.bandwidthPackageId = id;
    } else if (id.equals(lb.bandwidthPackageId)) {
      lb.bandwidthPackageId = null;
    }
    return jobResponse(submit(attach ? "AttachCommonBandwidthPackageToLoadBalancer"
        : "DetachCommonBandwidthPackageFromLoadBalancer", "loadbalancer", lb.id, List.of(lb.id), null));
  }

  // --- tags ---------------------------------------------------------------------------------------------------

  private Map<String, String> tagsOf(String resourceType, String id) {
    switch (resourceType) {
      case "loadbalancer": {
        Lb lb = store.loadBalancers.get(id);
        if (lb == null) {
          throw notFound("loadBalancer", id);
        }
        return lb.tags;
      }
      case "servergroup": {
        ServerGroup sg = store.serverGroups.get(id);
        if (sg == null) {
          throw notFound("serverGroup", id);
        }
        return sg.tags;
      }
      case "listener": {
        Listener l = store.listeners.get(id);
        if (l == null) {
          throw notFound("listener", id);
        }
        return l.tags;
      }
      default:
        throw invalidParam("ResourceType", resourceType);
    }
  }

  private JsonObject tagResources(RpcCall c) {
    String type = c.required("ResourceType");
    List<String> ids = c.list("ResourceId");
    for (String id : ids) {
      Map<String, String> tags = tagsOf(type, id);
      putTags(tags, c);
    }
    return jobResponse(submit("TagResources", type, String.join(",", ids), List.of(), null));
  }

  private JsonObject untagResources(RpcCall c) {
    String type = c.required("ResourceType");
    boolean all = bool(c, "All").orElse(false);
    List<String> keys = c.list("TagKey");
    for (String id : c.list("ResourceId")) {
      Map<String, String> tags = tagsOf(type, id);
      if (all) {
        tags.clear();
      } else {
        keys.forEach(tags::remove);
      }
    }
    return jobResponse(submit("UntagResources", type, String.join(",", c.list("ResourceId")), List.of(), null));
  }

  private JsonObject listTagResources(RpcCall c) {
    String type = c.required("ResourceType");
    List<JsonObject> rows = new ArrayList<>();
    for (String id : c.list("ResourceId")) {
      tagsOf(type, id).forEach((k, v) -> {
        JsonObject t = new JsonObject();
        t.addProperty("ResourceId", id);
        t.addProperty("ResourceType", type);
        t.addProperty("TagKey", k);
        t.addProperty("TagValue", v);
        rows.add(t);
      });
    }
    return page(c, "TagResources", rows);
  }

  // --- server groups ------------------------------------------------------------------------------------------

  private JsonObject createServerGroup(RpcCall c) {
    String name = c.required("ServerGroupName");
    checkName("ServerGroupName", name);
    String vpcId = c.required("VpcId");
    if (!vpcId.equals(state.vpcId())) {
      throw AlibabaApiError.notFound("ResourceNotFound.vpc", "The specified resource " + vpcId
          + " is not found.");
    }
    String type = oneOf(c, "ServerGroupType", Set.of("Instance", "Ip"), "Instance");
    String protocol = oneOf(c, "Protocol", PROTOCOLS, "TCP");
    String id = state.ids().next("sgp-");
    ServerGroup sg = new ServerGroup(id, type, protocol, vpcId, c.optional("ResourceGroupId").orElse(
        "rg-default"), c.regionId());
    sg.name = name;
    applyServerGroupAttributes(sg, c);
    sg.anyPort = bool(c, "AnyPortEnabled").orElse(false);
    putTags(sg.tags, c);
    store.serverGroups.put(id, sg);
    Job job = submit("CreateServerGroup", "servergroup", id, List.of(id), null);
    JsonObject r = jobResponse(job);
    r.addProperty("ServerGroupId", id);
    return r;
  }

  private void applyServerGroupAttributes(ServerGroup sg, RpcCall c) {
    c.optional("Scheduler").ifPresent(s -> {
      if (!SCHEDULERS.contains(s)) {
        throw invalidParam("Scheduler", s);
      }
      sg.scheduler = s;
    });
    bool(c, "PreserveClientIpEnabled").ifPresent(v -> sg.preserveClientIp = v);
    bool(c, "ConnectionDrainEnabled").ifPresent(v -> sg.connectionDrain = v);
    integer(c, "ConnectionDrainTimeout", 0, 900).ifPresent(v -> sg.connectionDrainTimeout = v);
    String p = "HealthCheckConfig.";
    bool(c, p + "HealthCheckEnabled").ifPresent(v -> sg.healthCheck.put("HealthCheckEnabled", v));
    c.optional(p + "HealthCheckType").ifPresent(v -> sg.healthCheck.put("HealthCheckType", v));
    integer(c, p + "HealthCheckConnectPort", 0, 65535).ifPresent(v -> sg.healthCheck.put("HealthCheckConnectPort",
        v));
    integer(c, p + "HealthyThreshold", 2, 10).ifPresent(v -> sg.healthCheck.put("HealthyThreshold", v));
    integer(c, p + "UnhealthyThreshold", 2, 10).ifPresent(v -> sg.healthCheck.put("UnhealthyThreshold", v));
    integer(c, p + "HealthCheckConnectTimeout", 1, 300).ifPresent(v -> sg.healthCheck.put(
        "HealthCheckConnectTimeout", v));
    integer(c, p + "HealthCheckInterval", 1, 50).ifPresent(v -> sg.healthCheck.put("HealthCheckInterval", v));
    c.optional(p + "HealthCheckUrl").ifPresent(v -> sg.healthCheck.put("HealthCheckUrl", v));
    c.optional(p + "HealthCheckDomain").ifPresent(v -> sg.healthCheck.put("HealthCheckDomain", v));
    c.optional(p + "HttpCheckMethod").ifPresent(v -> sg.healthCheck.put("HttpCheckMethod", v));
    List<String> codes = c.list(p + "HealthCheckHttpCode");
    if (!codes.isEmpty()) {
      sg.healthCheck.put("HealthCheckHttpCode", List.copyOf(codes));
    }
  }

  private JsonObject deleteServerGroup(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    unlocked(sg.id);
    for (Listener l : store.listeners.values()) {
      if (sg.id.equals(l.serverGroupId)) {
        throw AlibabaApiError.invalid("ResourceInUse.serverGroup", "The server group " + sg.id
            + " is used by listener " + l.id + ".");
      }
    }
    store.serverGroups.remove(sg.id);
    return jobResponse(submit("DeleteServerGroup", "servergroup", sg.id, List.of(sg.id), null));
  }

  private JsonObject updateServerGroupAttribute(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    unlocked(sg.id);
    c.optional("ServerGroupName").ifPresent(n -> {
      checkName("ServerGroupName", n);
      sg.name = n;
    });
    applyServerGroupAttributes(sg, c);
    return jobResponse(submit("UpdateServerGroupAttribute", "servergroup", sg.id, List.of(sg.id), null));
  }

  private JsonObject listServerGroups(RpcCall c) {
    List<String> ids = c.list("ServerGroupIds");
    List<String> names = c.list("ServerGroupNames");
    Optional<String> type = c.optional("ServerGroupType");
    Optional<String> vpc = c.optional("VpcId");
    Predicate<Map<String, String>> tags = tagFilter(c);
    List<JsonObject> all = store.serverGroups.values().stream()
        .filter(sg -> sg.regionId.equals(c.regionId()))
        .filter(sg -> ids.isEmpty() || ids.contains(sg.id))
        .filter(sg -> names.isEmpty() || names.contains(sg.name))
        .filter(sg -> type.isEmpty() || type.get().equals(sg.type))
        .filter(sg -> vpc.isEmpty() || vpc.get().equals(sg.vpcId))
        .filter(sg -> tags.test(sg.tags))
        .map(this::serverGroupJson)
        .collect(Collectors.toList());
    return page(c, "ServerGroups", all);
  }

  private JsonObject listServerGroupServers(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    List<String> ids = c.list("ServerIds");
    List<String> ips = c.list("ServerIps");
    boolean busy = store.runningJobOn(sg.id).isPresent();
    List<JsonObject> rows = sg.servers.stream()
        .filter(s -> ids.isEmpty() || ids.contains(s.serverId))
        .filter(s -> ips.isEmpty() || ips.contains(s.serverIp))
        .map(s -> {
          JsonObject o = new JsonObject();
          o.addProperty("ServerGroupId", sg.id);
          o.addProperty("ServerId", s.serverId);
          o.addProperty("ServerType", s.serverType);
          o.addProperty("ServerIp", serverAddress(s));
          o.addProperty("Port", s.port);
          o.addProperty("Weight", s.weight);
          o.addProperty("Description", s.description == null ? "" : s.description);
          o.addProperty("Status", busy ? "Configuring" : "Available");
          if (s.zoneId != null) {
            o.addProperty("ZoneId", s.zoneId);
          }
          return o;
        })
        .collect(Collectors.toList());
    return page(c, "Servers", rows);
  }

  private JsonObject addServers(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    unlocked(sg.id);
    List<Server> servers = servers(c, sg, true);
    for (Server s : servers) {
      if (find(sg, s).isPresent()) {
        throw AlibabaApiError.invalid("ResourceAlreadyAssociated.server", "The server " + s.serverId + ":"
            + s.port + " is already in server group " + sg.id + ".");
      }
    }
    sg.servers.addAll(servers);
    return serverJob("AddServersToServerGroup", sg);
  }

  private JsonObject removeServers(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    unlocked(sg.id);
    List<Server> servers = servers(c, sg, false);
    for (Server s : servers) {
      Server existing = find(sg, s).orElseThrow(() -> AlibabaApiError.notFound("ResourceNotFound.server",
          "The server " + s.serverId + ":" + s.port + " is not in server group " + sg.id + "."));
      sg.servers.remove(existing);
    }
    return serverJob("RemoveServersFromServerGroup", sg);
  }

  private JsonObject updateServers(RpcCall c) {
    ServerGroup sg = serverGroup(c);
    unlocked(sg.id);
    List<Server> servers = servers(c, sg, true);
    for (Server s : servers) {
      Server existing = find(sg, s).orElseThrow(() -> AlibabaApiError.notFound("ResourceNotFound.server",
          "The server " + s.serverId + ":" + s.port + " is not in server group " + sg.id + "."));
      existing.weight = s.weight;
      existing.description = s.description;
    }
    return serverJob("UpdateServerGroupServersAttribute", sg);
  }

  private JsonObject serverJob(String api, ServerGroup sg) {
    JsonObject r = jobResponse(submit(api, "servergroup", sg.id, List.of(sg.id), null));
    r.addProperty("ServerGroupId", sg.id);
    return r;
  }

  private Optional<Server> find(ServerGroup sg, Server s) {
    return sg.servers.stream()
        .filter(x -> x.serverId.equals(s.serverId) && x.port == s.port)
        .findFirst();
  }

  private List<Server> servers(RpcCall c, ServerGroup sg, boolean withAttributes) {
    List<Map<String, String>> params = c.objects("Servers");
    if (params.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParam.Servers", "Servers is mandatory for this action.");
    }
    List<Server> out = new ArrayList<>();
    for (Map<String, String> p : params) {
      String id = p.get("ServerId");
      String type = p.get("ServerType");
      if (id == null || id.isEmpty() || type == null) {
        throw AlibabaApiError.invalid("MissingParam.ServerId", "Every server needs ServerId and ServerType.");
      }
      if (!Set.of("Ecs", "Eni", "Eci", "Ip").contains(type)) {
        throw invalidParam("ServerType", type);
      }
      if (sg.type.equals("Instance") == type.equals("Ip")) {
        throw AlibabaApiError.invalid("IllegalParam.ServerType", "Server type " + type
            + " does not fit server group type " + sg.type + ".");
      }
      if (type.equals("Ecs") && state.ecs().instance(id).isEmpty()) {
        throw AlibabaApiError.notFound("ResourceNotFound.ecs", "The specified ECS instance " + id
            + " is not found.");
      }
      int port = parseInt("Port", p.getOrDefault("Port", sg.anyPort ? "0" : ""), 0, 65535);
      int weight = withAttributes ? parseInt("Weight", p.getOrDefault("Weight", "100"), 0, 100) : 100;
      Server s = new Server(id, type, p.getOrDefault("ServerIp", ""), port, weight, p.get("Description"));
      s.zoneId = p.get("ZoneId");
      out.add(s);
    }
    return out;
  }

  private String serverAddress(Server s) {
    if (!s.serverIp.isEmpty() || !s.serverType.equals("Ecs")) {
      return s.serverIp;
    }
    return state.ecs().instance(s.serverId).map(i -> i.privateIp()).orElse("");
  }

  // --- listeners ----------------------------------------------------------------------------------------------

  private JsonObject createListener(RpcCall c) {
    Lb lb = lb(c);
    if (lb.deleting || store.now().isBefore(lb.activeAt)) {
      throw AlibabaApiError.invalid("IncorrectStatus.loadBalancer", "The status of the load balancer " + lb.id
          + " is " + lbStatus(lb) + "; listeners can be created on an Active load balancer only.");
    }
    unlocked(lb.id);
    String protocol = oneOf(c, "ListenerProtocol", PROTOCOLS, null);
    int port = parseInt("ListenerPort", c.optional("ListenerPort").orElse("0"), 0, 65535);
    int start = parseInt("StartPort", c.optional("StartPort").orElse("0"), 0, 65535);
    int end = parseInt("EndPort", c.optional("EndPort").orElse("0"), 0, 65535);
    if (port == 0 && (start == 0 || end <= start)) {
      throw invalidParam("ListenerPort", String.valueOf(port));
    }
    for (Listener l : listenersOf(lb.id)) {
      if (l.port == port && l.protocol.equals(protocol)) {
        throw AlibabaApiError.conflict("Conflict.Port", "The listener port " + port + "/" + protocol
            + " is already used on load balancer " + lb.id + ".");
      }
    }
    String sgId = c.required("ServerGroupId");
    ServerGroup sg = store.serverGroups.get(sgId);
    if (sg == null) {
      throw notFound("serverGroup", sgId);
    }
    boolean udp = protocol.equals("UDP");
    if (udp != sg.protocol.equals("UDP")) {
      throw AlibabaApiError.invalid("IllegalParam.ServerGroupId", "A " + protocol + " listener cannot forward to "
          + "the " + sg.protocol + " server group " + sgId + ".");
    }
    List<String> certs = c.list("CertificateIds");
    if (protocol.equals("TCPSSL") && certs.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParam.CertificateIds", "A TCPSSL listener needs CertificateIds.");
    }
    String id = state.ids().next("lsn-");
    Listener l = new Listener(id, lb.id, protocol, port, c.regionId());
    l.serverGroupId = sgId;
    applyListenerAttributes(l, c);
    putTags(l.tags, c);
    store.listeners.put(id, l);
    JsonObject r = jobResponse(submit("CreateListener", "listener", id, List.of(lb.id, id), null));
    r.addProperty("ListenerId", id);
    return r;
  }

  private void applyListenerAttributes(Listener l, RpcCall c) {
    c.optional("ListenerDescription").ifPresent(v -> l.description = v);
    integer(c, "IdleTimeout", 1, 900).ifPresent(v -> l.idleTimeout = v);
    integer(c, "Cps", 0, 1_000_000).ifPresent(v -> l.cps = v);
    bool(c, "ProxyProtocolEnabled").ifPresent(v -> l.proxyProtocol = v);
    JsonObject ppv2 = object(c, "ProxyProtocolV2Config");
    for (String k : List.of("Ppv2PrivateLinkEpIdEnabled", "Ppv2PrivateLinkEpsIdEnabled", "Ppv2VpcIdEnabled")) {
      if (ppv2.has(k)) {
        l.ppv2.put(k, ppv2.get(k).getAsBoolean());
      }
    }
    List<String> certs = c.list("CertificateIds");
    if (!certs.isEmpty()) {
      l.certificateIds = new ArrayList<>(certs);
    }
    List<String> ca = c.list("CaCertificateIds");
    if (!ca.isEmpty()) {
      l.caCertificateIds = new ArrayList<>(ca);
    }
    bool(c, "CaEnabled").ifPresent(v -> l.caEnabled = v);
    c.optional("SecurityPolicyId").ifPresent(v -> l.securityPolicyId = v);
    bool(c, "AlpnEnabled").ifPresent(v -> l.alpnEnabled = v);
    c.optional("AlpnPolicy").ifPresent(v -> l.alpnPolicy = v);
    c.optional("ServerGroupId").ifPresent(v -> {
      if (!store.serverGroups.containsKey(v)) {
        throw notFound("serverGroup", v);
      }
      l.serverGroupId = v;
    });
  }

  private JsonObject updateListener(RpcCall c) {
    Listener l = listener(c);
    unlocked(l.loadBalancerId);
    applyListenerAttributes(l, c);
    return jobResponse(submit("UpdateListenerAttribute", "listener", l.id, List.of(l.loadBalancerId, l.id), null));
  }

  private JsonObject deleteListener(RpcCall c) {
    Listener l = listener(c);
    unlocked(l.loadBalancerId);
    store.listeners.remove(l.id);
    return jobResponse(submit("DeleteListener", "listener", l.id, List.of(l.loadBalancerId, l.id), null));
  }

  private JsonObject startStopListener(RpcCall c, String status) {
    Listener l = listener(c);
    unlocked(l.loadBalancerId);
    l.status = status;
    return jobResponse(submit(status.equals("Running") ? "StartListener" : "StopListener", "listener", l.id,
        List.of(l.loadBalancerId, l.id), null));
  }

  private JsonObject listListeners(RpcCall c) {
    List<String> ids = c.list("ListenerIds");
    List<String> lbs = c.list("LoadBalancerIds");
    Optional<String> protocol = c.optional("ListenerProtocol");
    List<JsonObject> rows = store.listeners.values().stream()
        .filter(l -> l.regionId.equals(c.regionId()))
        .filter(l -> ids.isEmpty() || ids.contains(l.id))
        .filter(l -> lbs.isEmpty() || lbs.contains(l.loadBalancerId))
        .filter(l -> protocol.isEmpty() || protocol.get().equals(l.protocol))
        .map(this::listenerJson)
        .collect(Collectors.toList());
    return page(c, "Listeners", rows);
  }

  private JsonObject listListenerCertificates(RpcCall c) {
    Listener l = listener(c);
    Optional<String> type = c.optional("CertType");
    List<JsonObject> rows = new ArrayList<>();
    if (type.isEmpty() || type.get().equals("Server")) {
      l.certificateIds.forEach(id -> rows.add(certificate(id, "Server", true)));
      l.additionalCertificateIds.forEach(id -> rows.add(certificate(id, "Server", false)));
    }
    if (type.isEmpty() || type.get().equals("Ca")) {
      l.caCertificateIds.forEach(id -> rows.add(certificate(id, "Ca", true)));
    }
    return page(c, "Certificates", rows);
  }

  private static JsonObject certificate(String id, String type, boolean isDefault) {
    JsonObject o = new JsonObject();
    o.addProperty("CertificateId", id);
    o.addProperty("CertificateType", type);
    o.addProperty("IsDefault", isDefault);
    o.addProperty("Status", "Associated");
    return o;
  }

  private JsonObject additionalCertificates(RpcCall c, boolean associate) {
    Listener l = listener(c);
    unlocked(l.loadBalancerId);
    if (!l.protocol.equals("TCPSSL")) {
      throw AlibabaApiError.invalid("IncorrectStatus.listener", "Additional certificates need a TCPSSL listener; "
          + l.id + " is " + l.protocol + ".");
    }
    List<String> ids = c.list("AdditionalCertificateIds");
    if (ids.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParam.AdditionalCertificateIds", "AdditionalCertificateIds is "
          + "mandatory for this action.");
    }
    for (String id : ids) {
      if (associate && !l.additionalCertificateIds.contains(id)) {
        l.additionalCertificateIds.add(id);
      } else if (!associate) {
        l.additionalCertificateIds.remove(id);
      }
    }
    return jobResponse(submit(associate ? "AssociateAdditionalCertificatesWithListener"
        : "DisassociateAdditionalCertificatesWithListener", "listener", l.id, List.of(l.loadBalancerId, l.id), null));
  }

  // --- jobs and metadata --------------------------------------------------------------------------------------

  private JsonObject getJobStatus(RpcCall c) {
    String id = c.required("JobId");
    Job j = store.jobs.get(id);
    if (j == null) {
      throw AlibabaApiError.notFound("ResourceNotFound.job", "The specified job " + id + " is not found.");
    }
    JsonObject r = new JsonObject();
    r.addProperty("Status", j.status(store.now()));
    return r;
  }

  private JsonObject listAsynJobs(RpcCall c) {
    List<String> ids = c.list("JobIds");
    List<String> resources = c.list("ResourceIds");
    Optional<String> type = c.optional("ResourceType");
    Optional<String> api = c.optional("ApiName");
    Instant now = store.now();
    List<JsonObject> rows = store.jobs.values().stream()
        .filter(j -> ids.isEmpty() || ids.contains(j.id))
        .filter(j -> resources.isEmpty() || resources.contains(j.resourceId))
        .filter(j -> type.isEmpty() || type.get().equals(j.resourceType))
        .filter(j -> api.isEmpty() || api.get().equals(j.apiName))
        .map(j -> {
          JsonObject o = new JsonObject();
          o.addProperty("Id", j.id);
          o.addProperty("ApiName", j.apiName);
          o.addProperty("Status", j.status(now));
          o.addProperty("ResourceType", j.resourceType);
          o.addProperty("ResourceId", j.resourceId);
          o.addProperty("CreateTime", j.createdAt.toEpochMilli());
          o.addProperty("OperateType", j.apiName.startsWith("Create") ? "Create"
              : j.apiName.startsWith("Delete") ? "Delete" : "Update");
          o.addProperty("ErrorCode", "");
          o.addProperty("ErrorMessage", "");
          return o;
        })
        .collect(Collectors.toList());
    return page(c, "Jobs", rows);
  }

  private JsonObject describeRegions(RpcCall c) {
    JsonObject region = new JsonObject();
    region.addProperty("RegionId", state.region());
    region.addProperty("LocalName", state.region());
    region.addProperty("RegionEndpoint", "nlb." + state.region() + ".aliyuncs.com");
    JsonArray regions = new JsonArray();
    regions.add(region);
    JsonObject r = new JsonObject();
    r.add("Regions", regions);
    return r;
  }

  private JsonObject describeZones(RpcCall c) {
    JsonArray zones = new JsonArray();
    Set<String> ids = new LinkedHashSet<>();
    ids.add(state.zoneId());
    state.ecs().instances().forEach(i -> ids.add(i.zoneId()));
    for (String z : ids) {
      JsonObject o = new JsonObject();
      o.addProperty("ZoneId", z);
      o.addProperty("LocalName", z);
      zones.add(o);
    }
    JsonObject r = new JsonObject();
    r.add("Zones", zones);
    return r;
  }

  // --- JSON views ---------------------------------------------------------------------------------------------

  private String lbStatus(Lb lb) {
    if (lb.deleting) {
      return "Deleting";
    }
    if (store.now().isBefore(lb.activeAt)) {
      return "Provisioning";
    }
    return store.runningJobOn(lb.id).isPresent() ? "Configuring" : "Active";
  }

  private JsonObject lbJson(Lb lb) {
    JsonObject o = new JsonObject();
    o.addProperty("LoadBalancerId", lb.id);
    o.addProperty("LoadBalancerName", lb.name == null ? "" : lb.name);
    o.addProperty("LoadBalancerType", "Network");
    o.addProperty("LoadBalancerStatus", lbStatus(lb));
    o.addProperty("LoadBalancerBusinessStatus", "Normal");
    o.addProperty("AddressType", lb.addressType);
    o.addProperty("AddressIpVersion", lb.ipVersion);
    if (lb.ipv6AddressType != null) {
      o.addProperty("Ipv6AddressType", lb.ipv6AddressType);
    }
    o.addProperty("VpcId", lb.vpcId);
    o.addProperty("DNSName", lb.dnsName);
    o.addProperty("RegionId", lb.regionId);
    o.addProperty("ResourceGroupId", lb.resourceGroupId);
    o.addProperty("CrossZoneEnabled", lb.crossZone);
    o.addProperty("Cps", 0);
    o.addProperty("CreateTime", DateTimeFormatter.ISO_INSTANT.format(lb.createdAt.truncatedTo(ChronoUnit.SECONDS)));
    if (lb.bandwidthPackageId != null) {
      o.addProperty("BandwidthPackageId", lb.bandwidthPackageId);
    }
    JsonArray zones = new JsonArray();
    for (Zone z : lb.zones) {
      JsonObject zo = new JsonObject();
      zo.addProperty("ZoneId", z.zoneId);
      zo.addProperty("VSwitchId", z.vSwitchId);
      zo.addProperty("Status", "Active");
      JsonObject addr = new JsonObject();
      addr.addProperty("PrivateIPv4Address", z.privateIp);
      if (z.publicIp != null) {
        addr.addProperty("PublicIPv4Address", z.publicIp);
      }
      if (z.allocationId != null) {
        addr.addProperty("AllocationId", z.allocationId);
      }
      JsonArray addrs = new JsonArray();
      addrs.add(addr);
      zo.add("LoadBalancerAddresses", addrs);
      zones.add(zo);
    }
    o.add("ZoneMappings", zones);
    o.add("SecurityGroupIds", strings(lb.securityGroups));
    o.add("Tags", tagArray(lb.tags));
    JsonObject del = new JsonObject();
    del.addProperty("Enabled", lb.deletionProtection);
    if (lb.deletionProtectionReason != null) {
      del.addProperty("Reason", lb.deletionProtectionReason);
    }
    o.add("DeletionProtectionConfig", del);
    JsonObject mod = new JsonObject();
    mod.addProperty("Status", lb.modificationProtection);
    if (lb.modificationProtectionReason != null) {
      mod.addProperty("Reason", lb.modificationProtectionReason);
    }
    o.add("ModificationProtectionConfig", mod);
    JsonObject billing = new JsonObject();
    billing.addProperty("PayType", "PostPay");
    o.add("LoadBalancerBillingConfig", billing);
    JsonArray locks = new JsonArray();
    o.add("OperationLocks", locks);
    return o;
  }

  private JsonObject serverGroupJson(ServerGroup sg) {
    JsonObject o = new JsonObject();
    o.addProperty("ServerGroupId", sg.id);
    o.addProperty("ServerGroupName", sg.name);
    o.addProperty("ServerGroupType", sg.type);
    o.addProperty("Protocol", sg.protocol);
    o.addProperty("Scheduler", sg.scheduler);
    o.addProperty("VpcId", sg.vpcId);
    o.addProperty("RegionId", sg.regionId);
    o.addProperty("ResourceGroupId", sg.resourceGroupId);
    o.addProperty("ServerCount", sg.servers.size());
    o.addProperty("ServerGroupStatus", store.runningJobOn(sg.id).isPresent() ? "Configuring" : "Available");
    o.addProperty("PreserveClientIpEnabled", sg.preserveClientIp);
    o.addProperty("ConnectionDrainEnabled", sg.connectionDrain);
    o.addProperty("ConnectionDrainTimeout", sg.connectionDrainTimeout);
    o.addProperty("AnyPortEnabled", sg.anyPort);
    o.addProperty("AddressIPVersion", "ipv4");
    JsonObject hc = new JsonObject();
    hc.addProperty("HealthCheckEnabled", (Boolean) sg.healthCheck.getOrDefault("HealthCheckEnabled", true));
    sg.healthCheck.forEach((k, v) -> {
      if (v instanceof Boolean b) {
        hc.addProperty(k, b);
      } else if (v instanceof Integer i) {
        hc.addProperty(k, i);
      } else if (v instanceof List<?> l) {
        hc.add(k, strings(l.stream().map(String::valueOf).collect(Collectors.toList())));
      } else {
        hc.addProperty(k, String.valueOf(v));
      }
    });
    o.add("HealthCheck", hc);
    Set<String> related = new LinkedHashSet<>();
    for (Listener l : store.listeners.values()) {
      if (sg.id.equals(l.serverGroupId)) {
        related.add(l.loadBalancerId);
      }
    }
    o.add("RelatedLoadBalancerIds", strings(related));
    o.add("Tags", tagArray(sg.tags));
    return o;
  }

  private JsonObject listenerJson(Listener l) {
    JsonObject o = new JsonObject();
    o.addProperty("ListenerId", l.id);
    o.addProperty("LoadBalancerId", l.loadBalancerId);
    o.addProperty("ListenerProtocol", l.protocol);
    o.addProperty("ListenerPort", l.port);
    o.addProperty("ListenerDescription", l.description == null ? "" : l.description);
    o.addProperty("ServerGroupId", l.serverGroupId);
    o.addProperty("ListenerStatus", store.runningJobOn(l.id).isPresent() ? "Configuring" : l.status);
    o.addProperty("RegionId", l.regionId);
    o.addProperty("IdleTimeout", l.idleTimeout == null ? 900 : l.idleTimeout);
    o.addProperty("Cps", l.cps == null ? 0 : l.cps);
    o.addProperty("ProxyProtocolEnabled", l.proxyProtocol);
    JsonObject ppv2 = new JsonObject();
    l.ppv2.forEach(ppv2::addProperty);
    o.add("ProxyProtocolV2Config", ppv2);
    o.add("CertificateIds", strings(l.certificateIds));
    o.add("CaCertificateIds", strings(l.caCertificateIds));
    o.addProperty("CaEnabled", l.caEnabled);
    if (l.securityPolicyId != null) {
      o.addProperty("SecurityPolicyId", l.securityPolicyId);
    }
    o.addProperty("AlpnEnabled", l.alpnEnabled);
    if (l.alpnPolicy != null) {
      o.addProperty("AlpnPolicy", l.alpnPolicy);
    }
    o.add("Tags", tagArray(l.tags));
    return o;
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  /** Serialises requests on the store and applies finished jobs first, so every request sees settled state. */
  /** A released ECS instance leaves every server group at once, as on Alibaba Cloud. */
  private void releaseInstance(String instanceId) {
    synchronized (store) {
      for (ServerGroup sg : store.serverGroups.values()) {
        sg.servers.removeIf(s -> s.serverType.equals("Ecs") && s.serverId.equals(instanceId));
      }
    }
  }

  private ActionHandler locked(Function<RpcCall, JsonObject> handler) {
    return call -> {
      synchronized (store) {
        store.settle();
        return handler.apply(call);
      }
    };
  }

  private Job submit(String api, String type, String resourceId, List<String> locks, Runnable onDone) {
    return store.submit(state.ids().next("job-"), api, type, resourceId, locks, onDone);
  }

  private Optional<Job> latestJob(String resourceId) {
    Job last = null;
    for (Job j : store.jobs.values()) {
      if (j.resourceId.equals(resourceId)) {
        last = j;
      }
    }
    return Optional.ofNullable(last);
  }

  private static JsonObject jobResponse(Job job) {
    JsonObject r = new JsonObject();
    r.addProperty("JobId", job.id);
    return r;
  }

  private void unlocked(String resourceId) {
    store.runningJobOn(resourceId).ifPresent(j -> {
      throw AlibabaApiError.conflict("Conflict.Lock", "The resource " + resourceId + " is locked by job " + j.id
          + " (" + j.apiName + "); retry when it has finished.");
    });
  }

  private Lb lb(RpcCall c) {
    String id = c.required("LoadBalancerId");
    Lb lb = store.loadBalancers.get(id);
    if (lb == null || !lb.regionId.equals(c.regionId())) {
      throw notFound("loadBalancer", id);
    }
    return lb;
  }

  private Lb mutableLb(RpcCall c) {
    Lb lb = lb(c);
    if (lb.deleting || store.now().isBefore(lb.activeAt)) {
      throw AlibabaApiError.invalid("IncorrectStatus.loadBalancer", "The status of the load balancer " + lb.id
          + " is " + lbStatus(lb) + ".");
    }
    unlocked(lb.id);
    return lb;
  }

  private ServerGroup serverGroup(RpcCall c) {
    String id = c.required("ServerGroupId");
    ServerGroup sg = store.serverGroups.get(id);
    if (sg == null || !sg.regionId.equals(c.regionId())) {
      throw notFound("serverGroup", id);
    }
    return sg;
  }

  private Listener listener(RpcCall c) {
    String id = c.required("ListenerId");
    Listener l = store.listeners.get(id);
    if (l == null || !l.regionId.equals(c.regionId())) {
      throw notFound("listener", id);
    }
    return l;
  }

  private List<Listener> listenersOf(String lbId) {
    return store.listeners.values().stream().filter(l -> l.loadBalancerId.equals(lbId))
        .collect(Collectors.toList());
  }

  private static AlibabaApiError notFound(String type, String id) {
    return AlibabaApiError.notFound("ResourceNotFound." + type, "The specified resource " + id
        + " is not found.");
  }

  private static AlibabaApiError invalidParam(String name, String value) {
    return AlibabaApiError.invalid("IllegalParam." + name, "The param " + name + " is illegal: " + value + ".");
  }

  private static void checkName(String param, String name) {
    if (!name.matches("[A-Za-z\\p{IsHan}][A-Za-z0-9\\p{IsHan}._-]{1,127}")) {
      throw invalidParam(param, name);
    }
  }

  private static String oneOf(RpcCall c, String name, Set<String> accepted, String dflt) {
    Optional<String> v = c.optional(name);
    if (v.isEmpty()) {
      if (dflt == null) {
        throw AlibabaApiError.invalid("MissingParam." + name, name + " is mandatory for this action.");
      }
      return dflt;
    }
    if (!accepted.contains(v.get())) {
      throw invalidParam(name, v.get());
    }
    return v.get();
  }

  private static Optional<Boolean> bool(RpcCall c, String name) {
    Optional<String> v = c.optional(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().equals("true") && !v.get().equals("false")) {
      throw invalidParam(name, v.get());
    }
    return Optional.of(Boolean.parseBoolean(v.get()));
  }

  private static Optional<Integer> integer(RpcCall c, String name, int min, int max) {
    return c.optional(name).map(v -> parseInt(name, v, min, max));
  }

  private static int parseInt(String name, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the API's error
    }
    throw invalidParam(name, v);
  }

  /** A nested object parameter, sent either flattened ({@code Name.Key=v}) or as a JSON string. */
  private static JsonObject object(RpcCall c, String name) {
    Optional<String> json = c.optional(name);
    if (json.isPresent()) {
      try {
        JsonElement e = JsonParser.parseString(json.get());
        if (e.isJsonObject()) {
          return e.getAsJsonObject();
        }
      } catch (RuntimeException e) {
        // falls through to the API's error
      }
      throw invalidParam(name, json.get());
    }
    JsonObject o = new JsonObject();
    String prefix = name + ".";
    c.params().forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        o.addProperty(k.substring(prefix.length()), Boolean.parseBoolean(v));
      }
    });
    return o;
  }

  private static void putTags(Map<String, String> tags, RpcCall c) {
    for (Map<String, String> t : c.objects("Tag")) {
      String k = t.get("Key");
      if (k == null || k.isEmpty()) {
        throw AlibabaApiError.invalid("MissingParam.Tag.Key", "Every tag needs a Key.");
      }
      tags.put(k, t.getOrDefault("Value", ""));
    }
    if (tags.size() > 20) {
      throw AlibabaApiError.invalid("QuotaExceeded.TagNum", "A resource has at most 20 tags.");
    }
  }

  private static Predicate<Map<String, String>> tagFilter(RpcCall c) {
    List<Map<String, String>> wanted = c.objects("Tag");
    return tags -> wanted.stream().allMatch(t -> tags.containsKey(t.get("Key"))
        && (t.get("Value") == null || t.get("Value").equals(tags.get(t.get("Key")))));
  }

  private static JsonObject page(RpcCall c, String key, List<JsonObject> rows) {
    int max = parseInt("MaxResults", c.optional("MaxResults").orElse(String.valueOf(DEFAULT_PAGE)), 1, MAX_PAGE);
    int from = 0;
    Optional<String> token = c.optional("NextToken").filter(t -> !t.isEmpty());
    if (token.isPresent()) {
      try {
        from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8)
            .substring("page:".length()));
      } catch (RuntimeException e) {
        throw AlibabaApiError.invalid("IllegalParam.NextToken", "The NextToken is invalid.");
      }
      if (from < 0 || from > rows.size()) {
        throw AlibabaApiError.invalid("IllegalParam.NextToken", "The NextToken is invalid.");
      }
    }
    int to = Math.min(rows.size(), from + max);
    JsonArray items = new JsonArray();
    rows.subList(from, to).forEach(items::add);
    JsonObject r = new JsonObject();
    r.add(key, items);
    r.addProperty("TotalCount", rows.size());
    r.addProperty("MaxResults", max);
    if (to < rows.size()) {
      r.addProperty("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(("page:" + to)
          .getBytes(StandardCharsets.UTF_8)));
    }
    return r;
  }

  private static JsonArray strings(Collection<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static JsonArray tagArray(Map<String, String> tags) {
    JsonArray a = new JsonArray();
    tags.forEach((k, v) -> {
      JsonObject t = new JsonObject();
      t.addProperty("Key", k);
      t.addProperty("Value", v);
      a.add(t);
    });
    return a;
  }

  private static void requireNotNegative(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + d);
    }
  }
}
