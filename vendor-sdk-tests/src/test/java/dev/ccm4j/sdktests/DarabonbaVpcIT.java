package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.aliyun.tea.TeaException;
import com.aliyun.vpc20160428.Client;
import com.aliyun.vpc20160428.models.CreateRouteEntryRequest;
import com.aliyun.vpc20160428.models.DeleteRouteEntryRequest;
import com.aliyun.vpc20160428.models.DescribeRouteEntryListRequest;
import com.aliyun.vpc20160428.models.DescribeRouteEntryListResponseBody;
import com.aliyun.vpc20160428.models.DescribeRouteEntryListResponseBody.DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry;
import com.aliyun.vpc20160428.models.DescribeRouteTableListRequest;
import com.aliyun.vpc20160428.models.DescribeRouteTableListResponseBody;
import com.aliyun.vpc20160428.models.DescribeRouteTableListResponseBody.DescribeRouteTableListResponseBodyRouterTableListRouterTableListType;
import com.aliyun.vpc20160428.models.DescribeVpcsRequest;
import com.aliyun.vpc20160428.models.DescribeVpcsResponseBody;
import dev.ccm4j.cloud.emulator.ControlRoute;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The darabonba VPC client ({@code com.aliyun:vpc20160428}) through the life of a pod route: discover the route
 * table, create an entry to an instance, watch it go from {@code Pending} to {@code Available}, delete it.
 */
class DarabonbaVpcIT {
  private static AlibabaEmulator cloud;
  private static Client vpc;

  @BeforeAll
  static void start() throws Exception {
    cloud = Sdk.builder().instances(2).routeEntryPending(Duration.ofMillis(300)).build().start();
    vpc = new Client(Sdk.darabonba(cloud));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void describeRouteTableListFindsTheVpcsSystemTable() throws Exception {
    DescribeRouteTableListResponseBody body = vpc.describeRouteTableList(new DescribeRouteTableListRequest()
        .setRegionId(Sdk.REGION)
        .setVpcId(cloud.state().vpcId())).getBody();

    assertThat(body.getRequestId()).isNotBlank();
    assertThat(body.getTotalCount()).isEqualTo(1);
    List<DescribeRouteTableListResponseBodyRouterTableListRouterTableListType> tables =
        body.getRouterTableList().getRouterTableListType();
    assertThat(tables).singleElement().satisfies(t -> {
      assertThat(t.getRouteTableId()).isEqualTo(cloud.state().vpc().routeTableId());
      assertThat(t.getVpcId()).isEqualTo(cloud.state().vpcId());
      assertThat(t.getRouterId()).isEqualTo(cloud.state().vpc().vRouterId());
      assertThat(t.getRouterType()).isEqualTo("VRouter");
      assertThat(t.getRouteTableType()).isEqualTo("System");
      assertThat(t.getStatus()).isEqualTo("Available");
      assertThat(t.getVSwitchIds().getVSwitchId()).containsExactlyInAnyOrderElementsOf(
          cloud.state().vpc().vSwitches().stream().map(VSwitch::vSwitchId).toList());
    });
  }

  @Test
  void describeVpcsNamesTheRouterAndItsTables() throws Exception {
    DescribeVpcsResponseBody body = vpc.describeVpcs(new DescribeVpcsRequest()
        .setRegionId(Sdk.REGION)
        .setVpcId(cloud.state().vpcId())).getBody();
    assertThat(body.getTotalCount()).isEqualTo(1);
    assertThat(body.getVpcs().getVpc()).singleElement().satisfies(v -> {
      assertThat(v.getVpcId()).isEqualTo(cloud.state().vpcId());
      assertThat(v.getCidrBlock()).isEqualTo(cloud.state().vpc().cidrBlock());
      assertThat(v.getVRouterId()).isEqualTo(cloud.state().vpc().vRouterId());
      // the list route discovery reads when routeTableIDs is not configured
      assertThat(v.getRouterTableIds().getRouterTableIds()).containsExactly(cloud.state().vpc().routeTableId());
      assertThat(v.getVSwitchIds().getVSwitchId()).hasSize(cloud.state().vpc().vSwitches().size());
    });
  }

  @Test
  void aRouteEntryIsCreatedListedAndDeleted() throws Exception {
    String table = cloud.state().vpc().routeTableId();
    String node = cloud.state().ecs().instances().get(0).instanceId();

    String entryId = vpc.createRouteEntry(new CreateRouteEntryRequest()
        .setRegionId(Sdk.REGION)
        .setRouteTableId(table)
        .setDestinationCidrBlock("172.20.1.0/24")
        .setNextHopType("Instance")
        .setNextHopId(node)
        .setRouteEntryName("ccm4j-sdk-test")).getBody().getRouteEntryId();
    assertThat(entryId).startsWith("rte-");

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(entry(table, "172.20.1.0/24").getStatus()).isEqualTo("Available"));
    DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry entry = entry(table, "172.20.1.0/24");
    assertThat(entry.getRouteEntryId()).isEqualTo(entryId);
    assertThat(entry.getRouteTableId()).isEqualTo(table);
    assertThat(entry.getType()).isEqualTo("Custom");
    assertThat(entry.getRouteEntryName()).isEqualTo("ccm4j-sdk-test");
    assertThat(entry.getIpVersion()).isEqualTo("ipv4");
    assertThat(entry.getNextHops().getNextHop()).singleElement().satisfies(hop -> {
      assertThat(hop.getNextHopType()).isEqualTo("Instance");
      assertThat(hop.getNextHopId()).isEqualTo(node);
      assertThat(hop.getEnabled()).isEqualTo(1);
    });
    assertThat(cloud.control().routes()).extracting(ControlRoute::destinationCidr).contains("172.20.1.0/24");

    vpc.deleteRouteEntry(new DeleteRouteEntryRequest()
        .setRegionId(Sdk.REGION)
        .setRouteTableId(table)
        .setDestinationCidrBlock("172.20.1.0/24")
        .setNextHopId(node));
    assertThat(entries(table, "172.20.1.0/24")).isEmpty();
    assertThat(cloud.control().routes()).extracting(ControlRoute::destinationCidr).doesNotContain("172.20.1.0/24");
  }

  @Test
  void aDuplicateDestinationSurfacesAlibabasCode() throws Exception {
    String table = cloud.state().vpc().routeTableId();
    String node = cloud.state().ecs().instances().get(1).instanceId();
    CreateRouteEntryRequest create = new CreateRouteEntryRequest()
        .setRegionId(Sdk.REGION)
        .setRouteTableId(table)
        .setDestinationCidrBlock("172.20.9.0/24")
        .setNextHopType("Instance")
        .setNextHopId(node);
    vpc.createRouteEntry(create);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(entry(table, "172.20.9.0/24").getStatus()).isEqualTo("Available"));

    TeaException duplicate = catchThrowableOfType(TeaException.class, () -> vpc.createRouteEntry(create));
    assertThat(duplicate.getCode()).isEqualTo("InvalidCIDRBlock.Duplicate");
    assertThat(duplicate.getStatusCode()).isEqualTo(400);

    TeaException missing = catchThrowableOfType(TeaException.class, () -> vpc.deleteRouteEntry(
        new DeleteRouteEntryRequest().setRegionId(Sdk.REGION).setRouteTableId(table)
            .setDestinationCidrBlock("172.20.99.0/24")));
    assertThat(missing.getCode()).isEqualTo("InvalidRouteEntry.NotFound");
  }

  @Test
  void routeEntriesPageWithNextToken() throws Exception {
    String table = cloud.state().vpc().routeTableId();
    List<DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry> all = entries(table, null);
    assertThat(all).isNotEmpty();

    int seen = 0;
    String token = null;
    int pages = 0;
    do {
      DescribeRouteEntryListResponseBody page = vpc.describeRouteEntryList(new DescribeRouteEntryListRequest()
          .setRegionId(Sdk.REGION).setRouteTableId(table).setMaxResult(1).setNextToken(token)).getBody();
      assertThat(page.getRouteEntrys().getRouteEntry()).hasSize(1);
      seen++;
      pages++;
      token = page.getNextToken();
    } while (token != null && !token.isEmpty() && pages <= all.size());
    assertThat(seen).isEqualTo(all.size());
  }

  private static DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry entry(String table, String destination)
      throws Exception {
    List<DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry> found = entries(table, destination);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry> entries(String table,
      String destination) throws Exception {
    return vpc.describeRouteEntryList(new DescribeRouteEntryListRequest()
        .setRegionId(Sdk.REGION)
        .setRouteTableId(table)
        .setDestinationCidrBlock(destination)).getBody().getRouteEntrys().getRouteEntry();
  }
}
