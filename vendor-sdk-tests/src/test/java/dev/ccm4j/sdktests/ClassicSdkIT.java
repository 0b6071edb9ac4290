package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.slb.model.v20140515.CreateLoadBalancerRequest;
import com.aliyuncs.slb.model.v20140515.CreateLoadBalancerResponse;
import com.aliyuncs.slb.model.v20140515.DeleteLoadBalancerRequest;
import com.aliyuncs.slb.model.v20140515.DescribeLoadBalancersRequest;
import com.aliyuncs.slb.model.v20140515.DescribeLoadBalancersResponse;
import com.aliyuncs.vpc.model.v20160428.CreateRouteEntryRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteEntryListResponse;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeRouteTableListResponse;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classic SDK ({@code aliyun-java-sdk-core} with {@code -ecs}, {@code -slb}, {@code -vpc}): RPC requests signed
 * HMAC-SHA1 ({@code SignatureVersion=1.0}), the scheme the Go SDKs of the upstream CCM use. The SDK unmarshals
 * through its own flattened-path reader, so these assertions also prove the emulator's list wrappers
 * ({@code Instances.Instance[]}, {@code Tags.Tag[]}) have the names that reader expects.
 */
class ClassicSdkIT {
  private static final int INSTANCES = 12;
  private static AlibabaEmulator cloud;
  private static IAcsClient client;

  @BeforeAll
  static void start() {
    cloud = Sdk.builder().instances(INSTANCES).routeEntryPending(Duration.ZERO).build().start();
    client = Sdk.classic(Sdk.ACCESS_KEY_ID, Sdk.ACCESS_KEY_SECRET);
  }

  @AfterAll
  static void stop() {
    client.shutdown();
    cloud.close();
  }

  @AfterEach
  void clearFaults() {
    cloud.control().clearFaults();
  }

  @Test
  void describeInstancesMapsIntoTheClassicModel() throws Exception {
    EcsInstance node = cloud.state().ecs().instances().get(3);
    DescribeInstancesRequest request = Sdk.at(cloud, new DescribeInstancesRequest());
    request.setInstanceIds("[\"" + node.instanceId() + "\"]");

    DescribeInstancesResponse response = client.getAcsResponse(request);

    assertThat(response.getRequestId()).isNotBlank();
    assertThat(response.getTotalCount()).isEqualTo(1);
    assertThat(response.getInstances()).singleElement().satisfies(i -> {
      assertThat(i.getInstanceId()).isEqualTo(node.instanceId());
      assertThat(i.getInstanceName()).isEqualTo(node.instanceName());
      assertThat(i.getZoneId()).isEqualTo(node.zoneId());
      assertThat(i.getRegionId()).isEqualTo(Sdk.REGION);
      assertThat(i.getInstanceType()).isEqualTo(node.instanceType());
      assertThat(i.getStatus()).isEqualTo("Running");
      assertThat(i.getVpcAttributes().getVpcId()).isEqualTo(cloud.state().vpcId());
      assertThat(i.getVpcAttributes().getPrivateIpAddress()).containsExactly(node.privateIp());
      Map<String, String> tags = i.getTags().stream().collect(Collectors.toMap(
          DescribeInstancesResponse.Instance.Tag::getTagKey, DescribeInstancesResponse.Instance.Tag::getTagValue));
      assertThat(tags).isEqualTo(node.tags());
      assertThat(i.getNetworkInterfaces()).singleElement()
          .satisfies(eni -> assertThat(eni.getPrimaryIpAddress()).isEqualTo(node.privateIp()));
    });

    List<JournalEntry> calls = Sdk.journal(cloud, "DescribeInstances");
    assertThat(calls).last().satisfies(call -> {
      assertThat(call.params()).containsEntry("SignatureMethod", "HMAC-SHA1")
          .containsEntry("SignatureVersion", "1.0")
          .containsEntry("Version", "2014-05-26")
          .containsKey("SignatureNonce");
      // the journal keeps the fact of a signature, never its value
      assertThat(call.params().get("Signature")).isEqualTo(JournalEntry.MASK);
    });
  }

  @Test
  void describeInstancesPagesByNumberAndByToken() throws Exception {
    List<String> byNumber = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      DescribeInstancesRequest request = Sdk.at(cloud, new DescribeInstancesRequest());
      request.setPageSize(5);
      request.setPageNumber(page);
      DescribeInstancesResponse response = client.getAcsResponse(request);
      assertThat(response.getTotalCount()).isEqualTo(INSTANCES);
      assertThat(response.getPageNumber()).isEqualTo(page);
      response.getInstances().forEach(i -> byNumber.add(i.getInstanceId()));
    }

    List<String> byToken = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      DescribeInstancesRequest request = Sdk.at(cloud, new DescribeInstancesRequest());
      request.setMaxResults(5);
      request.setNextToken(token);
      DescribeInstancesResponse response = client.getAcsResponse(request);
      response.getInstances().forEach(i -> byToken.add(i.getInstanceId()));
      token = response.getNextToken();
      pages++;
    } while (token != null && !token.isEmpty() && pages < 10);

    List<String> all = cloud.state().ecs().instances().stream().map(EcsInstance::instanceId).toList();
    assertThat(byNumber).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    assertThat(byToken).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void slbCreateDescribeDelete() throws Exception {
    VSwitch vSwitch = cloud.state().vpc().vSwitches().get(0);
    CreateLoadBalancerRequest create = Sdk.at(cloud, new CreateLoadBalancerRequest());
    create.setLoadBalancerName("classic-sdk-clb");
    create.setAddressType("intranet");
    create.setVpcId(cloud.state().vpcId());
    create.setVSwitchId(vSwitch.vSwitchId());
    create.setLoadBalancerSpec("slb.s1.small");
    CreateLoadBalancerResponse created = client.getAcsResponse(create);
    String id = created.getLoadBalancerId();
    assertThat(id).isNotBlank();
    assertThat(created.getAddress()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");

    DescribeLoadBalancersRequest describe = Sdk.at(cloud, new DescribeLoadBalancersRequest());
    describe.setLoadBalancerId(id);
    DescribeLoadBalancersResponse described = client.getAcsResponse(describe);
    assertThat(described.getTotalCount()).isEqualTo(1);
    assertThat(described.getLoadBalancers()).singleElement().satisfies(lb -> {
      assertThat(lb.getLoadBalancerId()).isEqualTo(id);
      assertThat(lb.getLoadBalancerName()).isEqualTo("classic-sdk-clb");
      assertThat(lb.getAddress()).isEqualTo(created.getAddress());
      assertThat(lb.getAddressType()).isEqualTo("intranet");
      assertThat(lb.getVSwitchId()).isEqualTo(vSwitch.vSwitchId());
      assertThat(lb.getLoadBalancerStatus()).isEqualTo("active");
    });

    DeleteLoadBalancerRequest delete = Sdk.at(cloud, new DeleteLoadBalancerRequest());
    delete.setLoadBalancerId(id);
    client.getAcsResponse(delete);
    assertThat(client.getAcsResponse(describe).getTotalCount()).isZero();
  }

  @Test
  void vpcRouteTableAndARouteEntry() throws Exception {
    DescribeRouteTableListRequest tables = Sdk.at(cloud, new DescribeRouteTableListRequest());
    tables.setVpcId(cloud.state().vpcId());
    DescribeRouteTableListResponse listed = client.getAcsResponse(tables);
    assertThat(listed.getRouterTableList()).singleElement().satisfies(t -> {
      assertThat(t.getRouteTableId()).isEqualTo(cloud.state().vpc().routeTableId());
      assertThat(t.getVpcId()).isEqualTo(cloud.state().vpcId());
      assertThat(t.getVSwitchIds()).isNotEmpty();
    });

    String table = listed.getRouterTableList().get(0).getRouteTableId();
    String node = cloud.state().ecs().instances().get(0).instanceId();
    CreateRouteEntryRequest create = Sdk.at(cloud, new CreateRouteEntryRequest());
    create.setRouteTableId(table);
    create.setDestinationCidrBlock("172.21.0.0/24");
    create.setNextHopType("Instance");
    create.setNextHopId(node);
    String entryId = client.getAcsResponse(create).getRouteEntryId();
    assertThat(entryId).startsWith("rte-");

    DescribeRouteEntryListRequest entries = Sdk.at(cloud, new DescribeRouteEntryListRequest());
    entries.setRouteTableId(table);
    entries.setDestinationCidrBlock("172.21.0.0/24");
    DescribeRouteEntryListResponse found = client.getAcsResponse(entries);
    assertThat(found.getRouteEntrys()).singleElement().satisfies(e -> {
      assertThat(e.getRouteEntryId()).isEqualTo(entryId);
      assertThat(e.getDestinationCidrBlock()).isEqualTo("172.21.0.0/24");
      assertThat(e.getNextHops()).singleElement().satisfies(h -> assertThat(h.getNextHopId()).isEqualTo(node));
    });
  }

  /**
   * The gateway answers {@code SignatureDoesNotMatch} with its string to sign in the message; the classic SDK
   * compares that with its own and, when they are byte for byte the same (so only the secret can be wrong),
   * reports {@code SDK.InvalidAccessKeySecret} instead. Seeing that code proves the emulator canonicalises the
   * request exactly as the SDK does.
   */
  @Test
  void aWrongSecretIsSignatureDoesNotMatchWithTheSdksOwnStringToSign() {
    IAcsClient wrong = Sdk.classic(Sdk.ACCESS_KEY_ID, "not-the-secret");
    cloud.control().clearJournal();
    try {
      ClientException e = catchThrowableOfType(ClientException.class, () ->
          wrong.getAcsResponse(Sdk.at(cloud, new DescribeInstancesRequest())));
      assertThat(e.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
      assertThat(e.getRequestId()).isNotBlank();
      assertThat(e.getErrMsg()).doesNotContain("not-the-secret").doesNotContain(Sdk.ACCESS_KEY_SECRET);
      assertThat(Sdk.journal(cloud, "DescribeInstances")).singleElement().satisfies(call -> {
        assertThat(call.status()).isEqualTo(400);
        assertThat(call.errorCode()).isEqualTo("SignatureDoesNotMatch");
      });
    } finally {
      wrong.shutdown();
    }
  }

  @Test
  void anUnknownKeyIdIsInvalidAccessKeyIdNotFound() {
    IAcsClient unknown = Sdk.classic("LTAI5tUnknownKeyId000000", Sdk.ACCESS_KEY_SECRET);
    try {
      ClientException e = catchThrowableOfType(ClientException.class, () ->
          unknown.getAcsResponse(Sdk.at(cloud, new DescribeLoadBalancersRequest())));
      assertThat(e.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    } finally {
      unknown.shutdown();
    }
  }

  @Test
  void injectedThrottlingSurfacesAsThrottlingUser() throws Exception {
    cloud.control().addFault(FaultRule.builder()
        .operation("DescribeRouteTableList")
        .fail(400, "Throttling.User", "Request was denied due to user flow control.")
        .build());
    ClientException e = catchThrowableOfType(ClientException.class, () ->
        client.getAcsResponse(Sdk.at(cloud, new DescribeRouteTableListRequest())));
    assertThat(e.getErrCode()).isEqualTo("Throttling.User");
    assertThat(e.getErrMsg()).contains("user flow control");
    assertThat(e.getRequestId()).isNotBlank();

    cloud.control().clearFaults();
    assertThat(client.getAcsResponse(Sdk.at(cloud, new DescribeRouteTableListRequest())).getRouterTableList())
        .hasSize(1);
  }
}
