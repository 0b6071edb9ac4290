package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstance;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstanceTagsTag;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The darabonba ECS client ({@code com.aliyun:ecs20140526}, ACS3-HMAC-SHA256) against the emulator: the answers
 * map into the SDK's own models field by field, and both paging styles walk every instance exactly once.
 */
class DarabonbaEcsIT {
  private static final int INSTANCES = 23;
  private static AlibabaEmulator cloud;
  private static Client ecs;

  @BeforeAll
  static void start() throws Exception {
    cloud = Sdk.emulator(INSTANCES);
    ecs = new Client(Sdk.darabonba(cloud));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void describeInstancesByIdsMapsIntoTheSdkModel() throws Exception {
    List<EcsInstance> seeded = cloud.state().ecs().instances();
    EcsInstance first = seeded.get(0);
    EcsInstance second = seeded.get(1);

    DescribeInstancesResponseBody body = ecs.describeInstances(new DescribeInstancesRequest()
        .setRegionId(Sdk.REGION)
        .setInstanceIds("[\"" + first.instanceId() + "\",\"" + second.instanceId() + "\"]")).getBody();

    assertThat(body.getRequestId()).isNotBlank();
    assertThat(body.getTotalCount()).isEqualTo(2);
    List<DescribeInstancesResponseBodyInstancesInstance> found = body.getInstances().getInstance();
    assertThat(found).extracting(DescribeInstancesResponseBodyInstancesInstance::getInstanceId)
        .containsExactlyInAnyOrder(first.instanceId(), second.instanceId());
    DescribeInstancesResponseBodyInstancesInstance one = found.stream()
        .filter(i -> i.getInstanceId().equals(first.instanceId())).findFirst().orElseThrow();
    assertThat(one.getInstanceName()).isEqualTo(first.instanceName());
    assertThat(one.getHostName()).isEqualTo(first.hostName());
    assertThat(one.getRegionId()).isEqualTo(Sdk.REGION);
    assertThat(one.getZoneId()).isEqualTo(first.zoneId());
    assertThat(one.getInstanceType()).isEqualTo(first.instanceType());
    assertThat(one.getStatus()).isEqualTo("Running");
    assertThat(one.getInstanceNetworkType()).isEqualTo("vpc");
    // the nested lists the provider reads addresses from
    assertThat(one.getVpcAttributes().getVpcId()).isEqualTo(cloud.state().vpcId());
    assertThat(one.getVpcAttributes().getVSwitchId()).isEqualTo(first.vSwitchId());
    assertThat(one.getVpcAttributes().getPrivateIpAddress().getIpAddress()).containsExactly(first.privateIp());
    assertThat(one.getNetworkInterfaces().getNetworkInterface()).singleElement().satisfies(eni -> {
      assertThat(eni.getNetworkInterfaceId()).isEqualTo(first.networkInterfaceId());
      assertThat(eni.getMacAddress()).isEqualTo(first.macAddress());
      assertThat(eni.getPrimaryIpAddress()).isEqualTo(first.privateIp());
    });
    Map<String, String> tags = one.getTags().getTag().stream().collect(Collectors.toMap(
        DescribeInstancesResponseBodyInstancesInstanceTagsTag::getTagKey,
        DescribeInstancesResponseBodyInstancesInstanceTagsTag::getTagValue));
    assertThat(tags).isEqualTo(first.tags());
  }

  @Test
  void describeInstancesByPrivateAddressInTheVpc() throws Exception {
    // how the provider finds a node that has no provider ID yet: its InternalIP within the cluster's VPC
    EcsInstance node = cloud.state().ecs().instances().get(7);
    DescribeInstancesResponseBody body = ecs.describeInstances(new DescribeInstancesRequest()
        .setRegionId(Sdk.REGION)
        .setVpcId(cloud.state().vpcId())
        .setPrivateIpAddresses("[\"" + node.privateIp() + "\"]")).getBody();
    assertThat(body.getInstances().getInstance()).singleElement()
        .satisfies(i -> assertThat(i.getInstanceId()).isEqualTo(node.instanceId()));
  }

  @Test
  void aStoppedInstanceIsReportedStopped() throws Exception {
    EcsInstance victim = cloud.state().ecs().instances().get(INSTANCES - 1);
    cloud.control().stopInstance(victim.instanceId());
    try {
      DescribeInstancesResponseBody body = ecs.describeInstances(new DescribeInstancesRequest()
          .setRegionId(Sdk.REGION)
          .setInstanceIds("[\"" + victim.instanceId() + "\"]")).getBody();
      assertThat(body.getInstances().getInstance()).singleElement()
          .satisfies(i -> assertThat(i.getStatus()).isEqualTo("Stopped"));
    } finally {
      cloud.control().startInstance(victim.instanceId());
    }
  }

  @Test
  void unknownIdsGiveAnEmptyListNotAnError() throws Exception {
    DescribeInstancesResponseBody body = ecs.describeInstances(new DescribeInstancesRequest()
        .setRegionId(Sdk.REGION)
        .setInstanceIds("[\"i-doesnotexist000000\"]")).getBody();
    assertThat(body.getTotalCount()).isZero();
    assertThat(body.getInstances().getInstance()).isEmpty();
  }

  @Test
  void nextTokenPagingWalksEveryInstanceOnce() throws Exception {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      DescribeInstancesResponseBody page = ecs.describeInstances(new DescribeInstancesRequest()
          .setRegionId(Sdk.REGION)
          .setMaxResults(10)
          .setNextToken(token)).getBody();
      pages++;
      List<DescribeInstancesResponseBodyInstancesInstance> items = page.getInstances().getInstance();
      assertThat(items).hasSizeLessThanOrEqualTo(10);
      items.forEach(i -> seen.add(i.getInstanceId()));
      token = page.getNextToken();
    } while (token != null && !token.isEmpty() && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allIds());
  }

  @Test
  void pageNumberPagingReportsTheTotal() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int number = 1; number <= 3; number++) {
      DescribeInstancesResponseBody page = ecs.describeInstances(new DescribeInstancesRequest()
          .setRegionId(Sdk.REGION)
          .setPageSize(10)
          .setPageNumber(number)).getBody();
      assertThat(page.getTotalCount()).isEqualTo(INSTANCES);
      assertThat(page.getPageNumber()).isEqualTo(number);
      assertThat(page.getPageSize()).isEqualTo(10);
      page.getInstances().getInstance().forEach(i -> assertThat(seen.add(i.getInstanceId())).isTrue());
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(allIds());
  }

  @Test
  void theSdkSignsWithAcs3() throws Exception {
    cloud.control().clearJournal();
    ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION));
    List<JournalEntry> calls = Sdk.journal(cloud, "DescribeInstances");
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.status()).isEqualTo(200);
      // the ACS3 scheme carries action, version and signature in headers: none of the RPC parameters
      assertThat(call.params()).doesNotContainKeys("Signature", "SignatureMethod", "AccessKeyId", "Action");
      assertThat(call.params()).containsEntry("RegionId", Sdk.REGION);
    });
  }

  @Test
  void theSdksV2RpcSignatureIsAcceptedToo() throws Exception {
    // signatureAlgorithm "v2" makes the darabonba runtime fall back to the RPC HMAC-SHA1 scheme
    Client v2 = new Client(Sdk.darabonba(cloud).setSignatureAlgorithm("v2"));
    cloud.control().clearJournal();
    EcsInstance node = cloud.state().ecs().instances().get(5);
    DescribeInstancesResponseBody body = v2.describeInstances(new DescribeInstancesRequest()
        .setRegionId(Sdk.REGION)
        .setInstanceIds("[\"" + node.instanceId() + "\"]")).getBody();
    assertThat(body.getInstances().getInstance()).singleElement()
        .satisfies(i -> assertThat(i.getInstanceId()).isEqualTo(node.instanceId()));
    assertThat(Sdk.journal(cloud, "DescribeInstances")).singleElement().satisfies(call ->
        assertThat(call.params()).containsEntry("SignatureMethod", "HMAC-SHA1")
            .containsEntry("SignatureVersion", "1.0")
            .containsEntry("Action", "DescribeInstances"));
  }

  private static List<String> allIds() {
    return cloud.state().ecs().instances().stream().map(EcsInstance::instanceId).toList();
  }
}
