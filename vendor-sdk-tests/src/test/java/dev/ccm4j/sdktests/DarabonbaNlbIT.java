package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aliyun.nlb20220430.Client;
import com.aliyun.nlb20220430.models.CreateLoadBalancerRequest;
import com.aliyun.nlb20220430.models.CreateLoadBalancerRequest.CreateLoadBalancerRequestZoneMappings;
import com.aliyun.nlb20220430.models.CreateLoadBalancerResponseBody;
import com.aliyun.nlb20220430.models.CreateServerGroupRequest;
import com.aliyun.nlb20220430.models.CreateServerGroupResponseBody;
import com.aliyun.nlb20220430.models.DeleteLoadBalancerRequest;
import com.aliyun.nlb20220430.models.GetJobStatusRequest;
import com.aliyun.nlb20220430.models.ListLoadBalancersRequest;
import com.aliyun.nlb20220430.models.ListLoadBalancersResponseBody;
import com.aliyun.nlb20220430.models.ListLoadBalancersResponseBody.ListLoadBalancersResponseBodyLoadBalancers;
import com.aliyun.nlb20220430.models.ListLoadBalancersResponseBody.ListLoadBalancersResponseBodyLoadBalancersZoneMappings;
import com.aliyun.nlb20220430.models.ListServerGroupsRequest;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.VSwitch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The darabonba NLB client ({@code com.aliyun:nlb20220430}): an NLB is created across two zones, is
 * {@code Provisioning} and then {@code Active} in {@code ListLoadBalancers}, and a mutating call's job is polled
 * with {@code GetJobStatus} until it succeeds, as the CCM's NLB controller does.
 */
class DarabonbaNlbIT {
  private static AlibabaEmulator cloud;
  private static Client nlb;

  @BeforeAll
  static void start() throws Exception {
    cloud = Sdk.emulator(2);
    nlb = new Client(Sdk.darabonba(cloud));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void createLoadBalancerMapsIntoTheSdkModel() throws Exception {
    CreateLoadBalancerResponseBody created = nlb.createLoadBalancer(create("sdk-typed-nlb")).getBody();
    assertThat(created.getRequestId()).isNotBlank();
    // Alibaba spells this one field "LoadbalancerId" (lower-case b), and OrderId is a number: the model maps
    // exactly that, and a string OrderId fails the whole response
    assertThat(created.getLoadbalancerId()).startsWith("nlb-");
    assertThat(list(created.getLoadbalancerId()).getLoadBalancerName()).isEqualTo("sdk-typed-nlb");
  }

  @Test
  void anNlbBecomesActiveAndItsJobsAreTracked() throws Exception {
    String id = createdId(create("sdk-test-nlb"));

    ListLoadBalancersResponseBodyLoadBalancers listed = list(id);
    assertThat(listed.getLoadBalancerName()).isEqualTo("sdk-test-nlb");
    assertThat(listed.getLoadBalancerType()).isEqualTo("Network");
    assertThat(listed.getAddressType()).isEqualTo("Intranet");
    assertThat(listed.getAddressIpVersion()).isEqualTo("ipv4");
    assertThat(listed.getVpcId()).isEqualTo(cloud.state().vpcId());
    assertThat(listed.getRegionId()).isEqualTo(Sdk.REGION);
    assertThat(listed.getDNSName()).isNotBlank();
    assertThat(listed.getZoneMappings())
        .extracting(ListLoadBalancersResponseBodyLoadBalancersZoneMappings::getZoneId)
        .containsExactlyInAnyOrderElementsOf(zones().stream().map(VSwitch::zoneId).toList());
    assertThat(listed.getZoneMappings()).allSatisfy(z -> {
      assertThat(z.getVSwitchId()).startsWith("vsw-");
      assertThat(z.getLoadBalancerAddresses()).singleElement()
          .satisfies(a -> assertThat(a.getPrivateIPv4Address()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    });
    assertThat(listed.getDeletionProtectionConfig().getEnabled()).isFalse();

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(list(id).getLoadBalancerStatus()).isEqualTo("Active"));

    CreateServerGroupResponseBody group = nlb.createServerGroup(new CreateServerGroupRequest()
        .setRegionId(Sdk.REGION)
        .setServerGroupName("k8s.80.web.default.clusterid")
        .setServerGroupType("Instance")
        .setProtocol("TCP")
        .setVpcId(cloud.state().vpcId())).getBody();
    assertThat(group.getServerGroupId()).startsWith("sgp-");
    String job = group.getJobId();
    assertThat(job).isNotBlank();
    assertThat(jobStatus(job)).isIn("Processing", "Succeeded");
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(jobStatus(job)).isEqualTo("Succeeded"));
    assertThat(nlb.listServerGroups(new ListServerGroupsRequest()
        .setRegionId(Sdk.REGION)
        .setServerGroupIds(List.of(group.getServerGroupId()))).getBody().getServerGroups())
        .singleElement().satisfies(g -> {
          assertThat(g.getServerGroupName()).isEqualTo("k8s.80.web.default.clusterid");
          assertThat(g.getProtocol()).isEqualTo("TCP");
          assertThat(g.getVpcId()).isEqualTo(cloud.state().vpcId());
        });

    String deletion = nlb.deleteLoadBalancer(new DeleteLoadBalancerRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerId(id)).getBody().getJobId();
    assertThat(deletion).isNotBlank();
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(nlb.listLoadBalancers(new ListLoadBalancersRequest()
            .setRegionId(Sdk.REGION)
            .setLoadBalancerIds(List.of(id))).getBody().getLoadBalancers()).isEmpty());
  }

  @Test
  void listLoadBalancersPagesWithNextToken() throws Exception {
    List<String> names = List.of("sdk-page-1", "sdk-page-2", "sdk-page-3");
    List<String> ids = new ArrayList<>();
    for (String name : names) {
      ids.add(createdId(create(name)));
    }

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListLoadBalancersResponseBody page = nlb.listLoadBalancers(new ListLoadBalancersRequest()
          .setRegionId(Sdk.REGION)
          .setLoadBalancerNames(names)
          .setMaxResults(2)
          .setNextToken(token)).getBody();
      pages++;
      assertThat(page.getTotalCount()).isEqualTo(3);
      assertThat(page.getMaxResults()).isEqualTo(2);
      assertThat(page.getLoadBalancers()).hasSizeLessThanOrEqualTo(2);
      page.getLoadBalancers().forEach(lb -> seen.add(lb.getLoadBalancerId()));
      token = page.getNextToken();
    } while (token != null && !token.isEmpty() && pages < 5);

    assertThat(pages).isEqualTo(2);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
  }

  private static List<VSwitch> zones() {
    return cloud.state().vpc().vSwitches().subList(0, 2);
  }

  private static CreateLoadBalancerRequest create(String name) {
    return new CreateLoadBalancerRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerName(name)
        .setLoadBalancerType("Network")
        .setAddressType("Intranet")
        .setAddressIpVersion("ipv4")
        .setVpcId(cloud.state().vpcId())
        .setZoneMappings(zones().stream().map(v -> new CreateLoadBalancerRequestZoneMappings()
            .setZoneId(v.zoneId()).setVSwitchId(v.vSwitchId())).toList());
  }

  private static String createdId(CreateLoadBalancerRequest request) throws Exception {
    return nlb.createLoadBalancer(request).getBody().getLoadbalancerId();
  }

  private static ListLoadBalancersResponseBodyLoadBalancers list(String id) throws Exception {
    ListLoadBalancersResponseBody body = nlb.listLoadBalancers(new ListLoadBalancersRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerIds(List.of(id))).getBody();
    assertThat(body.getTotalCount()).isEqualTo(1);
    assertThat(body.getLoadBalancers()).hasSize(1);
    return body.getLoadBalancers().get(0);
  }

  private static String jobStatus(String job) throws Exception {
    return nlb.getJobStatus(new GetJobStatusRequest().setJobId(job)).getBody().getStatus();
  }
}
