package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.Ipv4;
import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ECS over HTTP: DescribeInstances paging and lookups, the response shape, ENIs and instance transitions. */
class EcsApiIT {
  private static final MutableClock CLOCK = new MutableClock();
  private static AlibabaEmulator cloud;
  private static RpcClient client;

  @BeforeAll
  static void start() {
    cloud = AlibabaEmulator.builder().instances(250).clock(CLOCK).instanceTransition(Duration.ofSeconds(10))
        .build().start();
    client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(), CLOCK);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  private static JsonArray instances(RpcClient.Answer a) {
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.json().getAsJsonObject("Instances").getAsJsonArray("Instance");
  }

  private static List<String> ids(JsonArray instances) {
    List<String> out = new ArrayList<>();
    instances.forEach(e -> out.add(e.getAsJsonObject().get("InstanceId").getAsString()));
    return out;
  }

  @Test
  void tokenPagingWalksEveryInstanceOnceInPagesOfMaxResults() {
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = "";
    do {
      Map<String, String> params = new HashMap<>(Map.of("VpcId", cloud.state().vpcId(), "MaxResults", "100"));
      if (!token.isEmpty()) {
        params.put("NextToken", token);
      }
      RpcClient.Answer page = client.get("DescribeInstances", RpcClient.ECS, params);
      JsonArray items = instances(page);
      sizes.add(items.size());
      seen.addAll(ids(items));
      token = page.json().get("NextToken").getAsString();
      assertThat(page.json().get("PageSize").getAsInt()).isEqualTo(100);
    } while (!token.isEmpty());
    assertThat(sizes).containsExactly(100, 100, 50);
    assertThat(seen).doesNotHaveDuplicates()
        .containsExactlyElementsOf(cloud.state().ecs().instances().stream().map(EcsInstance::instanceId).toList());
  }

  @Test
  void numberPagingAnswersTotalCount() {
    RpcClient.Answer third = client.get("DescribeInstances", RpcClient.ECS, Map.of("PageSize", "100",
        "PageNumber", "3"));
    assertThat(instances(third)).hasSize(50);
    assertThat(third.json().get("TotalCount").getAsInt()).isEqualTo(250);
    assertThat(third.json().get("PageNumber").getAsInt()).isEqualTo(3);
    assertThat(instances(client.get("DescribeInstances", RpcClient.ECS, Map.of()))).as("default page size")
        .hasSize(10);
  }

  @Test
  void instanceIdsTakeUpToOneHundredAndIgnoreUnknownIds() {
    List<String> all = cloud.state().ecs().instances().stream().map(EcsInstance::instanceId).toList();
    JsonArray hundred = new JsonArray();
    all.subList(0, 100).forEach(hundred::add);
    assertThat(ids(instances(client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds",
        hundred.toString(), "MaxResults", "100"))))).containsExactlyElementsOf(all.subList(0, 100));
    hundred.add(all.get(100));
    RpcClient.Answer tooMany = client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds",
        hundred.toString()));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.code()).isEqualTo("InvalidInstanceIds.ValueNotSupported");
    RpcClient.Answer unknown = client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds",
        "[\"i-doesnotexist00000000\"]"));
    assertThat(instances(unknown)).isEmpty();
    assertThat(unknown.json().get("TotalCount").getAsInt()).isZero();
    RpcClient.Answer malformed = client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds", "i-abc"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("Message").getAsString()).contains("InstanceIds");
  }

  @Test
  void lookupByPrivateIpVpcAndClusterTagFindsExactlyTheNode() {
    EcsInstance node = cloud.state().ecs().instances().get(42);
    Map<String, String> byIp = Map.of("PrivateIpAddresses", "[\"" + node.privateIp() + "\"]", "VpcId",
        cloud.state().vpcId(), "InstanceNetworkType", "vpc", "Tag.1.Key", AlibabaEmulator.CLUSTER_TAG);
    assertThat(ids(instances(client.get("DescribeInstances", RpcClient.ECS, byIp))))
        .containsExactly(node.instanceId());
    Map<String, String> otherTag = new HashMap<>(byIp);
    otherTag.put("Tag.1.Key", "some-other-cluster-tag");
    assertThat(instances(client.get("DescribeInstances", RpcClient.ECS, otherTag))).isEmpty();
    Map<String, String> classic = new HashMap<>(byIp);
    classic.put("InstanceNetworkType", "classic");
    assertThat(instances(client.get("DescribeInstances", RpcClient.ECS, classic))).isEmpty();
  }

  @Test
  void theAnswerHasAlibabasNestedShape() {
    EcsInstance node = cloud.state().ecs().instances().get(7);
    JsonObject i = instances(client.get("DescribeInstances", RpcClient.ECS, Map.of("InstanceIds",
        "[\"" + node.instanceId() + "\"]"))).get(0).getAsJsonObject();
    assertThat(i.get("InstanceId").getAsString()).matches("i-[a-z0-9]{20}");
    assertThat(i.get("RegionId").getAsString()).isEqualTo("cn-hangzhou");
    assertThat(i.get("ZoneId").getAsString()).isEqualTo(cloud.state().zoneId());
    assertThat(i.get("Status").getAsString()).isEqualTo("Running");
    assertThat(i.get("InstanceChargeType").getAsString()).isEqualTo("PostPaid");
    assertThat(i.get("SpotStrategy").getAsString()).isEqualTo("NoSpot");
    assertThat(i.getAsJsonObject("VpcAttributes").getAsJsonObject("PrivateIpAddress").getAsJsonArray("IpAddress")
        .get(0).getAsString()).isEqualTo(node.privateIp());
    assertThat(i.getAsJsonObject("InnerIpAddress").getAsJsonArray("IpAddress")).isEmpty();
    assertThat(i.getAsJsonObject("PublicIpAddress").getAsJsonArray("IpAddress")).isEmpty();
    assertThat(i.getAsJsonObject("EipAddress").get("IpAddress").getAsString()).isEmpty();
    JsonObject eni = i.getAsJsonObject("NetworkInterfaces").getAsJsonArray("NetworkInterface").get(0)
        .getAsJsonObject();
    assertThat(eni.get("Type").getAsString()).isEqualTo("Primary");
    assertThat(eni.get("NetworkInterfaceId").getAsString()).startsWith("eni-");
    Set<String> tagKeys = new HashSet<>();
    for (JsonElement t : i.getAsJsonObject("Tags").getAsJsonArray("Tag")) {
      tagKeys.add(t.getAsJsonObject().get("TagKey").getAsString());
    }
    assertThat(tagKeys).contains(AlibabaEmulator.CLUSTER_TAG, AlibabaEmulator.NODEPOOL_TAG);
  }

  @Test
  void privateAddressesAreUniqueAndInTheirVSwitch() {
    Set<String> addresses = new HashSet<>();
    for (EcsInstance i : cloud.state().ecs().instances()) {
      assertThat(addresses.add(i.privateIp())).as(i.privateIp()).isTrue();
      VSwitch v = cloud.state().vpc().vSwitch(i.vSwitchId()).orElseThrow();
      assertThat(Ipv4.cidr(v.cidrBlock()).orElseThrow().contains(Ipv4.parse(i.privateIp()).orElseThrow())).isTrue();
    }
  }

  @Test
  void sourceDestCheckCanBeTurnedOffOnThePrimaryEni() {
    EcsInstance node = cloud.state().ecs().instances().get(3);
    RpcClient.Answer before = client.get("DescribeNetworkInterfaces", RpcClient.ECS, Map.of(
        "NetworkInterfaceId.1", node.networkInterfaceId()));
    JsonObject set = before.json().getAsJsonObject("NetworkInterfaceSets").getAsJsonArray("NetworkInterfaceSet")
        .get(0).getAsJsonObject();
    assertThat(set.get("SourceDestCheck").getAsBoolean()).isTrue();
    assertThat(set.get("InstanceId").getAsString()).isEqualTo(node.instanceId());
    assertThat(client.get("ModifyNetworkInterfaceAttribute", RpcClient.ECS, Map.of("NetworkInterfaceId",
        node.networkInterfaceId(), "SourceDestCheck", "false")).status()).isEqualTo(200);
    RpcClient.Answer byIp = client.get("DescribeNetworkInterfaces", RpcClient.ECS, Map.of("VpcId",
        cloud.state().vpcId(), "Status", "InUse", "PrivateIpAddress.1", node.privateIp(), "MaxResults", "100"));
    JsonArray sets = byIp.json().getAsJsonObject("NetworkInterfaceSets").getAsJsonArray("NetworkInterfaceSet");
    assertThat(sets).hasSize(1);
    assertThat(sets.get(0).getAsJsonObject().get("SourceDestCheck").getAsBoolean()).isFalse();
    assertThat(client.get("ModifyNetworkInterfaceAttribute", RpcClient.ECS, Map.of("NetworkInterfaceId",
        "eni-nothere", "SourceDestCheck", "false")).code()).isEqualTo("InvalidEniId.NotFound");
  }

  @Test
  void stopInstanceGoesThroughStoppingByTheClock() {
    EcsInstance node = cloud.state().ecs().instances().get(249);
    Map<String, String> byId = Map.of("InstanceIds", "[\"" + node.instanceId() + "\"]");
    assertThat(client.get("StopInstance", RpcClient.ECS, Map.of("InstanceId", node.instanceId())).status())
        .isEqualTo(200);
    assertThat(instances(client.get("DescribeInstances", RpcClient.ECS, byId)).get(0).getAsJsonObject()
        .get("Status").getAsString()).isEqualTo("Stopping");
    CLOCK.advance(Duration.ofSeconds(10));
    assertThat(instances(client.get("DescribeInstances", RpcClient.ECS, byId)).get(0).getAsJsonObject()
        .get("Status").getAsString()).isEqualTo("Stopped");
    assertThat(client.get("StopInstance", RpcClient.ECS, Map.of("InstanceId", node.instanceId())).code())
        .isEqualTo("IncorrectInstanceStatus");
    cloud.state().ecs().start(node.instanceId());
  }

  @Test
  void aForeignRegionAndABadTokenAreRefused() {
    RpcClient.Answer region = client.get("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-beijing"));
    assertThat(region.status()).isEqualTo(404);
    assertThat(region.code()).isEqualTo("InvalidRegionId.NotFound");
    RpcClient.Answer token = client.get("DescribeInstances", RpcClient.ECS, Map.of("NextToken", "garbage"));
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.code()).isEqualTo("InvalidParameter.NextToken");
  }
}
