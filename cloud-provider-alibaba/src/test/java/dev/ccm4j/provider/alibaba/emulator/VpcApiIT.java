package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VPC over HTTP: the route table's entry lifecycle, conflicts, paging, blackholes; vSwitches and elastic IPs. */
class VpcApiIT {
  private final MutableClock clock = new MutableClock();
  private AlibabaEmulator cloud;
  private RpcClient client;
  private String table;

  @BeforeEach
  void start() {
    cloud = AlibabaEmulator.builder().clock(clock).routeEntryPending(Duration.ofSeconds(3)).build().start();
    client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
    RpcClient.Answer tables = client.get("DescribeRouteTableList", RpcClient.VPC, Map.of("VpcId",
        cloud.state().vpcId()));
    JsonArray list = tables.json().getAsJsonObject("RouterTableList").getAsJsonArray("RouterTableListType");
    assertThat(list).hasSize(1);
    table = list.get(0).getAsJsonObject().get("RouteTableId").getAsString();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String instance(int n) {
    return cloud.state().ecs().instances().get(n).instanceId();
  }

  private RpcClient.Answer create(String cidr, String nextHop) {
    return client.get("CreateRouteEntry", RpcClient.VPC, Map.of("RouteTableId", table, "DestinationCidrBlock", cidr,
        "NextHopType", "Instance", "NextHopId", nextHop));
  }

  private List<JsonObject> customEntries(Map<String, String> extra) {
    Map<String, String> params = new HashMap<>(Map.of("RouteTableId", table, "RouteEntryType", "Custom",
        "MaxResult", "500"));
    params.putAll(extra);
    RpcClient.Answer a = client.get("DescribeRouteEntryList", RpcClient.VPC, params);
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    a.json().getAsJsonObject("RouteEntrys").getAsJsonArray("RouteEntry").forEach(e -> out.add(e.getAsJsonObject()));
    return out;
  }

  @Test
  void anEntryIsPendingThenAvailableAndBlocksOtherCreatesMeanwhile() {
    RpcClient.Answer created = create("172.20.1.0/24", instance(0));
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("RouteEntryId").getAsString()).startsWith("rte-");
    JsonObject entry = customEntries(Map.of()).get(0);
    assertThat(entry.get("Status").getAsString()).isEqualTo("Pending");
    assertThat(entry.get("DestinationCidrBlock").getAsString()).isEqualTo("172.20.1.0/24");
    JsonObject hop = entry.getAsJsonObject("NextHops").getAsJsonArray("NextHop").get(0).getAsJsonObject();
    assertThat(hop.get("NextHopType").getAsString()).isEqualTo("Instance");
    assertThat(hop.get("NextHopId").getAsString()).isEqualTo(instance(0));

    RpcClient.Answer concurrent = create("172.20.2.0/24", instance(1));
    assertThat(concurrent.status()).isEqualTo(400);
    assertThat(concurrent.code()).isEqualTo("OperationConflict");
    RpcClient.Answer deletePending = client.get("DeleteRouteEntry", RpcClient.VPC, Map.of("RouteTableId", table,
        "DestinationCidrBlock", "172.20.1.0/24"));
    assertThat(deletePending.code()).isEqualTo("IncorrectRouteEntryStatus");

    clock.advance(Duration.ofSeconds(3));
    assertThat(customEntries(Map.of()).get(0).get("Status").getAsString()).isEqualTo("Available");
    assertThat(create("172.20.2.0/24", instance(1)).status()).isEqualTo(200);
  }

  @Test
  void duplicatesUnknownNextHopsAndMissingEntriesGetAlibabasCodes() {
    cloud.state().vpc().routeEntryPending(Duration.ZERO);
    assertThat(create("172.20.1.0/24", instance(0)).status()).isEqualTo(200);
    RpcClient.Answer duplicate = create("172.20.1.0/24", instance(1));
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.code()).isEqualTo("InvalidCIDRBlock.Duplicate");
    assertThat(create("172.20.1.7", instance(1)).code()).as("a bare address is a /32, not a duplicate")
        .isEqualTo("");
    RpcClient.Answer badHop = create("172.20.3.0/24", "i-doesnotexist0000000");
    assertThat(badHop.code()).isEqualTo("InvalidInstanceId.NotFound");
    RpcClient.Answer badTable = client.get("CreateRouteEntry", RpcClient.VPC, Map.of("RouteTableId", "vtb-nope",
        "DestinationCidrBlock", "172.20.9.0/24", "NextHopId", instance(0)));
    assertThat(badTable.code()).isEqualTo("InvalidRouteTableId.NotFound");

    Map<String, String> delete = Map.of("RouteTableId", table, "DestinationCidrBlock", "172.20.1.0/24",
        "NextHopId", instance(0));
    assertThat(client.get("DeleteRouteEntry", RpcClient.VPC, delete).status()).isEqualTo(200);
    assertThat(customEntries(Map.of()).stream().map(e -> e.get("DestinationCidrBlock").getAsString()))
        .containsExactly("172.20.1.7/32");
    RpcClient.Answer again = client.get("DeleteRouteEntry", RpcClient.VPC, delete);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("InvalidRouteEntry.NotFound");
  }

  @Test
  void entriesPageByTokenAndFilterByNextHop() {
    cloud.state().vpc().routeEntryPending(Duration.ZERO);
    for (int i = 0; i < 7; i++) {
      assertThat(create("172.21." + i + ".0/24", instance(i % 3)).status()).isEqualTo(200);
    }
    List<Integer> sizes = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    String token = "";
    do {
      Map<String, String> params = new HashMap<>(Map.of("RouteTableId", table, "RouteEntryType", "Custom",
          "MaxResult", "3"));
      if (!token.isEmpty()) {
        params.put("NextToken", token);
      }
      RpcClient.Answer page = client.get("DescribeRouteEntryList", RpcClient.VPC, params);
      JsonArray entries = page.json().getAsJsonObject("RouteEntrys").getAsJsonArray("RouteEntry");
      sizes.add(entries.size());
      entries.forEach(e -> cidrs.add(e.getAsJsonObject().get("DestinationCidrBlock").getAsString()));
      token = page.json().get("NextToken").getAsString();
    } while (!token.isEmpty());
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(cidrs).doesNotHaveDuplicates().hasSize(7);
    assertThat(customEntries(Map.of("NextHopId", instance(1)))).hasSize(2);
    RpcClient.Answer all = client.get("DescribeRouteEntryList", RpcClient.VPC, Map.of("RouteTableId", table,
        "MaxResult", "100"));
    assertThat(all.json().getAsJsonObject("RouteEntrys").getAsJsonArray("RouteEntry")).as("system entries too")
        .hasSizeGreaterThan(7);
  }

  @Test
  void aRouteToATerminatedInstanceIsABlackholeInTheControlView() {
    cloud.state().vpc().routeEntryPending(Duration.ZERO);
    assertThat(create("172.22.0.0/24", instance(2)).status()).isEqualTo(200);
    String gone = instance(2);
    assertThat(cloud.control().routes()).singleElement().satisfies(r -> {
      assertThat(r.nextHopInstanceId()).isEqualTo(gone);
      assertThat(r.blackhole()).isFalse();
      assertThat(r.routeTableId()).isEqualTo(table);
    });
    cloud.control().terminateInstance(gone);
    List<ControlRoute> routes = cloud.control().routes();
    assertThat(routes).singleElement().satisfies(r -> {
      assertThat(r.destinationCidr()).isEqualTo("172.22.0.0/24");
      assertThat(r.blackhole()).isTrue();
    });
  }

  @Test
  void vpcAndVSwitchesDescribeTheNetworkTheInstancesAreIn() {
    RpcClient.Answer vpc = client.get("DescribeVpcAttribute", RpcClient.VPC, Map.of("VpcId",
        cloud.state().vpcId()));
    assertThat(vpc.json().get("CidrBlock").getAsString()).isEqualTo("192.168.0.0/16");
    assertThat(client.get("DescribeVpcAttribute", RpcClient.VPC, Map.of("VpcId", "vpc-other")).code())
        .isEqualTo("InvalidVpcId.NotFound");
    RpcClient.Answer vsw = client.get("DescribeVSwitches", RpcClient.VPC, Map.of("VSwitchId",
        cloud.state().vswitchId()));
    JsonObject v = vsw.json().getAsJsonObject("VSwitches").getAsJsonArray("VSwitch").get(0).getAsJsonObject();
    assertThat(v.get("ZoneId").getAsString()).isEqualTo(cloud.state().zoneId());
    assertThat(v.get("AvailableIpAddressCount").getAsLong()).isEqualTo(4096 - 6 - 3);
  }

  @Test
  void anElasticIpBoundToAnInstanceShowsInDescribeInstances() {
    RpcClient.Answer allocated = client.get("AllocateEipAddress", RpcClient.VPC, Map.of("Bandwidth", "10"));
    String allocation = allocated.json().get("AllocationId").getAsString();
    String address = allocated.json().get("EipAddress").getAsString();
    assertThat(client.get("AssociateEipAddress", RpcClient.VPC, Map.of("AllocationId", allocation, "InstanceId",
        instance(0), "InstanceType", "EcsInstance")).status()).isEqualTo(200);
    JsonObject i = client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds", "[\"" + instance(0)
        + "\"]")).json().getAsJsonObject("Instances").getAsJsonArray("Instance").get(0).getAsJsonObject();
    assertThat(i.getAsJsonObject("EipAddress").get("IpAddress").getAsString()).isEqualTo(address);
    RpcClient.Answer eips = client.get("DescribeEipAddresses", RpcClient.VPC, Map.of("AssociatedInstanceType",
        "EcsInstance", "AssociatedInstanceId", instance(0), "PageSize", "10"));
    assertThat(eips.json().get("TotalCount").getAsInt()).isEqualTo(1);
    assertThat(eips.json().getAsJsonObject("EipAddresses").getAsJsonArray("EipAddress").get(0).getAsJsonObject()
        .get("Status").getAsString()).isEqualTo("InUse");
    assertThat(client.get("ReleaseEipAddress", RpcClient.VPC, Map.of("AllocationId", allocation)).code())
        .isEqualTo("IncorrectEipStatus");
  }
}
