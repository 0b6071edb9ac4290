package dev.ccm4j.sdktests.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerReq;
import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v2.model.CreateLoadbalancerRequestBody;
import com.huaweicloud.sdk.elb.v2.model.ListLoadbalancersRequest;
import com.huaweicloud.sdk.elb.v2.model.LoadbalancerResp;
import com.huaweicloud.sdk.elb.v2.model.ShowLoadbalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerOption;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateListenerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerOption;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateLoadBalancerRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreateMemberOption;
import com.huaweicloud.sdk.elb.v3.model.CreateMemberRequest;
import com.huaweicloud.sdk.elb.v3.model.CreateMemberRequestBody;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolOption;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolRequest;
import com.huaweicloud.sdk.elb.v3.model.CreatePoolRequestBody;
import com.huaweicloud.sdk.elb.v3.model.Listener;
import com.huaweicloud.sdk.elb.v3.model.LoadBalancer;
import com.huaweicloud.sdk.elb.v3.model.Member;
import com.huaweicloud.sdk.elb.v3.model.Pool;
import com.huaweicloud.sdk.elb.v3.model.ShowLoadBalancerRequest;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared ELB through the official v2 client and dedicated ELB through the v3 client: create, show and list load
 * balancers, then a listener, pool and member on a dedicated one, waiting for {@code provisioning_status} ACTIVE
 * between changes as the provider does.
 */
class HuaweiElbSdkIT {
  private static HuaweiEmulator cloud;
  private static com.huaweicloud.sdk.elb.v2.ElbClient v2;
  private static com.huaweicloud.sdk.elb.v3.ElbClient v3;

  @BeforeAll
  static void start() {
    cloud = HuaweiSdk.emulator(2, Duration.ofMillis(200));
    v2 = HuaweiSdk.client(com.huaweicloud.sdk.elb.v2.ElbClient.newBuilder(), cloud);
    v3 = HuaweiSdk.client(com.huaweicloud.sdk.elb.v3.ElbClient.newBuilder(), cloud);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void sharedLoadBalancerThroughV2() {
    LoadbalancerResp created = v2.createLoadbalancer(new CreateLoadbalancerRequest().withBody(
        new CreateLoadbalancerRequestBody().withLoadbalancer(
            new CreateLoadbalancerReq().withName("sdk-shared").withVipSubnetId(cloud.subnetId()))))
        .getLoadbalancer();
    assertThat(created.getId()).isNotBlank();
    assertThat(created.getName()).isEqualTo("sdk-shared");
    assertThat(created.getVipSubnetId()).isEqualTo(cloud.subnetId());
    assertThat(created.getVipAddress()).startsWith("192.168.0.");
    assertThat(created.getVipPortId()).isNotBlank();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        v2.showLoadbalancer(new ShowLoadbalancerRequest().withLoadbalancerId(created.getId()))
            .getLoadbalancer().getProvisioningStatus()).hasToString("ACTIVE"));

    List<LoadbalancerResp> listed = v2.listLoadbalancers(new ListLoadbalancersRequest().withName("sdk-shared"))
        .getLoadbalancers();
    assertThat(listed).extracting(LoadbalancerResp::getId).containsExactly(created.getId());
    // a console-made ELB is listed next to it
    String console = cloud.createLoadBalancer(false, "console-shared");
    assertThat(v2.listLoadbalancers(new ListLoadbalancersRequest()).getLoadbalancers())
        .extracting(LoadbalancerResp::getId).contains(created.getId(), console);
  }

  @Test
  void dedicatedLoadBalancerWithListenerPoolAndMemberThroughV3() {
    LoadBalancer lb = v3.createLoadBalancer(new CreateLoadBalancerRequest().withBody(
        new CreateLoadBalancerRequestBody().withLoadbalancer(new CreateLoadBalancerOption()
            .withName("sdk-dedicated")
            .withVpcId(cloud.vpcId())
            .withVipSubnetCidrId(cloud.subnetId())
            .withAvailabilityZoneList(List.of(cloud.availabilityZones().get(0))))))
        .getLoadbalancer();
    assertThat(lb.getId()).isNotBlank();
    assertThat(lb.getAvailabilityZoneList()).containsExactly(cloud.availabilityZones().get(0));
    assertThat(lb.getGuaranteed()).isTrue();
    assertThat(lb.getVipAddress()).startsWith("192.168.0.");
    awaitActive(lb.getId());

    Listener listener = v3.createListener(new CreateListenerRequest().withBody(new CreateListenerRequestBody()
        .withListener(new CreateListenerOption().withLoadbalancerId(lb.getId()).withName("sdk-tcp-80")
            .withProtocol("TCP").withProtocolPort(80)))).getListener();
    assertThat(listener.getProtocolPort()).isEqualTo(80);
    assertThat(listener.getLoadbalancers()).extracting(r -> r.getId()).containsExactly(lb.getId());
    awaitActive(lb.getId());

    Pool pool = v3.createPool(new CreatePoolRequest().withBody(new CreatePoolRequestBody().withPool(
        new CreatePoolOption().withListenerId(listener.getId()).withProtocol("TCP")
            .withLbAlgorithm("ROUND_ROBIN")))).getPool();
    assertThat(pool.getListeners()).extracting(r -> r.getId()).containsExactly(listener.getId());
    awaitActive(lb.getId());

    EcsClient ecs = HuaweiSdk.client(EcsClient.newBuilder(), cloud);
    String nodeIp = ecs.listServersDetails(new ListServersDetailsRequest().withName("^ccm4j-node-1$"))
        .getServers().get(0).getAddresses().get(cloud.vpcId()).get(0).getAddr();
    Member member = v3.createMember(new CreateMemberRequest().withPoolId(pool.getId()).withBody(
        new CreateMemberRequestBody().withMember(new CreateMemberOption().withAddress(nodeIp)
            .withProtocolPort(30080).withSubnetCidrId(cloud.subnetId())))).getMember();
    assertThat(member.getAddress()).isEqualTo(nodeIp);
    assertThat(member.getProtocolPort()).isEqualTo(30080);

    LoadBalancer shown = v3.showLoadBalancer(new ShowLoadBalancerRequest().withLoadbalancerId(lb.getId()))
        .getLoadbalancer();
    assertThat(shown.getProvisioningStatus()).isEqualTo("PENDING_UPDATE");
    awaitActive(lb.getId());
    assertThat(v3.showLoadBalancer(new ShowLoadBalancerRequest().withLoadbalancerId(lb.getId()))
        .getLoadbalancer().getListeners()).extracting(r -> r.getId()).containsExactly(listener.getId());
  }

  private static void awaitActive(String id) {
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
        v3.showLoadBalancer(new ShowLoadBalancerRequest().withLoadbalancerId(id)).getLoadbalancer()
            .getProvisioningStatus()).isEqualTo("ACTIVE"));
  }
}
