package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.slb20140515.Client;
import com.aliyun.slb20140515.models.AddVServerGroupBackendServersRequest;
import com.aliyun.slb20140515.models.AddVServerGroupBackendServersResponseBody;
import com.aliyun.slb20140515.models.AddVServerGroupBackendServersResponseBody.AddVServerGroupBackendServersResponseBodyBackendServersBackendServer;
import com.aliyun.slb20140515.models.CreateLoadBalancerRequest;
import com.aliyun.slb20140515.models.CreateLoadBalancerResponseBody;
import com.aliyun.slb20140515.models.CreateLoadBalancerTCPListenerRequest;
import com.aliyun.slb20140515.models.CreateVServerGroupRequest;
import com.aliyun.slb20140515.models.CreateVServerGroupResponseBody;
import com.aliyun.slb20140515.models.DeleteLoadBalancerRequest;
import com.aliyun.slb20140515.models.DescribeLoadBalancerAttributeRequest;
import com.aliyun.slb20140515.models.DescribeLoadBalancerAttributeResponseBody;
import com.aliyun.slb20140515.models.DescribeLoadBalancerListenersRequest;
import com.aliyun.slb20140515.models.DescribeLoadBalancerListenersResponseBody.DescribeLoadBalancerListenersResponseBodyListeners;
import com.aliyun.slb20140515.models.DescribeLoadBalancersRequest;
import com.aliyun.slb20140515.models.DescribeLoadBalancersResponseBody;
import com.aliyun.slb20140515.models.DescribeLoadBalancersResponseBody.DescribeLoadBalancersResponseBodyLoadBalancersLoadBalancer;
import com.aliyun.slb20140515.models.DescribeLoadBalancersResponseBody.DescribeLoadBalancersResponseBodyLoadBalancersLoadBalancerTagsTag;
import com.aliyun.slb20140515.models.DescribeVServerGroupAttributeRequest;
import com.aliyun.slb20140515.models.DescribeVServerGroupAttributeResponseBody.DescribeVServerGroupAttributeResponseBodyBackendServersBackendServer;
import com.aliyun.slb20140515.models.TagResourcesRequest;
import com.aliyun.tea.TeaException;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The darabonba SLB client ({@code com.aliyun:slb20140515}) through what the CCM does for a {@code LoadBalancer}
 * Service on CLB: create an intranet CLB in the VPC, tag it, add a TCP listener bound to a VServer group, add
 * weighted backends, read everything back through the SDK's models, and delete it.
 */
class DarabonbaSlbIT {
  private static AlibabaEmulator cloud;
  private static Client slb;

  @BeforeAll
  static void start() throws Exception {
    cloud = Sdk.emulator(3);
    slb = new Client(Sdk.darabonba(cloud));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void aLoadBalancerWithListenerAndBackendsRoundTripsThroughTheSdk() throws Exception {
    List<EcsInstance> nodes = cloud.state().ecs().instances();
    String vSwitch = nodes.get(0).vSwitchId();

    CreateLoadBalancerResponseBody created = slb.createLoadBalancer(new CreateLoadBalancerRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerName("sdk-test-clb")
        .setAddressType("intranet")
        .setVpcId(cloud.state().vpcId())
        .setVSwitchId(vSwitch)
        .setLoadBalancerSpec("slb.s1.small")
        .setInstanceChargeType("PayBySpec")).getBody();
    String lbId = created.getLoadBalancerId();
    assertThat(lbId).isNotBlank();
    assertThat(created.getLoadBalancerName()).isEqualTo("sdk-test-clb");
    assertThat(created.getVpcId()).isEqualTo(cloud.state().vpcId());
    assertThat(created.getVSwitchId()).isEqualTo(vSwitch);
    assertThat(created.getNetworkType()).isEqualTo("vpc");
    String address = created.getAddress();
    assertThat(address).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");

    slb.tagResources(new TagResourcesRequest()
        .setRegionId(Sdk.REGION)
        .setResourceType("instance")
        .setResourceId(List.of(lbId))
        .setTag(List.of(new TagResourcesRequest.TagResourcesRequestTag().setKey("kubernetes.do.not.delete")
            .setValue("sdk-test"))));

    // the ownership-tag lookup the CCM does: DescribeLoadBalancers by a JSON Tags filter
    DescribeLoadBalancersResponseBody described = slb.describeLoadBalancers(new DescribeLoadBalancersRequest()
        .setRegionId(Sdk.REGION)
        .setTags("[{\"TagKey\":\"kubernetes.do.not.delete\",\"TagValue\":\"sdk-test\"}]")).getBody();
    assertThat(described.getTotalCount()).isEqualTo(1);
    DescribeLoadBalancersResponseBodyLoadBalancersLoadBalancer lb =
        described.getLoadBalancers().getLoadBalancer().get(0);
    assertThat(lb.getLoadBalancerId()).isEqualTo(lbId);
    assertThat(lb.getAddress()).isEqualTo(address);
    assertThat(lb.getAddressType()).isEqualTo("intranet");
    assertThat(lb.getLoadBalancerSpec()).isEqualTo("slb.s1.small");
    assertThat(lb.getLoadBalancerStatus()).isEqualTo("active");
    assertThat(lb.getVpcId()).isEqualTo(cloud.state().vpcId());
    assertThat(lb.getRegionId()).isEqualTo(Sdk.REGION);
    Map<String, String> tags = lb.getTags().getTag().stream().collect(Collectors.toMap(
        DescribeLoadBalancersResponseBodyLoadBalancersLoadBalancerTagsTag::getTagKey,
        DescribeLoadBalancersResponseBodyLoadBalancersLoadBalancerTagsTag::getTagValue));
    assertThat(tags).containsEntry("kubernetes.do.not.delete", "sdk-test");

    CreateVServerGroupResponseBody group = slb.createVServerGroup(new CreateVServerGroupRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerId(lbId)
        .setVServerGroupName("k8s/80/web/default/clusterid")
        .setBackendServers(backends(List.of(nodes.get(0)), 30080, 100))).getBody();
    String groupId = group.getVServerGroupId();
    assertThat(groupId).isNotBlank();
    assertThat(group.getBackendServers().getBackendServer()).singleElement().satisfies(b -> {
      assertThat(b.getServerId()).isEqualTo(nodes.get(0).instanceId());
      assertThat(b.getPort()).isEqualTo(30080);
      assertThat(b.getWeight()).isEqualTo(100);
      assertThat(b.getType()).isEqualTo("ecs");
    });

    AddVServerGroupBackendServersResponseBody added = slb.addVServerGroupBackendServers(
        new AddVServerGroupBackendServersRequest()
            .setRegionId(Sdk.REGION)
            .setVServerGroupId(groupId)
            .setBackendServers(backends(nodes.subList(1, 3), 30080, 50))).getBody();
    assertThat(added.getVServerGroupId()).isEqualTo(groupId);
    assertThat(added.getBackendServers().getBackendServer())
        .extracting(AddVServerGroupBackendServersResponseBodyBackendServersBackendServer::getServerId)
        .containsExactlyInAnyOrder(nodes.get(0).instanceId(), nodes.get(1).instanceId(), nodes.get(2).instanceId());

    slb.createLoadBalancerTCPListener(new CreateLoadBalancerTCPListenerRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerId(lbId)
        .setListenerPort(80)
        .setBackendServerPort(30080)
        .setBandwidth(-1)
        .setVServerGroupId(groupId)
        .setScheduler("wrr")
        .setPersistenceTimeout(0)
        .setEstablishedTimeout(900)
        .setHealthCheckSwitch("on")
        .setHealthyThreshold(3)
        .setUnhealthyThreshold(3)
        .setHealthCheckInterval(2));

    List<DescribeLoadBalancerListenersResponseBodyListeners> listeners = slb.describeLoadBalancerListeners(
        new DescribeLoadBalancerListenersRequest()
            .setRegionId(Sdk.REGION)
            .setLoadBalancerId(List.of(lbId))).getBody().getListeners();
    assertThat(listeners).singleElement().satisfies(l -> {
      assertThat(l.getListenerPort()).isEqualTo(80);
      assertThat(l.getListenerProtocol()).isEqualTo("tcp");
      assertThat(l.getVServerGroupId()).isEqualTo(groupId);
      assertThat(l.getScheduler()).isEqualTo("wrr");
      assertThat(l.getTCPListenerConfig()).isNotNull();
      assertThat(l.getTCPListenerConfig().getEstablishedTimeout()).isEqualTo(900);
    });

    List<DescribeVServerGroupAttributeResponseBodyBackendServersBackendServer> members =
        slb.describeVServerGroupAttribute(new DescribeVServerGroupAttributeRequest()
            .setRegionId(Sdk.REGION)
            .setVServerGroupId(groupId)).getBody().getBackendServers().getBackendServer();
    assertThat(members).hasSize(3);
    assertThat(members).filteredOn(m -> m.getServerId().equals(nodes.get(2).instanceId())).singleElement()
        .satisfies(m -> {
          assertThat(m.getWeight()).isEqualTo(50);
          assertThat(m.getPort()).isEqualTo(30080);
          assertThat(m.getServerIp()).isEqualTo(nodes.get(2).privateIp());
        });

    DescribeLoadBalancerAttributeResponseBody attribute = slb.describeLoadBalancerAttribute(
        new DescribeLoadBalancerAttributeRequest().setRegionId(Sdk.REGION).setLoadBalancerId(lbId)).getBody();
    assertThat(attribute.getLoadBalancerId()).isEqualTo(lbId);
    assertThat(attribute.getAddress()).isEqualTo(address);
    assertThat(attribute.getVSwitchId()).isEqualTo(vSwitch);
    assertThat(attribute.getListenerPorts().getListenerPort()).containsExactly(80);
    assertThat(attribute.getListenerPortsAndProtocol().getListenerPortAndProtocol()).singleElement()
        .satisfies(p -> {
          assertThat(p.getListenerPort()).isEqualTo(80);
          assertThat(p.getListenerProtocol()).isEqualTo("tcp");
        });

    // the vendor-neutral view agrees with what the SDK saw
    ControlLoadBalancer control = cloud.control().loadBalancers().stream()
        .filter(c -> c.id().equals(lbId)).findFirst().orElseThrow();
    assertThat(control.addresses()).containsExactly(address);
    assertThat(control.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
    assertThat(control.backends()).extracting(ControlBackend::instanceId)
        .containsExactlyInAnyOrder(nodes.get(0).instanceId(), nodes.get(1).instanceId(), nodes.get(2).instanceId());

    slb.deleteLoadBalancer(new DeleteLoadBalancerRequest().setRegionId(Sdk.REGION).setLoadBalancerId(lbId));
    assertThat(slb.describeLoadBalancers(new DescribeLoadBalancersRequest()
        .setRegionId(Sdk.REGION)
        .setLoadBalancerId(lbId)).getBody().getTotalCount()).isZero();
    assertThat(cloud.control().loadBalancers()).noneMatch(c -> c.id().equals(lbId));
  }

  @Test
  void deletingAnUnknownLoadBalancerSurfacesAlibabasCode() {
    TeaException e = catchThrowableOfType(TeaException.class, () -> slb.deleteLoadBalancer(
        new DeleteLoadBalancerRequest().setRegionId(Sdk.REGION).setLoadBalancerId("lb-doesnotexist0000000")));
    assertThat(e.getCode()).isEqualTo("InvalidLoadBalancerId.NotFound");
    assertThat(e.getStatusCode()).isBetween(400, 404);
    assertThat(e.getData()).containsKey("RequestId");
  }

  private static String backends(List<EcsInstance> nodes, int port, int weight) {
    return nodes.stream()
        .map(n -> "{\"ServerId\":\"" + n.instanceId() + "\",\"Port\":\"" + port + "\",\"Weight\":\"" + weight
            + "\",\"Type\":\"ecs\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
