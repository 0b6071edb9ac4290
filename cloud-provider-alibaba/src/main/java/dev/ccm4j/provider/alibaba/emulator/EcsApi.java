package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ECS {@code 2014-05-26}: {@code DescribeInstances} (by ids, by private addresses, VPC, zone, status, name and tags,
 * both paging styles), {@code DescribeNetworkInterfaces}, {@code ModifyNetworkInterfaceAttribute},
 * {@code StopInstance}, {@code StartInstance} and {@code DescribeRegions}.
 */
final class EcsApi extends ProductApi {
  static final String VERSION = "2014-05-26";
  private static final int MAX_IDS = 100;

  private final AlibabaCloudState state;

  EcsApi(AlibabaCloudState state) {
    super("Ecs", VERSION);
    this.state = state;
    action("DescribeInstances", this::describeInstances);
    action("DescribeNetworkInterfaces", this::describeNetworkInterfaces);
    action("ModifyNetworkInterfaceAttribute", this::modifyNetworkInterfaceAttribute);
    action("StopInstance", this::stopInstance);
    action("StartInstance", this::startInstance);
    action("DescribeRegions", this::describeRegions);
  }

  private JsonObject describeInstances(RpcCall call) {
    call.regionId();
    List<String> ids = call.jsonList("InstanceIds");
    if (ids.size() > MAX_IDS) {
      throw AlibabaApiError.invalid("InvalidInstanceIds.ValueNotSupported",
          "The specified parameter InstanceIds has more than " + MAX_IDS + " ids.");
    }
    List<String> ips = call.jsonList("PrivateIpAddresses");
    if (ips.size() > MAX_IDS) {
      throw AlibabaApiError.invalid("InvalidParameter.PrivateIpAddresses",
          "The specified parameter PrivateIpAddresses has more than " + MAX_IDS + " addresses.");
    }
    Predicate<EcsInstance> filter = i -> true;
    // an empty value is an unset filter: the SDKs send none for an unset field, some send it empty
    if (call.optional("InstanceIds").isPresent()) {
      Set<String> wanted = new HashSet<>(ids);
      filter = filter.and(i -> wanted.contains(i.instanceId()));
    }
    if (call.optional("PrivateIpAddresses").isPresent()) {
      Set<String> wanted = new HashSet<>(ips);
      filter = filter.and(i -> wanted.contains(i.privateIp()));
    }
    filter = filter.and(equalsIfSet(call, "VpcId", EcsInstance::vpcId))
        .and(equalsIfSet(call, "VSwitchId", EcsInstance::vSwitchId))
        .and(equalsIfSet(call, "ZoneId", EcsInstance::zoneId))
        .and(equalsIfSet(call, "Status", EcsInstance::status))
        .and(equalsIfSet(call, "InstanceType", EcsInstance::instanceType))
        .and(equalsIfSet(call, "InstanceChargeType", EcsInstance::instanceChargeType));
    Optional<String> networkType = call.optional("InstanceNetworkType");
    if (networkType.isPresent() && !networkType.get().equalsIgnoreCase("vpc")) {
      // every emulated instance is in the VPC; none is on the classic network
      filter = i -> false;
    }
    Optional<String> name = call.optional("InstanceName");
    if (name.isPresent()) {
      filter = filter.and(nameMatches(name.get()));
    }
    for (Map<String, String> tag : call.objects("Tag")) {
      String key = tag.get("Key");
      if (key == null || key.isEmpty()) {
        continue;
      }
      String value = tag.get("Value");
      filter = filter.and(i -> i.tags().containsKey(key)
          && (value == null || value.isEmpty() || value.equals(i.tags().get(key))));
    }
    List<EcsInstance> matched = state.ecs().instances().stream().filter(filter).toList();
    JsonObject out = new JsonObject();
    List<EcsInstance> page;
    if (call.params().containsKey("MaxResults") || call.params().containsKey("NextToken")) {
      page = Paging.byToken(call, matched, "MaxResults", 10, 100, out);
      out.addProperty("PageSize", out.get("MaxResults").getAsInt());
      out.remove("MaxResults");
      out.addProperty("TotalCount", matched.size());
    } else {
      page = Paging.byNumber(call, matched, 10, 100, out);
    }
    List<JsonObject> rendered = new ArrayList<>();
    for (EcsInstance i : page) {
      rendered.add(render(i));
    }
    out.add("Instances", Js.wrap("Instance", rendered));
    return out;
  }

  private JsonObject render(EcsInstance i) {
    JsonObject o = new JsonObject();
    o.addProperty("InstanceId", i.instanceId());
    o.addProperty("InstanceName", i.instanceName());
    o.addProperty("HostName", i.hostName());
    o.addProperty("Description", "");
    o.addProperty("RegionId", i.regionId());
    o.addProperty("ZoneId", i.zoneId());
    o.addProperty("InstanceType", i.instanceType());
    o.addProperty("InstanceTypeFamily", family(i.instanceType()));
    o.addProperty("Cpu", 2);
    o.addProperty("Memory", 8192);
    o.addProperty("OSType", "linux");
    o.addProperty("OSName", "Alibaba Cloud Linux  3.2104 LTS 64位");
    o.addProperty("ImageId", "aliyun_3_x64_20G_alibase_20240819.vhd");
    o.addProperty("Status", i.status());
    o.addProperty("InstanceNetworkType", "vpc");
    o.addProperty("InstanceChargeType", i.instanceChargeType());
    o.addProperty("SpotStrategy", i.spotStrategy());
    o.addProperty("InternetChargeType", "PayByTraffic");
    o.addProperty("InternetMaxBandwidthOut", i.publicIp().isPresent() ? 5 : 0);
    o.addProperty("CreationTime", Js.minutes(i.creationTime()));
    o.addProperty("StartTime", Js.minutes(i.creationTime()));
    o.addProperty("ExpiredTime", "2099-12-31T15:59Z");
    o.addProperty("SerialNumber", i.instanceId().substring(2));
    o.addProperty("StoppedMode", i.status().equals(EcsInstance.STOPPED) ? "KeepCharging" : "Not-applicable");
    o.add("SecurityGroupIds", Js.wrapStrings("SecurityGroupId", List.of()));
    JsonObject vpcAttributes = new JsonObject();
    vpcAttributes.addProperty("VpcId", i.vpcId());
    vpcAttributes.addProperty("VSwitchId", i.vSwitchId());
    vpcAttributes.addProperty("NatIpAddress", "");
    vpcAttributes.add("PrivateIpAddress", Js.wrapStrings("IpAddress", List.of(i.privateIp())));
    o.add("VpcAttributes", vpcAttributes);
    // a VPC instance has no classic-network inner address
    o.add("InnerIpAddress", Js.wrapStrings("IpAddress", List.of()));
    o.add("PublicIpAddress", Js.wrapStrings("IpAddress", i.publicIp().map(List::of).orElse(List.of())));
    JsonObject eip = new JsonObject();
    List<EipAddress> eips = state.vpc().eipsOf(i.instanceId());
    eip.addProperty("AllocationId", eips.isEmpty() ? "" : eips.get(0).allocationId());
    eip.addProperty("IpAddress", eips.isEmpty() ? "" : eips.get(0).ipAddress());
    eip.addProperty("Bandwidth", eips.isEmpty() ? 0 : Integer.parseInt(eips.get(0).bandwidth()));
    eip.addProperty("InternetChargeType", eips.isEmpty() ? "" : eips.get(0).internetChargeType());
    eip.addProperty("IsSupportUnassociate", true);
    o.add("EipAddress", eip);
    JsonObject eni = new JsonObject();
    eni.addProperty("NetworkInterfaceId", i.networkInterfaceId());
    eni.addProperty("Type", "Primary");
    eni.addProperty("MacAddress", i.macAddress());
    eni.addProperty("PrimaryIpAddress", i.privateIp());
    JsonObject ipSet = new JsonObject();
    ipSet.addProperty("PrivateIpAddress", i.privateIp());
    ipSet.addProperty("Primary", true);
    eni.add("PrivateIpSets", Js.wrap("PrivateIpSet", List.of(ipSet)));
    eni.add("Ipv6Sets", Js.wrap("Ipv6Set", List.of()));
    o.add("NetworkInterfaces", Js.wrap("NetworkInterface", List.of(eni)));
    List<JsonObject> tags = new ArrayList<>();
    i.tags().forEach((k, v) -> {
      JsonObject t = new JsonObject();
      t.addProperty("TagKey", k);
      t.addProperty("TagValue", v);
      tags.add(t);
    });
    o.add("Tags", Js.wrap("Tag", tags));
    return o;
  }

  private JsonObject describeNetworkInterfaces(RpcCall call) {
    call.regionId();
    Predicate<EcsInstance> filter = equalsIfSet(call, "VpcId", EcsInstance::vpcId)
        .and(equalsIfSet(call, "VSwitchId", EcsInstance::vSwitchId))
        .and(equalsIfSet(call, "InstanceId", EcsInstance::instanceId));
    List<String> ids = call.list("NetworkInterfaceId");
    if (!ids.isEmpty()) {
      Set<String> wanted = new HashSet<>(ids);
      filter = filter.and(i -> wanted.contains(i.networkInterfaceId()));
    }
    List<String> ips = call.list("PrivateIpAddress");
    if (!ips.isEmpty()) {
      Set<String> wanted = new HashSet<>(ips);
      filter = filter.and(i -> wanted.contains(i.privateIp()));
    }
    Optional<String> status = call.optional("Status");
    if (status.isPresent() && !status.get().equals("InUse")) {
      // every emulated ENI is the primary ENI of an instance, so it is in use
      filter = i -> false;
    }
    Optional<String> type = call.optional("Type");
    if (type.isPresent() && !type.get().equals("Primary")) {
      filter = i -> false;
    }
    List<EcsInstance> matched = state.ecs().instances().stream().filter(filter).toList();
    JsonObject out = new JsonObject();
    List<EcsInstance> page;
    if (call.params().containsKey("MaxResults") || call.params().containsKey("NextToken")) {
      page = Paging.byToken(call, matched, "MaxResults", 10, 500, out);
      out.addProperty("TotalCount", matched.size());
    } else {
      page = Paging.byNumber(call, matched, 10, 100, out);
    }
    List<JsonObject> sets = new ArrayList<>();
    for (EcsInstance i : page) {
      JsonObject o = new JsonObject();
      o.addProperty("NetworkInterfaceId", i.networkInterfaceId());
      o.addProperty("NetworkInterfaceName", "");
      o.addProperty("Status", "InUse");
      o.addProperty("Type", "Primary");
      o.addProperty("VpcId", i.vpcId());
      o.addProperty("VSwitchId", i.vSwitchId());
      o.addProperty("ZoneId", i.zoneId());
      o.addProperty("InstanceId", i.instanceId());
      o.addProperty("PrivateIpAddress", i.privateIp());
      o.addProperty("MacAddress", i.macAddress());
      o.addProperty("SourceDestCheck", i.sourceDestCheck());
      o.addProperty("CreationTime", Js.seconds(i.creationTime()));
      JsonObject ipSet = new JsonObject();
      ipSet.addProperty("PrivateIpAddress", i.privateIp());
      ipSet.addProperty("Primary", true);
      o.add("PrivateIpSets", Js.wrap("PrivateIpSet", List.of(ipSet)));
      o.add("Ipv6Sets", Js.wrap("Ipv6Set", List.of()));
      o.add("SecurityGroupIds", Js.wrapStrings("SecurityGroupId", List.of()));
      sets.add(o);
    }
    out.add("NetworkInterfaceSets", Js.wrap("NetworkInterfaceSet", sets));
    return out;
  }

  private JsonObject modifyNetworkInterfaceAttribute(RpcCall call) {
    call.regionId();
    String eniId = call.required("NetworkInterfaceId");
    EcsInstance owner = state.ecs().instances().stream().filter(i -> i.networkInterfaceId().equals(eniId))
        .findFirst().orElseThrow(() -> AlibabaApiError.notFound("InvalidEniId.NotFound",
            "The specified NetworkInterfaceId does not exist."));
    Optional<Boolean> check = call.bool("SourceDestCheck");
    if (check.isPresent()) {
      state.ecs().update(owner.instanceId(), b -> b.sourceDestCheck(check.get()));
    }
    return new JsonObject();
  }

  private JsonObject stopInstance(RpcCall call) {
    EcsInstance i = requireInstance(call.required("InstanceId"));
    boolean force = call.bool("ForceStop").orElse(false);
    if (!i.status().equals(EcsInstance.RUNNING) && !(force && i.status().equals(EcsInstance.STOPPING))) {
      throw AlibabaApiError.forbidden("IncorrectInstanceStatus",
          "The current status of the resource does not support this operation.");
    }
    state.ecs().beginTransition(i.instanceId(), EcsInstance.STOPPING, EcsInstance.STOPPED);
    return new JsonObject();
  }

  private JsonObject startInstance(RpcCall call) {
    EcsInstance i = requireInstance(call.required("InstanceId"));
    if (!i.status().equals(EcsInstance.STOPPED)) {
      throw AlibabaApiError.forbidden("IncorrectInstanceStatus",
          "The current status of the resource does not support this operation.");
    }
    state.ecs().beginTransition(i.instanceId(), EcsInstance.STARTING, EcsInstance.RUNNING);
    return new JsonObject();
  }

  private JsonObject describeRegions(RpcCall call) {
    JsonObject region = new JsonObject();
    region.addProperty("RegionId", state.region());
    region.addProperty("LocalName", state.region());
    region.addProperty("RegionEndpoint", "ecs." + state.region() + ".aliyuncs.com");
    region.addProperty("Status", "available");
    JsonObject out = new JsonObject();
    out.add("Regions", Js.wrap("Region", List.of(region)));
    return out;
  }

  private EcsInstance requireInstance(String id) {
    return state.ecs().instance(id).orElseThrow(() -> AlibabaApiError.notFound("InvalidInstanceId.NotFound",
        "The specified InstanceId does not exist."));
  }

  private static Predicate<EcsInstance> equalsIfSet(RpcCall call, String param,
      java.util.function.Function<EcsInstance, String> field) {
    Optional<String> wanted = call.optional(param);
    return wanted.<Predicate<EcsInstance>>map(w -> i -> w.equals(field.apply(i))).orElse(i -> true);
  }

  // ECS matches names with * as a wildcard
  private static Predicate<EcsInstance> nameMatches(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(java.util.regex.Pattern.quote(part));
    }
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(String.join(".*", parts));
    return i -> p.matcher(i.instanceName()).matches();
  }

  private static String family(String instanceType) {
    int last = instanceType.lastIndexOf('.');
    return last > 0 ? instanceType.substring(0, last).toLowerCase(Locale.ROOT) : instanceType;
  }
}
