package dev.ccm4j.provider.huawei.elb;

import static dev.ccm4j.provider.huawei.elb.SharedElbTest.node;
import static dev.ccm4j.provider.huawei.elb.SharedElbTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedicatedElbTest {
  private final FakeElb cloud = new FakeElb();
  private final MutableClock clock = new MutableClock();
  private MockWebServer server;
  private HuaweiApi api;
  private DedicatedElb elb;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(cloud);
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    api = FakeElb.api(server);
    elb = new DedicatedElb(api, new EcsClient(api), FakeElb.config(server), LoadBalancerConfig::defaults,
        Optional::empty, ActiveWait.standard(clock, clock::advance));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  private static ElbServiceConfig.Builder cfg() {
    return ElbServiceConfig.builder(ElbClass.DEDICATED).availabilityZones(List.of("cn-north-4a", "cn-north-4b"));
  }

  @Test
  void createsThroughV3WithZonesAndAnEipAndShowsIt() {
    V1ServiceHolder h = new V1ServiceHolder();
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(10), "PER",
        "traffic", Optional.empty()))).tlsContainerRef(Optional.of("cert-1")).build();

    V1LoadBalancerStatus status = elb.ensure("kubernetes", h.svc, List.of(node("n1", "10.0.0.1")), c);

    JsonObject lb = cloud.lbs.values().iterator().next();
    assertThat(Json.strings(lb, "availability_zone_list")).containsExactly("cn-north-4a", "cn-north-4b");
    // no subnet annotation: the VIP goes into the subnet of the nodes
    assertThat(Json.string(lb, "vip_subnet_cidr_id")).contains(FakeElb.NODE_SUBNET);
    String eipAddress = Json.string(Json.objects(lb, "eips").get(0), "eip_address").orElseThrow();
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(eipAddress);
    assertThat(cloud.writes()).allMatch(w -> w.contains("/v3/"));
    JsonObject listener = cloud.listeners.values().iterator().next();
    assertThat(Json.string(listener, "protocol")).contains("HTTPS");
    assertThat(Json.string(listener, "name")).contains("web_TCP_443");
    assertThat(cloud.members.values()).singleElement().satisfies(m -> {
      assertThat(Json.string(m, "name")).contains("member_sg_web_TCP_443_n1");
      assertThat(Json.string(m, "subnet_cidr_id")).contains(FakeElb.NODE_SUBNET);
    });

    cloud.writes.clear();
    elb.ensure("kubernetes", h.svc, List.of(node("n1", "10.0.0.1")), c);
    assertThat(cloud.writes()).isEmpty();

    elb.delete("kubernetes", h.svc, Optional.of(c));
    assertThat(cloud.lbs).isEmpty();
    assertThat(cloud.listeners).isEmpty();
    assertThat(cloud.eips).isEmpty();
  }

  @Test
  void crossVpcMembersCarryNoSubnetAndCanOnlyBeTurnedOn() {
    V1ServiceHolder h = new V1ServiceHolder();
    elb.ensure("kubernetes", h.svc, List.of(node("n1", "10.0.0.1")), cfg().build());
    cloud.writes.clear();
    elb.ensure("kubernetes", h.svc, List.of(node("n1", "10.0.0.1"), node("n2", "10.0.0.2")),
        cfg().crossVpc(true).build());
    assertThat(cloud.writes()).anyMatch(w -> w.startsWith("PUT /v3/elb/loadbalancers/"));
    JsonObject added = cloud.members.values().stream()
        .filter(m -> Json.string(m, "address").orElse("").equals("10.0.0.2")).findFirst().orElseThrow();
    assertThat(added.has("subnet_cidr_id")).isFalse();
  }

  @Test
  void zonesAreRequired() {
    V1ServiceHolder h = new V1ServiceHolder();
    assertThatThrownBy(() -> elb.ensure("kubernetes", h.svc, List.of(),
        ElbServiceConfig.builder(ElbClass.DEDICATED).build()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("availability-zones");
    assertThat(cloud.writes()).isEmpty();
  }

  /** A dedicated Service on port 443. */
  private static final class V1ServiceHolder {
    final io.kubernetes.client.openapi.models.V1Service svc = service("web", 443);

    V1ServiceHolder() {
      svc.getMetadata().getAnnotations().put("kubernetes.io/elb.class", "dedicated");
    }
  }
}
