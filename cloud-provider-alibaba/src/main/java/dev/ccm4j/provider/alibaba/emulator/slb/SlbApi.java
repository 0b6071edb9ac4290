package dev.ccm4j.provider.alibaba.emulator.slb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.provider.alibaba.emulator.ActionHandler;
import dev.ccm4j.provider.alibaba.emulator.AlibabaApiError;
import dev.ccm4j.provider.alibaba.emulator.AlibabaCloudState;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import dev.ccm4j.provider.alibaba.emulator.EipAddress;
import dev.ccm4j.provider.alibaba.emulator.ProductApi;
import dev.ccm4j.provider.alibaba.emulator.RpcCall;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.Acl;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.Backend;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.Certificate;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.DomainExtension;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.Listener;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.LoadBalancer;
import dev.ccm4j.provider.alibaba.emulator.slb.SlbModel.VServerGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The emulated Server Load Balancer (CLB) product, {@code Slb 2014-05-15}: load balancers with tags and
 * protections, listeners of the four protocols, VServer groups and their backends, server certificates, domain
 * extensions and access control lists, answered in Alibaba's JSON shapes and error codes.
 *
 * <p>Internet addresses come from the benchmarking range {@code 198.18.0.0/15} (and {@code 2001:db8::/32} for
 * IPv6), never from real address space; intranet addresses from the vSwitch's CIDR block. One lock serialises
 * every call, which is plenty for an emulator and keeps multi-resource checks consistent.
 */
public final class SlbApi extends ProductApi {
  /** The product code. */
  public static final String PRODUCT = "Slb";
  /** The API version. */
  public static final String VERSION = "2014-05-15";
  /** Most backends one Add/Remove/Set call may carry. */
  public static final int MAX_BACKENDS_PER_CALL = 40;
  /** Most backends one VServer group may hold. */
  public static final int MAX_BACKENDS_PER_GROUP = 1000;

  private static final long INTERNET_POOL = (198L << 24) | (18L << 16);
  private static final DateTimeFormatter CREATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> ON_OFF = Set.of("on", "off");
  private static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "wlc", "sch", "tch", "qch");
  private static final Set<String> SPECS = Set.of("slb.s1.small", "slb.s2.small", "slb.s2.medium", "slb.s3.small",
      "slb.s3.medium", "slb.s3.large", "slb.s3.xlarge", "slb.s3.xxlarge");
  /** Request parameters that are not listener attributes. */
  private static final Set<String> NOT_ATTRIBUTES = Set.of("Action", "Version", "Format", "AccessKeyId",
      "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp",
      "SecurityToken", "RegionId", "LoadBalancerId", "ListenerPort", "ListenerProtocol", "VServerGroup",
      "OwnerId", "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount", "ClientToken");
  /** Listener attributes returned at the top level of DescribeLoadBalancerListeners; the rest are per protocol. */
  private static final Set<String> TOP_LEVEL = Set.of("Bandwidth", "Scheduler", "VServerGroupId", "AclId",
      "AclStatus", "AclType", "Description", "BackendServerPort");

  /** Listener attributes Alibaba answers as JSON numbers; everything else is text. */
  private static final Set<String> INTEGER_ATTRIBUTES = Set.of("Bandwidth", "BackendServerPort", "PersistenceTimeout",
      "EstablishedTimeout", "HealthyThreshold", "UnhealthyThreshold", "HealthCheckInterval",
      "HealthCheckConnectTimeout", "HealthCheckTimeout", "HealthCheckConnectPort", "CookieTimeout", "IdleTimeout",
      "RequestTimeout", "ConnectionDrainTimeout", "ForwardPort", "MaxConnection");

  private final AlibabaCloudState state;
  private final Object lock = new Object();
  private final Map<String, LoadBalancer> balancers = new LinkedHashMap<>();
  private final Map<String, Certificate> certificates = new LinkedHashMap<>();
  private final Map<String, DomainExtension> domainExtensions = new LinkedHashMap<>();
  private final Map<String, Acl> acls = new LinkedHashMap<>();
  private final Map<String, String> tokens = new HashMap<>();
  private long nextInternet = 1;
  private long nextInternet6 = 1;

  /**
   * Creates the product for one emulator.
   *
   * @param state the emulator's shared state (instances for backend checks, the VPC for addresses and EIPs)
   */
  public SlbApi(AlibabaCloudState state) {
    super(PRODUCT, VERSION);
    this.state = state;
    state.ecs().onTerminate(this::releaseInstance);
    action("CreateLoadBalancer", locked(this::createLoadBalancer));
    action("DeleteLoadBalancer", locked(this::deleteLoadBalancer));
    action("DescribeLoadBalancers", locked(this::describeLoadBalancers));
    action("DescribeLoadBalancerAttribute", locked(this::describeLoadBalancerAttribute));
    action("SetLoadBalancerDeleteProtection", locked(this::setDeleteProtection));
    action("SetLoadBalancerModificationProtection", locked(this::setModificationProtection));
    action("SetLoadBalancerName", locked(this::setName));
    action("ModifyLoadBalancerInstanceSpec", locked(this::modifySpec));
    action("ModifyLoadBalancerInstanceChargeType", locked(this::modifyInstanceChargeType));
    action("ModifyLoadBalancerInternetSpec", locked(this::modifyInternetSpec));
    action("TagResources", locked(this::tagResources));
    action("UntagResources", locked(this::untagResources));
    action("ListTagResources", locked(this::listTagResources));
    for (String p : List.of("TCP", "UDP", "HTTP", "HTTPS")) {
      String protocol = p.toLowerCase(Locale.ROOT);
      action("CreateLoadBalancer" + p + "Listener", locked(c -> createListener(c, protocol)));
      action("SetLoadBalancer" + p + "ListenerAttribute", locked(c -> setListener(c, protocol)));
      action("DescribeLoadBalancer" + p + "ListenerAttribute", locked(c -> describeListenerAttribute(c, protocol)));
    }
    action("StartLoadBalancerListener", locked(c -> setListenerStatus(c, "running")));
    action("StopLoadBalancerListener", locked(c -> setListenerStatus(c, "stopped")));
    action("DeleteLoadBalancerListener", locked(this::deleteListener));
    action("DescribeLoadBalancerListeners", locked(this::describeListeners));
    action("CreateVServerGroup", locked(this::createVServerGroup));
    action("DeleteVServerGroup", locked(this::deleteVServerGroup));
    action("DescribeVServerGroups", locked(this::describeVServerGroups));
    action("DescribeVServerGroupAttribute", locked(this::describeVServerGroupAttribute));
    action("AddVServerGroupBackendServers", locked(this::addBackends));
    action("RemoveVServerGroupBackendServers", locked(this::removeBackends));
    action("SetVServerGroupAttribute", locked(this::setVServerGroupAttribute));
    action("ModifyVServerGroupBackendServers", locked(this::modifyBackends));
    action("UploadServerCertificate", locked(this::uploadCertificate));
    action("DescribeServerCertificates", locked(this::describeCertificates));
    action("DeleteServerCertificate", locked(this::deleteCertificate));
    action("CreateDomainExtension", locked(this::createDomainExtension));
    action("DeleteDomainExtension", locked(this::deleteDomainExtension));
    action("DescribeDomainExtensions", locked(this::describeDomainExtensions));
    action("SetDomainExtensionAttribute", locked(this::setDomainExtension));
    action("CreateAccessControlList", locked(this::createAcl));
    action("DeleteAccessControlList", locked(this::deleteAcl));
    action("DescribeAccessControlLists", locked(this::describeAcls));
  }

  /**
   * Drops a released ECS instance from every VServer group, as Alibaba Cloud does when an instance is released:
   * afterwards no describe call lists it and no controller has to (or can) remove it.
   */
  private void releaseInstance(String instanceId) {
    synchronized (lock) {
      for (LoadBalancer lb : balancers.values()) {
        for (VServerGroup g : lb.groups.values()) {
          g.backends.values().removeIf(b -> "ecs".equals(b.type) && b.serverId.equals(instanceId));
        }
      }
    }
  }

  @Override
  public List<ControlLoadBalancer> controlLoadBalancers() {
    synchronized (lock) {
      List<ControlLoadBalancer> out = new ArrayList<>();
      for (LoadBalancer lb : balancers.values()) {
        ControlLoadBalancer.Builder b = ControlLoadBalancer.builder().id(lb.id).name(lb.name).tags(lb.tags);
        b.addAddress(lb.address);
        for (EipAddress eip : state.vpc().eipsOf(lb.id)) {
          b.addAddress(eip.ipAddress());
        }
        for (Listener l : lb.listeners.values()) {
          b.addListener(new ControlListener(l.protocol, l.port, backendPort(lb, l)));
        }
        Set<String> seen = new java.util.HashSet<>();
        for (VServerGroup g : lb.groups.values()) {
          for (Backend be : g.backends.values()) {
            if (seen.add(be.key())) {
              b.addBackend(new ControlBackend(be.serverId, be.serverIp == null ? "" : be.serverIp, be.port,
                  be.weight));
            }
          }
        }
        out.add(b.build());
      }
      return out;
    }
  }

  /**
   * Registers a server certificate directly, for tests that do not want to upload PEM text.
   *
   * @param name the certificate name
   * @return the new certificate id
   */
  public String addServerCertificate(String name) {
    synchronized (lock) {
      String id = state.ids().next("") + "-" + state.region();
      certificates.put(id, new Certificate(id, name, fingerprint(id), state.clock().instant()));
      return id;
    }
  }

  /**
   * Creates an access control list directly, for tests.
   *
   * @param name the list name
   * @return the new ACL id
   */
  public String addAccessControlList(String name) {
    synchronized (lock) {
      String id = state.ids().next("acl-");
      acls.put(id, new Acl(id, name, "ipv4"));
      return id;
    }
  }

  private ActionHandler locked(Function<RpcCall, JsonObject> handler) {
    return call -> {
      synchronized (lock) {
        call.regionId();
        return handler.apply(call);
      }
    };
  }

  // ---------------------------------------------------------------- load balancers

  private JsonObject createLoadBalancer(RpcCall c) {
    Optional<String> token = c.optional("ClientToken");
    if (token.isPresent() && tokens.containsKey(token.get())) {
      LoadBalancer existing = balancers.get(tokens.get(token.get()));
      if (existing != null) {
        return created(existing);
      }
    }
    String addressType = choice(c, "AddressType", "internet", Set.of("internet", "intranet"));
    String ipVersion = choice(c, "AddressIPVersion", "ipv4", Set.of("ipv4", "ipv6"));
    String chargeType = choice(c, "InternetChargeType", "paybytraffic", Set.of("paybytraffic", "paybybandwidth"))
        .toLowerCase(Locale.ROOT);
    int bandwidth = c.integer("Bandwidth", chargeType.equals("paybybandwidth") ? 1 : 5120, 1, 5120);
    String instanceCharge = choice(c, "InstanceChargeType", "PayBySpec", Set.of("PayBySpec", "PayByCLCU"));
    Optional<String> spec = c.optional("LoadBalancerSpec");
    if (spec.isPresent() && !SPECS.contains(spec.get())) {
      throw RpcCall.invalidParameter("LoadBalancerSpec", "must be one of " + String.join(", ", SPECS));
    }
    if (spec.isPresent() && instanceCharge.equals("PayByCLCU")) {
      throw AlibabaApiError.invalid("InvalidParam.LoadBalancerSpec",
          "The LoadBalancerSpec cannot be specified for a PayByCLCU instance.");
    }
    String deleteProtection = choice(c, "DeleteProtection", "off", ON_OFF);
    String modification = choice(c, "ModificationProtectionStatus", "NonProtection",
        Set.of("ConsoleProtection", "NonProtection"));
    Optional<String> vswId = c.optional("VSwitchId");
    Optional<String> vpcId = c.optional("VpcId");
    String networkType = vswId.isPresent() ? "vpc" : "classic";
    VSwitch vsw = null;
    if (vswId.isPresent()) {
      vsw = state.vpc().vSwitch(vswId.get()).orElseThrow(() -> AlibabaApiError.notFound(
          "InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist."));
      if (vpcId.isPresent() && !vpcId.get().equals(state.vpc().vpcId())) {
        throw AlibabaApiError.invalid("InvalidVpcId.NotFound", "The specified VpcId does not exist.");
      }
    } else if (vpcId.isPresent()) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"VSwitchId\" that is mandatory for processing this request is not supplied.");
    }
    Optional<String> requested = c.optional("Address");
    String address;
    if (addressType.equals("intranet")) {
      if (vsw == null) {
        // a classic intranet balancer: give it a VPC address anyway, from the default vSwitch
        vsw = state.vpc().vSwitch(state.vswitchId()).orElseThrow();
      }
      if (requested.isPresent()) {
        try {
          state.vpc().claimPrivateIp(vsw.vSwitchId(), requested.get());
        } catch (IllegalArgumentException e) {
          throw AlibabaApiError.invalid("InvalidIpAddress", "The specified Address is not valid or in use.");
        }
        address = requested.get();
      } else {
        address = state.vpc().allocatePrivateIp(vsw.vSwitchId());
      }
    } else {
      if (requested.isPresent()) {
        throw AlibabaApiError.invalid("InvalidParam.Address",
            "The Address can only be specified for an intranet instance.");
      }
      address = ipVersion.equals("ipv6") ? String.format("2001:db8::%x", nextInternet6++) : internetAddress();
    }
    LoadBalancer lb = new LoadBalancer(state.ids().next("lb-"), state.clock().instant(), token.orElse(null));
    lb.name = c.optional("LoadBalancerName").orElse("auto_named_slb");
    lb.address = address;
    lb.addressType = addressType;
    lb.networkType = networkType;
    lb.vpcId = vsw != null && networkType.equals("vpc") ? state.vpc().vpcId() : "";
    lb.vSwitchId = vsw != null && networkType.equals("vpc") ? vsw.vSwitchId() : "";
    lb.masterZoneId = c.optional("MasterZoneId").orElse(vsw != null ? vsw.zoneId() : state.zoneId());
    lb.slaveZoneId = c.optional("SlaveZoneId").orElse("");
    lb.addressIpVersion = ipVersion;
    lb.internetChargeType = chargeType;
    lb.bandwidth = bandwidth;
    lb.instanceChargeType = instanceCharge;
    lb.spec = instanceCharge.equals("PayBySpec") ? spec.orElse("slb.s1.small") : "";
    lb.resourceGroupId = c.optional("ResourceGroupId").orElse("rg-default");
    lb.deleteProtection = deleteProtection;
    lb.modificationProtection = modification;
    lb.modificationProtectionReason = modification.equals("ConsoleProtection")
        ? c.optional("ModificationProtectionReason").orElse("") : "";
    for (Map<String, String> tag : c.objects("Tag")) {
      String key = tag.get("Key");
      if (key == null || key.isEmpty()) {
        throw RpcCall.invalidParameter("Tag.N.Key", "a tag needs a key");
      }
      lb.tags.put(key, tag.getOrDefault("Value", ""));
    }
    checkTagCount(lb.tags.size());
    balancers.put(lb.id, lb);
    token.ifPresent(t -> tokens.put(t, lb.id));
    return created(lb);
  }

  private String internetAddress() {
    long host = nextInternet++;
    if (host % 256 == 0 || host % 256 == 255) {
      host = nextInternet++;
    }
    long a = INTERNET_POOL + host;
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  private static JsonObject created(LoadBalancer lb) {
    JsonObject o = new JsonObject();
    o.addProperty("LoadBalancerId", lb.id);
    o.addProperty("Address", lb.address);
    o.addProperty("LoadBalancerName", lb.name);
    o.addProperty("NetworkType", lb.networkType);
    o.addProperty("VpcId", lb.vpcId);
    o.addProperty("VSwitchId", lb.vSwitchId);
    o.addProperty("AddressIPVersion", lb.addressIpVersion);
    o.addProperty("ResourceGroupId", lb.resourceGroupId);
    o.addProperty("OrderId", 0);
    return o;
  }

  private JsonObject deleteLoadBalancer(RpcCall c) {
    LoadBalancer lb = balancer(c);
    if (lb.deleteProtection.equals("on")) {
      throw AlibabaApiError.invalid("OperationDenied.DeleteProtectionIsOn",
          "The loadbalancer can't be deleted due to DeleteProtection is enabled.");
    }
    balancers.remove(lb.id);
    domainExtensions.values().removeIf(d -> d.loadBalancerId.equals(lb.id));
    if (lb.addressType.equals("intranet") && !lb.address.contains(":")) {
      state.vpc().releasePrivateIp(lb.address);
    }
    for (EipAddress eip : state.vpc().eipsOf(lb.id)) {
      state.vpc().unassociateEip(eip.allocationId());
    }
    return new JsonObject();
  }

  private JsonObject describeLoadBalancers(RpcCall c) {
    List<String> ids = c.optional("LoadBalancerId").map(s -> List.of(s.split(","))).orElse(List.of());
    Map<String, String> tagFilter = tagFilter(c);
    int pageNumber = c.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
    int pageSize = c.integer("PageSize", 10, 1, 100);
    List<LoadBalancer> matches = new ArrayList<>();
    for (LoadBalancer lb : balancers.values()) {
      if (!ids.isEmpty() && ids.stream().map(String::trim).noneMatch(lb.id::equals)) {
        continue;
      }
      if (!matches(c, "LoadBalancerName", lb.name) || !matches(c, "AddressType", lb.addressType)
          || !matches(c, "NetworkType", lb.networkType) || !matches(c, "VpcId", lb.vpcId)
          || !matches(c, "VSwitchId", lb.vSwitchId) || !matches(c, "Address", lb.address)
          || !matches(c, "ResourceGroupId", lb.resourceGroupId)) {
        continue;
      }
      boolean tagsMatch = true;
      for (Map.Entry<String, String> t : tagFilter.entrySet()) {
        String v = lb.tags.get(t.getKey());
        tagsMatch &= v != null && (t.getValue() == null || t.getValue().equals(v));
      }
      if (tagsMatch) {
        matches.add(lb);
      }
    }
    JsonArray page = new JsonArray();
    int from = (int) Math.min((long) (pageNumber - 1) * pageSize, matches.size());
    for (LoadBalancer lb : matches.subList(from, Math.min(from + pageSize, matches.size()))) {
      page.add(summary(lb));
    }
    JsonObject o = new JsonObject();
    o.add("LoadBalancers", wrap("LoadBalancer", page));
    o.addProperty("PageNumber", pageNumber);
    o.addProperty("PageSize", pageSize);
    o.addProperty("TotalCount", matches.size());
    return o;
  }

  private static boolean matches(RpcCall c, String param, String value) {
    Optional<String> want = c.optional(param);
    return want.isEmpty() || want.get().equals(value);
  }

  private static Map<String, String> tagFilter(RpcCall c) {
    Map<String, String> out = new LinkedHashMap<>();
    // the current official SDKs filter with Tag.N.Key/Value, the Go SDK and upstream's CCM with a Tags JSON string
    for (Map<String, String> t : c.objects("Tag")) {
      String key = t.get("Key");
      if (key == null || key.isEmpty()) {
        throw RpcCall.invalidParameter("Tag.N.Key", "every tag needs a Key");
      }
      String value = t.get("Value");
      out.put(key, value == null || value.isEmpty() ? null : value);
    }
    Optional<String> raw = c.optional("Tags");
    if (raw.isEmpty()) {
      return out;
    }
    try {
      JsonElement parsed = JsonParser.parseString(raw.get());
      JsonArray array = parsed.isJsonArray() ? parsed.getAsJsonArray() : new JsonArray();
      if (parsed.isJsonObject()) {
        array.add(parsed);
      }
      for (JsonElement e : array) {
        JsonObject t = e.getAsJsonObject();
        if (!t.has("TagKey")) {
          throw RpcCall.invalidParameter("Tags", "every tag needs a TagKey");
        }
        out.put(t.get("TagKey").getAsString(), t.has("TagValue") ? t.get("TagValue").getAsString() : null);
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw RpcCall.invalidParameter("Tags", "must be a JSON array of {\"TagKey\":..,\"TagValue\":..}");
    }
    return out;
  }

  private JsonObject summary(LoadBalancer lb) {
    JsonObject o = new JsonObject();
    o.addProperty("LoadBalancerId", lb.id);
    o.addProperty("LoadBalancerName", lb.name);
    o.addProperty("LoadBalancerStatus", "active");
    o.addProperty("Address", lb.address);
    o.addProperty("AddressType", lb.addressType);
    o.addProperty("AddressIPVersion", lb.addressIpVersion);
    o.addProperty("RegionId", state.region());
    o.addProperty("RegionIdAlias", state.region());
    o.addProperty("NetworkType", lb.networkType);
    o.addProperty("VpcId", lb.vpcId);
    o.addProperty("VSwitchId", lb.vSwitchId);
    o.addProperty("MasterZoneId", lb.masterZoneId);
    o.addProperty("SlaveZoneId", lb.slaveZoneId);
    o.addProperty("InternetChargeType", lb.internetChargeType);
    o.addProperty("InternetChargeTypeAlias", lb.internetChargeType);
    o.addProperty("Bandwidth", lb.bandwidth);
    o.addProperty("InstanceChargeType", lb.instanceChargeType);
    o.addProperty("LoadBalancerSpec", lb.spec);
    o.addProperty("ResourceGroupId", lb.resourceGroupId);
    o.addProperty("DeleteProtection", lb.deleteProtection);
    o.addProperty("ModificationProtectionStatus", lb.modificationProtection);
    o.addProperty("ModificationProtectionReason", lb.modificationProtectionReason);
    o.addProperty("PayType", "PayOnDemand");
    o.addProperty("CreateTime", CREATE_TIME.format(lb.created));
    o.addProperty("CreateTimeStamp", lb.created.toEpochMilli());
    JsonArray tags = new JsonArray();
    lb.tags.forEach((k, v) -> {
      JsonObject t = new JsonObject();
      t.addProperty("TagKey", k);
      t.addProperty("TagValue", v);
      tags.add(t);
    });
    o.add("Tags", wrap("Tag", tags));
    return o;
  }

  private JsonObject describeLoadBalancerAttribute(RpcCall c) {
    LoadBalancer lb = balancer(c);
    JsonObject o = summary(lb);
    JsonArray ports = new JsonArray();
    JsonArray portsAndProtocols = new JsonArray();
    for (Listener l : lb.listeners.values()) {
      ports.add(l.port);
      JsonObject p = new JsonObject();
      p.addProperty("ListenerPort", l.port);
      p.addProperty("ListenerProtocol", l.protocol);
      p.addProperty("Description", l.attributes.getOrDefault("Description", ""));
      p.addProperty("ListenerForward", l.attributes.getOrDefault("ListenerForward", "off"));
      if (l.attributes.containsKey("ForwardPort")) {
        p.addProperty("ForwardPort", Integer.parseInt(l.attributes.get("ForwardPort")));
      }
      portsAndProtocols.add(p);
    }
    o.add("ListenerPorts", wrap("ListenerPort", ports));
    o.add("ListenerPortsAndProtocol", wrap("ListenerPortAndProtocol", portsAndProtocols));
    o.add("BackendServers", wrap("BackendServer", new JsonArray()));
    return o;
  }

  private JsonObject setDeleteProtection(RpcCall c) {
    LoadBalancer lb = balancer(c);
    lb.deleteProtection = choice(c, "DeleteProtection", null, ON_OFF);
    return new JsonObject();
  }

  private JsonObject setModificationProtection(RpcCall c) {
    LoadBalancer lb = balancer(c);
    lb.modificationProtection = choice(c, "ModificationProtectionStatus", null,
        Set.of("ConsoleProtection", "NonProtection"));
    lb.modificationProtectionReason = lb.modificationProtection.equals("ConsoleProtection")
        ? c.optional("ModificationProtectionReason").orElse("") : "";
    return new JsonObject();
  }

  private JsonObject setName(RpcCall c) {
    LoadBalancer lb = balancer(c);
    lb.name = c.required("LoadBalancerName");
    return new JsonObject();
  }

  private JsonObject modifySpec(RpcCall c) {
    LoadBalancer lb = balancer(c);
    String spec = c.required("LoadBalancerSpec");
    if (!SPECS.contains(spec)) {
      throw RpcCall.invalidParameter("LoadBalancerSpec", "must be one of " + String.join(", ", SPECS));
    }
    if (!lb.instanceChargeType.equals("PayBySpec")) {
      throw AlibabaApiError.invalid("OperationDenied.PayByCLCU",
          "The spec of a PayByCLCU instance cannot be modified.");
    }
    lb.spec = spec;
    return new JsonObject();
  }

  private JsonObject modifyInstanceChargeType(RpcCall c) {
    LoadBalancer lb = balancer(c);
    String type = choice(c, "InstanceChargeType", null, Set.of("PayBySpec", "PayByCLCU"));
    Optional<String> spec = c.optional("LoadBalancerSpec");
    if (type.equals("PayBySpec")) {
      String s = spec.orElseThrow(() -> AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"LoadBalancerSpec\" that is mandatory for processing this request is not "
              + "supplied."));
      if (!SPECS.contains(s)) {
        throw RpcCall.invalidParameter("LoadBalancerSpec", "must be one of " + String.join(", ", SPECS));
      }
      lb.spec = s;
    } else {
      lb.spec = "";
    }
    lb.instanceChargeType = type;
    return new JsonObject();
  }

  private JsonObject modifyInternetSpec(RpcCall c) {
    LoadBalancer lb = balancer(c);
    if (!lb.addressType.equals("internet")) {
      throw AlibabaApiError.invalid("OperationDenied.IntranetInstance",
          "The internet spec of an intranet instance cannot be modified.");
    }
    lb.internetChargeType = choice(c, "InternetChargeType", lb.internetChargeType,
        Set.of("paybytraffic", "paybybandwidth")).toLowerCase(Locale.ROOT);
    lb.bandwidth = c.integer("Bandwidth", lb.bandwidth, 1, 5120);
    return new JsonObject();
  }

  // ---------------------------------------------------------------- tags

  private List<LoadBalancer> tagged(RpcCall c) {
    String type = c.required("ResourceType");
    if (!type.equalsIgnoreCase("instance")) {
      throw RpcCall.invalidParameter("ResourceType", "this emulator tags load balancers (instance) only");
    }
    List<String> ids = c.list("ResourceId");
    if (ids.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"ResourceId\" that is mandatory for processing this request is not supplied.");
    }
    List<LoadBalancer> out = new ArrayList<>();
    for (String id : ids) {
      out.add(balancer(id));
    }
    return out;
  }

  private JsonObject tagResources(RpcCall c) {
    List<LoadBalancer> lbs = tagged(c);
    List<Map<String, String>> tags = c.objects("Tag");
    if (tags.isEmpty()) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"Tag\" that is mandatory for processing this request is not supplied.");
    }
    for (LoadBalancer lb : lbs) {
      Map<String, String> merged = new LinkedHashMap<>(lb.tags);
      for (Map<String, String> t : tags) {
        String key = t.get("Key");
        if (key == null || key.isEmpty()) {
          throw RpcCall.invalidParameter("Tag.N.Key", "a tag needs a key");
        }
        merged.put(key, t.getOrDefault("Value", ""));
      }
      checkTagCount(merged.size());
      lb.tags.clear();
      lb.tags.putAll(merged);
    }
    return new JsonObject();
  }

  private JsonObject untagResources(RpcCall c) {
    List<LoadBalancer> lbs = tagged(c);
    boolean all = c.bool("All").orElse(false);
    List<String> keys = c.list("TagKey");
    for (LoadBalancer lb : lbs) {
      if (all) {
        lb.tags.clear();
      } else {
        keys.forEach(lb.tags::remove);
      }
    }
    return new JsonObject();
  }

  private JsonObject listTagResources(RpcCall c) {
    List<LoadBalancer> lbs = tagged(c);
    JsonArray out = new JsonArray();
    for (LoadBalancer lb : lbs) {
      lb.tags.forEach((k, v) -> {
        JsonObject t = new JsonObject();
        t.addProperty("ResourceId", lb.id);
        t.addProperty("ResourceType", "instance");
        t.addProperty("TagKey", k);
        t.addProperty("TagValue", v);
        out.add(t);
      });
    }
    JsonObject o = new JsonObject();
    o.add("TagResources", wrap("TagResource", out));
    o.addProperty("NextToken", "");
    return o;
  }

  private static void checkTagCount(int count) {
    if (count > 20) {
      throw AlibabaApiError.invalid("InvalidTagKey.Malformed", "A resource can have at most 20 tags.");
    }
  }

  // ---------------------------------------------------------------- listeners

  private JsonObject createListener(RpcCall c, String protocol) {
    LoadBalancer lb = balancer(c);
    int port = c.integer("ListenerPort", -1, 1, 65535);
    if (port < 0) {
      c.required("ListenerPort");
    }
    for (Listener l : lb.listeners.values()) {
      if (l.port == port && l.protocol.equals("udp") == protocol.equals("udp")) {
        throw AlibabaApiError.invalid("ListenerAlreadyExists", "The specified listener port is already used.");
      }
    }
    Listener l = new Listener(port, protocol);
    Map<String, String> attrs = attributes(c);
    attrs.putIfAbsent("Bandwidth", "-1");
    attrs.putIfAbsent("Scheduler", "wrr");
    if (!attrs.containsKey("VServerGroupId") && !attrs.containsKey("BackendServerPort")) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"BackendServerPort\" that is mandatory for processing this request is not "
              + "supplied.");
    }
    if (protocol.equals("http") || protocol.equals("https")) {
      for (String required : List.of("StickySession", "HealthCheck")) {
        if (!attrs.containsKey(required)) {
          throw AlibabaApiError.invalid("MissingParameter", "The input parameter \"" + required
              + "\" that is mandatory for processing this request is not supplied.");
        }
      }
    }
    if (protocol.equals("https") && !attrs.containsKey("ServerCertificateId")) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"ServerCertificateId\" that is mandatory for processing this request is not "
              + "supplied.");
    }
    validate(lb, protocol, attrs);
    l.attributes.putAll(attrs);
    lb.listeners.put(Listener.key(port, protocol), l);
    return new JsonObject();
  }

  private JsonObject setListener(RpcCall c, String protocol) {
    LoadBalancer lb = balancer(c);
    Listener l = listener(lb, c.required("ListenerPort"), Optional.of(protocol));
    Map<String, String> merged = new LinkedHashMap<>(l.attributes);
    merged.putAll(attributes(c));
    if ("off".equals(c.optional("VServerGroup").orElse(null))) {
      merged.remove("VServerGroupId");
    }
    validate(lb, protocol, merged);
    l.attributes.clear();
    l.attributes.putAll(merged);
    return new JsonObject();
  }

  private JsonObject describeListenerAttribute(RpcCall c, String protocol) {
    LoadBalancer lb = balancer(c);
    Listener l = listener(lb, c.required("ListenerPort"), Optional.of(protocol));
    JsonObject o = new JsonObject();
    o.addProperty("ListenerPort", l.port);
    o.addProperty("Status", l.status);
    l.attributes.forEach((k, v) -> o.add(k, value(k, v)));
    return o;
  }

  private JsonObject setListenerStatus(RpcCall c, String status) {
    LoadBalancer lb = balancer(c);
    Listener l = listener(lb, c.required("ListenerPort"), c.optional("ListenerProtocol"));
    l.status = status;
    return new JsonObject();
  }

  private JsonObject deleteListener(RpcCall c) {
    LoadBalancer lb = balancer(c);
    Listener l = listener(lb, c.required("ListenerPort"), c.optional("ListenerProtocol"));
    for (Listener other : lb.listeners.values()) {
      if (other != l && String.valueOf(l.port).equals(other.attributes.get("ForwardPort"))
          && "on".equals(other.attributes.get("ListenerForward"))) {
        throw AlibabaApiError.invalid("OperationFailed.ListenerForward",
            "The listener is the forwarding target of listener " + other.port + ".");
      }
    }
    lb.listeners.remove(Listener.key(l.port, l.protocol));
    domainExtensions.values().removeIf(d -> d.loadBalancerId.equals(lb.id) && d.listenerPort == l.port);
    return new JsonObject();
  }

  private JsonObject describeListeners(RpcCall c) {
    List<String> ids = c.list("LoadBalancerId");
    Optional<String> protocol = c.optional("ListenerProtocol").map(p -> p.toLowerCase(Locale.ROOT));
    List<String> ports = c.list("ListenerPort");
    int max = c.integer("MaxResults", 20, 1, 100);
    int start = c.optional("NextToken").map(t -> {
      try {
        int n = Integer.parseInt(t);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw RpcCall.invalidParameter("NextToken", "unknown token");
    }).orElse(0);
    List<JsonObject> all = new ArrayList<>();
    for (LoadBalancer lb : balancers.values()) {
      if (!ids.isEmpty() && !ids.contains(lb.id)) {
        continue;
      }
      for (Listener l : lb.listeners.values()) {
        if (protocol.isPresent() && !protocol.get().equals(l.protocol)) {
          continue;
        }
        if (!ports.isEmpty() && !ports.contains(String.valueOf(l.port))) {
          continue;
        }
        all.add(listenerJson(lb, l));
      }
    }
    JsonArray page = new JsonArray();
    int end = Math.min(all.size(), start + max);
    for (int i = Math.min(start, all.size()); i < end; i++) {
      page.add(all.get(i));
    }
    JsonObject o = new JsonObject();
    o.add("Listeners", page);
    o.addProperty("MaxResults", max);
    o.addProperty("TotalCount", all.size());
    o.addProperty("NextToken", end < all.size() ? String.valueOf(end) : "");
    return o;
  }

  private static JsonObject listenerJson(LoadBalancer lb, Listener l) {
    JsonObject o = new JsonObject();
    o.addProperty("LoadBalancerId", lb.id);
    o.addProperty("ListenerPort", l.port);
    o.addProperty("ListenerProtocol", l.protocol);
    o.addProperty("Status", l.status);
    JsonObject config = new JsonObject();
    l.attributes.forEach((k, v) -> {
      if (TOP_LEVEL.contains(k)) {
        o.add(k, value(k, v));
      } else {
        config.add(k, value(k, v));
      }
    });
    o.add(l.protocol.toUpperCase(Locale.ROOT) + "ListenerConfig", config);
    return o;
  }

  private static JsonElement value(String name, String v) {
    if (INTEGER_ATTRIBUTES.contains(name)) {
      try {
        return new com.google.gson.JsonPrimitive(Long.parseLong(v.trim()));
      } catch (NumberFormatException e) {
        // stored as sent; answered as text
      }
    }
    return new com.google.gson.JsonPrimitive(v);
  }

  private static Map<String, String> attributes(RpcCall c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.params().forEach((k, v) -> {
      if (!NOT_ATTRIBUTES.contains(k) && !v.isEmpty()) {
        out.put(k, v);
      }
    });
    return out;
  }

  private void validate(LoadBalancer lb, String protocol, Map<String, String> a) {
    range(a, "Bandwidth", -1, 5120);
    oneOf(a, "Scheduler", SCHEDULERS);
    for (String sw : List.of("HealthCheck", "HealthCheckSwitch", "StickySession", "ConnectionDrain",
        "ListenerForward", "EnableHttp2", "XForwardedFor", "XForwardedFor_proto", "XForwardedFor_SLBPORT",
        "XForwardedFor_ClientSrcPort", "AclStatus", "Gzip")) {
      oneOf(a, sw, ON_OFF);
    }
    oneOf(a, "AclType", Set.of("white", "black"));
    oneOf(a, "StickySessionType", Set.of("insert", "server"));
    oneOf(a, "HealthCheckType", Set.of("tcp", "http"));
    oneOf(a, "HealthCheckMethod", Set.of("head", "get"));
    range(a, "PersistenceTimeout", 0, 3600);
    range(a, "EstablishedTimeout", 10, 900);
    range(a, "HealthyThreshold", 2, 10);
    range(a, "UnhealthyThreshold", 2, 10);
    range(a, "HealthCheckInterval", 1, 50);
    range(a, "HealthCheckConnectTimeout", 1, 300);
    range(a, "HealthCheckTimeout", 1, 300);
    range(a, "CookieTimeout", 1, 86400);
    range(a, "IdleTimeout", 1, 60);
    range(a, "RequestTimeout", 1, 180);
    range(a, "ConnectionDrainTimeout", 10, 900);
    range(a, "BackendServerPort", 1, 65535);
    if (a.containsKey("HealthCheckConnectPort") && !a.get("HealthCheckConnectPort").equals("-520")) {
      range(a, "HealthCheckConnectPort", 1, 65535);
    }
    if ("on".equals(a.get("StickySession"))) {
      String type = a.get("StickySessionType");
      if (type == null) {
        throw missing("StickySessionType");
      }
      if (type.equals("insert") && !a.containsKey("CookieTimeout")) {
        throw missing("CookieTimeout");
      }
      if (type.equals("server") && !a.containsKey("Cookie")) {
        throw missing("Cookie");
      }
    }
    if ("on".equals(a.get("ConnectionDrain")) && !a.containsKey("ConnectionDrainTimeout")) {
      throw missing("ConnectionDrainTimeout");
    }
    String group = a.get("VServerGroupId");
    if (group != null && !lb.groups.containsKey(group)) {
      throw AlibabaApiError.invalid("InvalidParameter.VServerGroupId",
          "The specified VServerGroupId does not exist in this load balancer.");
    }
    if ("on".equals(a.get("AclStatus"))) {
      String acl = a.get("AclId");
      if (acl == null) {
        throw missing("AclId");
      }
      if (!acls.containsKey(acl)) {
        throw AlibabaApiError.invalid("AclNotExist", "The specified AclId does not exist.");
      }
      if (!a.containsKey("AclType")) {
        throw missing("AclType");
      }
    }
    String cert = a.get("ServerCertificateId");
    if (protocol.equals("https") && cert != null && !certificates.containsKey(cert)) {
      throw AlibabaApiError.invalid("ServerCertificateId.NotExist",
          "The specified ServerCertificateId does not exist.");
    }
    if ("on".equals(a.get("ListenerForward"))) {
      if (!protocol.equals("http")) {
        throw RpcCall.invalidParameter("ListenerForward", "only an http listener forwards");
      }
      String target = a.get("ForwardPort");
      if (target == null) {
        throw missing("ForwardPort");
      }
      if (!lb.listeners.containsKey(target + "/https")) {
        throw AlibabaApiError.invalid("InvalidParameter.ForwardPort",
            "The ForwardPort must be an existing https listener of this load balancer.");
      }
    }
  }

  private static AlibabaApiError missing(String name) {
    return AlibabaApiError.invalid("MissingParameter",
        "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied.");
  }

  private static void range(Map<String, String> a, String name, long min, long max) {
    String v = a.get(name);
    if (v == null) {
      return;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw RpcCall.invalidParameter(name, "must be an integer from " + min + " to " + max);
  }

  private static void oneOf(Map<String, String> a, String name, Set<String> values) {
    String v = a.get(name);
    if (v != null && !values.contains(v)) {
      throw RpcCall.invalidParameter(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(values)));
    }
  }

  private static Listener listener(LoadBalancer lb, String rawPort, Optional<String> protocol) {
    int port;
    try {
      port = Integer.parseInt(rawPort.trim());
    } catch (NumberFormatException e) {
      throw RpcCall.invalidParameter("ListenerPort", "must be an integer from 1 to 65535");
    }
    List<Listener> found = new ArrayList<>();
    for (Listener l : lb.listeners.values()) {
      if (l.port == port && (protocol.isEmpty() || protocol.get().equalsIgnoreCase(l.protocol))) {
        found.add(l);
      }
    }
    if (found.isEmpty()) {
      throw AlibabaApiError.notFound("InvalidListener.NotFound", "The specified listener does not exist.");
    }
    if (found.size() > 1) {
      throw AlibabaApiError.invalid("MissingParameter",
          "The input parameter \"ListenerProtocol\" that is mandatory for processing this request is not "
              + "supplied.");
    }
    return found.get(0);
  }

  private static int backendPort(LoadBalancer lb, Listener l) {
    String group = l.attributes.get("VServerGroupId");
    if (group != null && lb.groups.containsKey(group) && !lb.groups.get(group).backends.isEmpty()) {
      return lb.groups.get(group).backends.values().iterator().next().port;
    }
    String port = l.attributes.get("BackendServerPort");
    return port == null ? 0 : Integer.parseInt(port);
  }

  // ---------------------------------------------------------------- VServer groups

  private JsonObject createVServerGroup(RpcCall c) {
    LoadBalancer lb = balancer(c);
    VServerGroup g = new VServerGroup(state.ids().next("rsp-"), lb.id, c.required("VServerGroupName"));
    List<Backend> initial = backends(c, "BackendServers", true);
    lb.groups.put(g.id, g);
    initial.forEach(b -> g.backends.put(b.key(), b));
    JsonObject o = groupJson(g);
    return o;
  }

  private JsonObject deleteVServerGroup(RpcCall c) {
    VServerGroup g = group(c);
    LoadBalancer lb = balancers.get(g.loadBalancerId);
    for (Listener l : lb.listeners.values()) {
      if (g.id.equals(l.attributes.get("VServerGroupId"))) {
        throw AlibabaApiError.invalid("RspoolVipExist", "There are vips associating with this vServer group.");
      }
    }
    lb.groups.remove(g.id);
    return new JsonObject();
  }

  private JsonObject describeVServerGroups(RpcCall c) {
    LoadBalancer lb = balancer(c);
    JsonArray out = new JsonArray();
    for (VServerGroup g : lb.groups.values()) {
      JsonObject o = new JsonObject();
      o.addProperty("VServerGroupId", g.id);
      o.addProperty("VServerGroupName", g.name);
      JsonArray listeners = new JsonArray();
      for (Listener l : lb.listeners.values()) {
        if (g.id.equals(l.attributes.get("VServerGroupId"))) {
          JsonObject ref = new JsonObject();
          ref.addProperty("Port", l.port);
          ref.addProperty("Protocol", l.protocol);
          listeners.add(ref);
        }
      }
      JsonObject assoc = new JsonObject();
      assoc.add("Listeners", wrap("Listener", listeners));
      o.add("AssociatedObjects", assoc);
      o.addProperty("ServerCount", g.backends.size());
      out.add(o);
    }
    JsonObject o = new JsonObject();
    o.add("VServerGroups", wrap("VServerGroup", out));
    return o;
  }

  private JsonObject describeVServerGroupAttribute(RpcCall c) {
    return groupJson(group(c));
  }

  private JsonObject addBackends(RpcCall c) {
    VServerGroup g = group(c);
    List<Backend> add = backends(c, "BackendServers", false);
    long fresh = add.stream().filter(b -> !g.backends.containsKey(b.key())).count();
    if (g.backends.size() + fresh > MAX_BACKENDS_PER_GROUP) {
      throw AlibabaApiError.invalid("InstanceBackendServerNumberOverLimit",
          "The number of backend servers of the VServer group exceeds the limit of " + MAX_BACKENDS_PER_GROUP + ".");
    }
    add.forEach(b -> g.backends.put(b.key(), b));
    return groupJson(g);
  }

  private JsonObject removeBackends(RpcCall c) {
    VServerGroup g = group(c);
    for (Backend b : backends(c, "BackendServers", false)) {
      g.backends.remove(b.key());
    }
    return groupJson(g);
  }

  private JsonObject setVServerGroupAttribute(RpcCall c) {
    VServerGroup g = group(c);
    c.optional("VServerGroupName").ifPresent(n -> g.name = n);
    if (c.optional("BackendServers").isPresent()) {
      for (Backend b : backends(c, "BackendServers", false)) {
        Backend existing = g.backends.get(b.key());
        if (existing == null) {
          throw AlibabaApiError.invalid("BackendServer.NotExist",
              "The backend server " + b.serverId + ":" + b.port + " is not in the VServer group.");
        }
        existing.weight = b.weight;
        existing.description = b.description;
      }
    }
    return groupJson(g);
  }

  private JsonObject modifyBackends(RpcCall c) {
    VServerGroup g = group(c);
    List<Backend> old = backends(c, "OldBackendServers", false);
    List<Backend> replacement = backends(c, "NewBackendServers", false);
    old.forEach(b -> g.backends.remove(b.key()));
    replacement.forEach(b -> g.backends.put(b.key(), b));
    return groupJson(g);
  }

  private List<Backend> backends(RpcCall c, String param, boolean optional) {
    Optional<String> raw = c.optional(param);
    if (raw.isEmpty()) {
      if (optional) {
        return List.of();
      }
      throw missing(param);
    }
    JsonArray array;
    try {
      JsonElement parsed = JsonParser.parseString(raw.get());
      if (!parsed.isJsonArray()) {
        throw RpcCall.invalidParameter(param, "must be a JSON array of backend servers");
      }
      array = parsed.getAsJsonArray();
    } catch (JsonParseException e) {
      throw RpcCall.invalidParameter(param, "must be a JSON array of backend servers");
    }
    if (array.size() > MAX_BACKENDS_PER_CALL) {
      throw AlibabaApiError.invalid("InvalidParameter.BackendServersOverLimit",
          "The number of backend servers in one request exceeds the limit of " + MAX_BACKENDS_PER_CALL + ".");
    }
    List<Backend> out = new ArrayList<>();
    for (JsonElement e : array) {
      if (!e.isJsonObject()) {
        throw RpcCall.invalidParameter(param, "every item must be an object");
      }
      // keys are matched without regard to case: Go clients send serverId, Java ones ServerId, and upstream's
      // also sends untagged Go fields (IsUserManaged, NodeName, ...), which are ignored
      Map<String, JsonElement> fields = new HashMap<>();
      e.getAsJsonObject().entrySet().forEach(f -> fields.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue()));
      String serverId = text(fields.get("serverid"));
      if (serverId == null || serverId.isEmpty()) {
        throw RpcCall.invalidParameter(param, "every backend needs a ServerId");
      }
      int port = number(fields.get("port"), param, "Port", 1, 65535, -1);
      if (port < 0) {
        throw RpcCall.invalidParameter(param, "every backend of a VServer group needs a Port");
      }
      Backend b = new Backend(serverId, port);
      b.weight = number(fields.get("weight"), param, "Weight", 0, 100, 100);
      String type = Optional.ofNullable(text(fields.get("type"))).filter(t -> !t.isEmpty()).orElse("ecs");
      if (!type.equals("ecs") && !type.equals("eni") && !type.equals("eci")) {
        throw RpcCall.invalidParameter(param, "Type must be ecs, eni or eci");
      }
      b.type = type;
      b.description = Optional.ofNullable(text(fields.get("description"))).orElse("");
      if (type.equals("ecs")) {
        Optional<EcsInstance> instance = state.ecs().instance(serverId);
        if (instance.isEmpty()) {
          throw AlibabaApiError.invalid("InvalidBackendServers.ServerIdNotExist",
              "The specified ServerId " + serverId + " does not exist.");
        }
        b.serverIp = instance.get().privateIp();
      } else {
        b.serverIp = Optional.ofNullable(text(fields.get("serverip"))).orElse("");
      }
      out.add(b);
    }
    return out;
  }

  private static String text(JsonElement e) {
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  private static int number(JsonElement e, String param, String field, int min, int max, int dflt) {
    String t = text(e);
    if (t == null || t.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(t.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ex) {
      // answered below
    }
    throw RpcCall.invalidParameter(param, field + " must be an integer from " + min + " to " + max);
  }

  private static JsonObject groupJson(VServerGroup g) {
    JsonObject o = new JsonObject();
    o.addProperty("VServerGroupId", g.id);
    o.addProperty("VServerGroupName", g.name);
    o.addProperty("LoadBalancerId", g.loadBalancerId);
    JsonArray list = new JsonArray();
    for (Backend b : g.backends.values()) {
      JsonObject j = new JsonObject();
      j.addProperty("ServerId", b.serverId);
      j.addProperty("Port", b.port);
      j.addProperty("Weight", b.weight);
      j.addProperty("Type", b.type);
      j.addProperty("Description", b.description);
      j.addProperty("ServerIp", b.serverIp);
      list.add(j);
    }
    o.add("BackendServers", wrap("BackendServer", list));
    return o;
  }

  // ---------------------------------------------------------------- certificates, SNI, ACLs

  private JsonObject uploadCertificate(RpcCall c) {
    String pem = c.required("ServerCertificate");
    c.required("PrivateKey");
    String id = state.ids().next("") + "-" + state.region();
    Certificate cert = new Certificate(id, c.optional("ServerCertificateName").orElse(id), fingerprint(pem),
        state.clock().instant());
    certificates.put(id, cert);
    return certificateJson(cert);
  }

  private JsonObject describeCertificates(RpcCall c) {
    Optional<String> id = c.optional("ServerCertificateId");
    JsonArray out = new JsonArray();
    for (Certificate cert : certificates.values()) {
      if (id.isEmpty() || List.of(id.get().split(",")).contains(cert.id())) {
        out.add(certificateJson(cert));
      }
    }
    JsonObject o = new JsonObject();
    o.add("ServerCertificates", wrap("ServerCertificate", out));
    return o;
  }

  private JsonObject deleteCertificate(RpcCall c) {
    String id = c.required("ServerCertificateId");
    if (certificates.remove(id) == null) {
      throw AlibabaApiError.invalid("ServerCertificateId.NotExist",
          "The specified ServerCertificateId does not exist.");
    }
    return new JsonObject();
  }

  private JsonObject certificateJson(Certificate cert) {
    JsonObject o = new JsonObject();
    o.addProperty("ServerCertificateId", cert.id());
    o.addProperty("ServerCertificateName", cert.name());
    o.addProperty("Fingerprint", cert.fingerprint());
    o.addProperty("RegionId", state.region());
    o.addProperty("CreateTimeStamp", cert.created().toEpochMilli());
    return o;
  }

  private static String fingerprint(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < d.length; i++) {
        b.append(i == 0 ? "" : ":").append(HexFormat.of().formatHex(d, i, i + 1));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  private JsonObject createDomainExtension(RpcCall c) {
    LoadBalancer lb = balancer(c);
    Listener l = listener(lb, c.required("ListenerPort"), Optional.of("https"));
    String domain = c.required("Domain").toLowerCase(Locale.ROOT);
    String cert = c.required("ServerCertificateId");
    if (!certificates.containsKey(cert)) {
      throw AlibabaApiError.invalid("ServerCertificateId.NotExist",
          "The specified ServerCertificateId does not exist.");
    }
    for (DomainExtension d : domainExtensions.values()) {
      if (d.loadBalancerId.equals(lb.id) && d.listenerPort == l.port && d.domain.equals(domain)) {
        throw AlibabaApiError.invalid("DomainExtensionProcessing.Exist", "The domain extension already exists.");
      }
    }
    DomainExtension d = new DomainExtension(state.ids().next("de-"), lb.id, l.port, domain, cert);
    domainExtensions.put(d.id, d);
    JsonObject o = new JsonObject();
    o.addProperty("DomainExtensionId", d.id);
    o.addProperty("ListenerPort", d.listenerPort);
    return o;
  }

  private JsonObject deleteDomainExtension(RpcCall c) {
    if (domainExtensions.remove(c.required("DomainExtensionId")) == null) {
      throw AlibabaApiError.notFound("InvalidParameter.DomainExtensionId.NotFound",
          "The specified DomainExtensionId does not exist.");
    }
    return new JsonObject();
  }

  private JsonObject describeDomainExtensions(RpcCall c) {
    LoadBalancer lb = balancer(c);
    Optional<String> port = c.optional("ListenerPort");
    Optional<String> id = c.optional("DomainExtensionId");
    JsonArray out = new JsonArray();
    for (DomainExtension d : domainExtensions.values()) {
      if (d.loadBalancerId.equals(lb.id) && (port.isEmpty() || port.get().equals(String.valueOf(d.listenerPort)))
          && (id.isEmpty() || id.get().equals(d.id))) {
        JsonObject o = new JsonObject();
        o.addProperty("DomainExtensionId", d.id);
        o.addProperty("Domain", d.domain);
        o.addProperty("ServerCertificateId", d.certificateId);
        out.add(o);
      }
    }
    JsonObject o = new JsonObject();
    o.add("DomainExtensions", wrap("DomainExtension", out));
    return o;
  }

  private JsonObject setDomainExtension(RpcCall c) {
    DomainExtension d = domainExtensions.get(c.required("DomainExtensionId"));
    if (d == null) {
      throw AlibabaApiError.notFound("InvalidParameter.DomainExtensionId.NotFound",
          "The specified DomainExtensionId does not exist.");
    }
    String cert = c.required("ServerCertificateId");
    if (!certificates.containsKey(cert)) {
      throw AlibabaApiError.invalid("ServerCertificateId.NotExist",
          "The specified ServerCertificateId does not exist.");
    }
    d.certificateId = cert;
    return new JsonObject();
  }

  private JsonObject createAcl(RpcCall c) {
    String id = state.ids().next("acl-");
    acls.put(id, new Acl(id, c.required("AclName"), c.optional("AddressIPVersion").orElse("ipv4")));
    JsonObject o = new JsonObject();
    o.addProperty("AclId", id);
    return o;
  }

  private JsonObject deleteAcl(RpcCall c) {
    String id = c.required("AclId");
    if (!acls.containsKey(id)) {
      throw AlibabaApiError.invalid("AclNotExist", "The specified AclId does not exist.");
    }
    for (LoadBalancer lb : balancers.values()) {
      for (Listener l : lb.listeners.values()) {
        if (id.equals(l.attributes.get("AclId")) && "on".equals(l.attributes.get("AclStatus"))) {
          throw AlibabaApiError.invalid("AclInUsed", "The ACL is used by a listener.");
        }
      }
    }
    acls.remove(id);
    return new JsonObject();
  }

  private JsonObject describeAcls(RpcCall c) {
    JsonArray out = new JsonArray();
    for (Acl acl : acls.values()) {
      JsonObject o = new JsonObject();
      o.addProperty("AclId", acl.id());
      o.addProperty("AclName", acl.name());
      o.addProperty("AddressIPVersion", acl.ipVersion());
      out.add(o);
    }
    JsonObject o = new JsonObject();
    o.add("Acls", wrap("Acl", out));
    return o;
  }

  // ---------------------------------------------------------------- helpers

  private LoadBalancer balancer(RpcCall c) {
    return balancer(c.required("LoadBalancerId"));
  }

  private LoadBalancer balancer(String id) {
    LoadBalancer lb = balancers.get(id);
    if (lb == null) {
      throw AlibabaApiError.notFound("InvalidLoadBalancerId.NotFound",
          "The specified load balancer does not exist.");
    }
    return lb;
  }

  private VServerGroup group(RpcCall c) {
    String id = c.required("VServerGroupId");
    for (LoadBalancer lb : balancers.values()) {
      VServerGroup g = lb.groups.get(id);
      if (g != null) {
        return g;
      }
    }
    throw AlibabaApiError.notFound("InvalidVServerGroupId.NotFound", "The specified VServerGroupId does not exist.");
  }

  private static String choice(RpcCall c, String name, String dflt, Set<String> values) {
    Optional<String> v = c.optional(name);
    if (v.isEmpty()) {
      if (dflt == null) {
        throw missing(name);
      }
      return dflt;
    }
    for (String allowed : values) {
      if (allowed.equalsIgnoreCase(v.get())) {
        return allowed;
      }
    }
    throw RpcCall.invalidParameter(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(values)));
  }

  private static JsonObject wrap(String name, JsonArray items) {
    JsonObject o = new JsonObject();
    o.add(name, items);
    return o;
  }
}
