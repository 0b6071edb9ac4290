package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.Ipv4;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * VPC {@code 2016-04-28}: the VPC and its vSwitches, the route table and its entries (custom entries are
 * {@code Pending} for a while after {@code CreateRouteEntry}, and creates are refused while one is), and elastic IPs.
 */
final class VpcApi extends ProductApi {
  static final String VERSION = "2016-04-28";

  private final AlibabaCloudState state;

  VpcApi(AlibabaCloudState state) {
    super("Vpc", VERSION);
    this.state = state;
    action("DescribeVpcs", this::describeVpcs);
    action("DescribeVpcAttribute", this::describeVpcAttribute);
    action("DescribeVSwitches", this::describeVSwitches);
    action("DescribeRouteTableList", this::describeRouteTableList);
    action("DescribeRouteTables", this::describeRouteTables);
    action("DescribeRouteEntryList", this::describeRouteEntryList);
    action("CreateRouteEntry", this::createRouteEntry);
    action("DeleteRouteEntry", this::deleteRouteEntry);
    action("DescribeEipAddresses", this::describeEipAddresses);
    action("AllocateEipAddress", this::allocateEipAddress);
    action("AssociateEipAddress", this::associateEipAddress);
    action("UnassociateEipAddress", this::unassociateEipAddress);
    action("ReleaseEipAddress", this::releaseEipAddress);
  }

  private VpcState vpc() {
    return state.vpc();
  }

  private JsonObject renderVpc() {
    JsonObject o = new JsonObject();
    o.addProperty("VpcId", vpc().vpcId());
    o.addProperty("RegionId", state.region());
    o.addProperty("Status", "Available");
    o.addProperty("VpcName", "ccm4j-emulator");
    o.addProperty("Description", "");
    o.addProperty("CreationTime", Js.seconds(vpc().creationTime()));
    o.addProperty("CidrBlock", vpc().cidrBlock());
    o.addProperty("Ipv6CidrBlock", "");
    o.addProperty("VRouterId", vpc().vRouterId());
    o.addProperty("IsDefault", false);
    o.addProperty("ResourceGroupId", "");
    o.add("VSwitchIds", Js.wrapStrings("VSwitchId", vpc().vSwitches().stream().map(VSwitch::vSwitchId).toList()));
    o.add("RouterTableIds", Js.wrapStrings("RouterTableIds", List.of(vpc().routeTableId())));
    o.add("SecondaryCidrBlocks", Js.wrapStrings("SecondaryCidrBlock", List.of()));
    o.add("UserCidrs", Js.wrapStrings("UserCidr", List.of()));
    return o;
  }

  private JsonObject describeVpcs(RpcCall call) {
    call.regionId();
    boolean match = call.optional("VpcId").map(ids -> List.of(ids.split(",")).contains(vpc().vpcId()))
        .orElse(true);
    List<JsonObject> all = match ? List.of(renderVpc()) : List.of();
    JsonObject out = new JsonObject();
    out.add("Vpcs", Js.wrap("Vpc", Paging.byNumber(call, all, 10, 50, out)));
    return out;
  }

  private JsonObject describeVpcAttribute(RpcCall call) {
    call.regionId();
    if (!call.required("VpcId").equals(vpc().vpcId())) {
      throw AlibabaApiError.notFound("InvalidVpcId.NotFound", "Specified VPC does not exist.");
    }
    return renderVpc();
  }

  private JsonObject describeVSwitches(RpcCall call) {
    call.regionId();
    Optional<String> vpcId = call.optional("VpcId");
    Optional<String> id = call.optional("VSwitchId");
    Optional<String> zone = call.optional("ZoneId");
    List<JsonObject> matched = new ArrayList<>();
    for (VSwitch v : vpc().vSwitches()) {
      if (vpcId.isPresent() && !vpcId.get().equals(vpc().vpcId())
          || id.isPresent() && !id.get().equals(v.vSwitchId())
          || zone.isPresent() && !zone.get().equals(v.zoneId())) {
        continue;
      }
      JsonObject o = new JsonObject();
      o.addProperty("VSwitchId", v.vSwitchId());
      o.addProperty("VpcId", vpc().vpcId());
      o.addProperty("Status", "Available");
      o.addProperty("CidrBlock", v.cidrBlock());
      o.addProperty("ZoneId", v.zoneId());
      o.addProperty("AvailableIpAddressCount", vpc().availableIpCount(v.vSwitchId()));
      o.addProperty("VSwitchName", v.name());
      o.addProperty("Description", "");
      o.addProperty("CreationTime", Js.seconds(vpc().creationTime()));
      o.addProperty("IsDefault", false);
      JsonObject table = new JsonObject();
      table.addProperty("RouteTableId", vpc().routeTableId());
      table.addProperty("RouteTableType", "System");
      o.add("RouteTable", table);
      matched.add(o);
    }
    JsonObject out = new JsonObject();
    out.add("VSwitches", Js.wrap("VSwitch", Paging.byNumber(call, matched, 10, 50, out)));
    return out;
  }

  private boolean tableMatches(RpcCall call) {
    return call.optional("VpcId").map(v -> v.equals(vpc().vpcId())).orElse(true)
        && call.optional("RouteTableId").map(v -> v.equals(vpc().routeTableId())).orElse(true)
        && call.optional("VRouterId").map(v -> v.equals(vpc().vRouterId())).orElse(true)
        && call.optional("RouterId").map(v -> v.equals(vpc().vRouterId())).orElse(true)
        && call.optional("RouteTableType").map(v -> v.equals("System")).orElse(true);
  }

  private JsonObject describeRouteTableList(RpcCall call) {
    call.regionId();
    List<JsonObject> matched = new ArrayList<>();
    if (tableMatches(call)) {
      JsonObject o = new JsonObject();
      o.addProperty("VpcId", vpc().vpcId());
      o.addProperty("RouteTableId", vpc().routeTableId());
      o.addProperty("RouteTableName", "");
      o.addProperty("RouteTableType", "System");
      o.addProperty("RouterId", vpc().vRouterId());
      o.addProperty("RouterType", "VRouter");
      o.addProperty("Status", "Available");
      o.addProperty("Description", "");
      o.addProperty("ResourceGroupId", "");
      o.addProperty("CreationTime", Js.seconds(vpc().creationTime()));
      o.add("VSwitchIds", Js.wrapStrings("VSwitchId", vpc().vSwitches().stream().map(VSwitch::vSwitchId).toList()));
      o.add("Tags", Js.wrap("Tag", List.of()));
      matched.add(o);
    }
    JsonObject out = new JsonObject();
    out.add("RouterTableList", Js.wrap("RouterTableListType", Paging.byNumber(call, matched, 10, 50, out)));
    out.addProperty("Success", true);
    out.addProperty("Code", "200");
    out.addProperty("Message", "successful");
    return out;
  }

  private JsonObject describeRouteTables(RpcCall call) {
    call.regionId();
    List<JsonObject> matched = new ArrayList<>();
    if (tableMatches(call)) {
      Instant now = state.clock().instant();
      List<JsonObject> entries = new ArrayList<>();
      for (RouteEntry r : vpc().routeEntries()) {
        JsonObject e = new JsonObject();
        e.addProperty("RouteTableId", r.routeTableId());
        e.addProperty("DestinationCidrBlock", r.destinationCidrBlock());
        e.addProperty("Type", r.type());
        e.addProperty("Status", r.status(now));
        e.addProperty("InstanceId", r.nextHopId());
        e.addProperty("NextHopType", r.nextHopType());
        e.add("NextHops", Js.wrap("NextHop", List.of(nextHop(r))));
        entries.add(e);
      }
      JsonObject o = new JsonObject();
      o.addProperty("VRouterId", vpc().vRouterId());
      o.addProperty("RouteTableId", vpc().routeTableId());
      o.addProperty("RouteTableType", "System");
      o.addProperty("CreationTime", Js.seconds(vpc().creationTime()));
      o.add("RouteEntrys", Js.wrap("RouteEntry", entries));
      matched.add(o);
    }
    JsonObject out = new JsonObject();
    out.add("RouteTables", Js.wrap("RouteTable", Paging.byNumber(call, matched, 10, 50, out)));
    return out;
  }

  private JsonObject describeRouteEntryList(RpcCall call) {
    call.regionId();
    String table = call.required("RouteTableId");
    if (!table.equals(vpc().routeTableId())) {
      throw AlibabaApiError.notFound("InvalidRouteTableId.NotFound", "The specified route table does not exist.");
    }
    Predicate<RouteEntry> filter = r -> true;
    Optional<String> id = call.optional("RouteEntryId");
    if (id.isPresent()) {
      filter = filter.and(r -> r.routeEntryId().equals(id.get()));
    }
    Optional<String> type = call.optional("RouteEntryType");
    if (type.isPresent()) {
      filter = filter.and(r -> r.type().equalsIgnoreCase(type.get()));
    }
    Optional<String> hopType = call.optional("NextHopType");
    if (hopType.isPresent()) {
      filter = filter.and(r -> r.nextHopType().equalsIgnoreCase(hopType.get()));
    }
    Optional<String> hop = call.optional("NextHopId");
    if (hop.isPresent()) {
      filter = filter.and(r -> r.nextHopId().equals(hop.get()));
    }
    Optional<String> destination = call.optional("DestinationCidrBlock");
    if (destination.isPresent()) {
      String normalised = Ipv4.cidr(destination.get()).map(Ipv4.Cidr::toString).orElse(destination.get());
      filter = filter.and(r -> r.destinationCidrBlock().equals(normalised));
    }
    Optional<String> name = call.optional("RouteEntryName");
    if (name.isPresent()) {
      filter = filter.and(r -> r.name().equals(name.get()));
    }
    Optional<String> ipVersion = call.optional("IpVersion");
    if (ipVersion.isPresent() && !ipVersion.get().equalsIgnoreCase("ipv4")) {
      filter = r -> false;
    }
    List<RouteEntry> matched = vpc().routeEntries().stream().filter(filter).toList();
    JsonObject out = new JsonObject();
    List<RouteEntry> page = Paging.byToken(call, matched, "MaxResult", 50, 1000, out);
    out.remove("MaxResult");
    Instant now = state.clock().instant();
    List<JsonObject> rendered = new ArrayList<>();
    for (RouteEntry r : page) {
      JsonObject o = new JsonObject();
      o.addProperty("RouteEntryId", r.routeEntryId());
      o.addProperty("RouteTableId", r.routeTableId());
      o.addProperty("DestinationCidrBlock", r.destinationCidrBlock());
      o.addProperty("Type", r.type());
      o.addProperty("Status", r.status(now));
      o.addProperty("RouteEntryName", r.name());
      o.addProperty("Description", r.description());
      o.addProperty("IpVersion", "ipv4");
      o.addProperty("Origin", r.type().equals(RouteEntry.SYSTEM) ? "System" : "Custom");
      o.addProperty("GmtModified", Js.seconds(r.creationTime()));
      o.add("NextHops", Js.wrap("NextHop", List.of(nextHop(r))));
      rendered.add(o);
    }
    out.add("RouteEntrys", Js.wrap("RouteEntry", rendered));
    return out;
  }

  private JsonObject nextHop(RouteEntry r) {
    JsonObject hop = new JsonObject();
    hop.addProperty("NextHopType", r.nextHopType());
    hop.addProperty("NextHopId", r.nextHopId());
    hop.addProperty("Enabled", 1);
    hop.addProperty("Weight", 0);
    hop.addProperty("NextHopRegionId", state.region());
    return hop;
  }

  private JsonObject createRouteEntry(RpcCall call) {
    call.regionId();
    String table = call.required("RouteTableId");
    String destination = call.required("DestinationCidrBlock");
    String hopType = call.optional("NextHopType").orElse("Instance");
    if (!hopType.equals("Instance")) {
      throw RpcCall.invalidParameter("NextHopType", "the emulator supports next hops of type Instance only");
    }
    String hop = call.required("NextHopId");
    boolean exists = state.ecs().instance(hop).map(i -> i.vpcId().equals(vpc().vpcId())).orElse(false);
    RouteEntry entry = vpc().createRouteEntry(table, destination, hop, exists, call.optional("RouteEntryName")
        .orElse(""), call.optional("Description").orElse(""));
    JsonObject out = new JsonObject();
    out.addProperty("RouteEntryId", entry.routeEntryId());
    return out;
  }

  private JsonObject deleteRouteEntry(RpcCall call) {
    call.regionId();
    Optional<String> entryId = call.optional("RouteEntryId");
    String table = entryId.isPresent() ? call.optional("RouteTableId").orElse(null) : call.required("RouteTableId");
    String destination = entryId.isPresent() ? call.optional("DestinationCidrBlock").orElse(null)
        : call.required("DestinationCidrBlock");
    vpc().deleteRouteEntry(table, entryId.orElse(null), destination, call.optional("NextHopId").orElse(null));
    return new JsonObject();
  }

  private JsonObject describeEipAddresses(RpcCall call) {
    call.regionId();
    Predicate<EipAddress> filter = e -> true;
    Optional<String> allocation = call.optional("AllocationId");
    if (allocation.isPresent()) {
      List<String> ids = List.of(allocation.get().split(","));
      filter = filter.and(e -> ids.contains(e.allocationId()));
    }
    Optional<String> address = call.optional("EipAddress");
    if (address.isPresent()) {
      List<String> ips = List.of(address.get().split(","));
      filter = filter.and(e -> ips.contains(e.ipAddress()));
    }
    Optional<String> type = call.optional("AssociatedInstanceType");
    if (type.isPresent()) {
      filter = filter.and(e -> e.instanceType().equals(type.get()));
    }
    Optional<String> instance = call.optional("AssociatedInstanceId");
    if (instance.isPresent()) {
      filter = filter.and(e -> e.instanceId().equals(instance.get()));
    }
    Optional<String> status = call.optional("Status");
    if (status.isPresent()) {
      filter = filter.and(e -> e.status().equals(status.get()));
    }
    List<EipAddress> matched = vpc().eips().stream().filter(filter).toList();
    JsonObject out = new JsonObject();
    List<JsonObject> rendered = new ArrayList<>();
    for (EipAddress e : Paging.byNumber(call, matched, 10, 100, out)) {
      JsonObject o = new JsonObject();
      o.addProperty("AllocationId", e.allocationId());
      o.addProperty("IpAddress", e.ipAddress());
      o.addProperty("Status", e.status());
      o.addProperty("InstanceId", e.instanceId());
      o.addProperty("InstanceType", e.instanceType());
      o.addProperty("InstanceRegionId", e.instanceId().isEmpty() ? "" : state.region());
      o.addProperty("RegionId", state.region());
      o.addProperty("Bandwidth", e.bandwidth());
      o.addProperty("InternetChargeType", e.internetChargeType());
      o.addProperty("ChargeType", "PostPaid");
      o.addProperty("AllocationTime", Js.seconds(e.allocationTime()));
      o.addProperty("ISP", "BGP");
      o.addProperty("Mode", "NAT");
      o.addProperty("Name", "");
      o.addProperty("Description", "");
      rendered.add(o);
    }
    out.add("EipAddresses", Js.wrap("EipAddress", rendered));
    return out;
  }

  private JsonObject allocateEipAddress(RpcCall call) {
    call.regionId();
    int bandwidth = call.integer("Bandwidth", 5, 1, 10000);
    String charge = call.optional("InternetChargeType").orElse("PayByBandwidth");
    if (!charge.equals("PayByBandwidth") && !charge.equals("PayByTraffic")) {
      throw RpcCall.invalidParameter("InternetChargeType", "must be PayByBandwidth or PayByTraffic");
    }
    EipAddress eip = vpc().allocateEip(Integer.toString(bandwidth), charge);
    JsonObject out = new JsonObject();
    out.addProperty("AllocationId", eip.allocationId());
    out.addProperty("EipAddress", eip.ipAddress());
    out.addProperty("ResourceGroupId", "");
    return out;
  }

  private JsonObject associateEipAddress(RpcCall call) {
    call.regionId();
    String allocation = call.required("AllocationId");
    String instance = call.required("InstanceId");
    String type = call.optional("InstanceType").orElse("EcsInstance");
    if (type.equals("EcsInstance") && state.ecs().instance(instance).isEmpty()) {
      throw AlibabaApiError.notFound("InvalidInstanceId.NotFound", "The specified InstanceId does not exist.");
    }
    vpc().associateEip(allocation, type, instance);
    return new JsonObject();
  }

  private JsonObject unassociateEipAddress(RpcCall call) {
    call.regionId();
    vpc().unassociateEip(call.required("AllocationId"));
    return new JsonObject();
  }

  private JsonObject releaseEipAddress(RpcCall call) {
    call.regionId();
    vpc().releaseEip(call.required("AllocationId"));
    return new JsonObject();
  }
}
