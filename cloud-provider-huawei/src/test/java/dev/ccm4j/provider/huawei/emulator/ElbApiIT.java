package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ELB v2/v3 product over real, signed HTTP through the provider's own {@link HuaweiApi}: shapes, status codes,
 * the provisioning window on the emulator clock, one store for both versions, array filters, the journal labels and
 * the control API.
 */
class ElbApiIT {
  private static final Duration DELAY = Duration.ofSeconds(3);

  private static MutableClock clock;
  private static HuaweiEmulator emulator;
  private static HuaweiApi api;

  @BeforeAll
  static void start() {
    clock = new MutableClock();
    emulator = HuaweiEmulator.builder().instances(0).clock(clock).provisioningDelay(DELAY).build().start();
    api = HuaweiApi.create(HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of()), clock, "ccm4j-it");
  }

  @AfterAll
  static void stop() {
    api.close();
    emulator.close();
  }

  @BeforeEach
  void clearJournal() {
    emulator.control().clearJournal();
  }

  @Test
  void sharedElbLifecycleMixesV2ObjectsWithV3Listeners() {
    ControlInstance node = emulator.control().createInstance(InstanceSpec.builder().name("it-elb-node").build());
    JsonObject lb = api.post("CreateLoadBalancer", HuaweiService.ELB, "/v2/{project_id}/elb/loadbalancers",
        obj("loadbalancer", "{\"name\":\"k8s_service_c_default_web\",\"vip_subnet_id\":\"" + emulator.subnetId()
            + "\",\"provider\":\"vlb\"}")).getAsJsonObject("loadbalancer");
    String lbId = lb.get("id").getAsString();
    assertThat(lb.get("provisioning_status").getAsString()).isEqualTo("PENDING_CREATE");
    assertThat(emulator.control().journal("ELB.v2.CreateLoadBalancer")).singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(201));

    JsonObject listenerBody = obj("listener", "{\"loadbalancer_id\":\"" + lbId + "\",\"protocol\":\"TCP\","
        + "\"protocol_port\":80,\"name\":\"web_TCP_80\",\"transparent_client_ip_enable\":true}");
    assertThatThrownBy(() -> api.post("CreateListener", HuaweiService.ELB, "/v3/{project_id}/elb/listeners",
        listenerBody)).isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("ELB.8907");
          assertThat(e.requestId()).isNotBlank();
        });
    clock.advance(DELAY);
    assertThat(show(lbId).get("provisioning_status").getAsString()).isEqualTo("ACTIVE");

    JsonObject listener = api.post("CreateListener", HuaweiService.ELB, "/v3/{project_id}/elb/listeners",
        listenerBody);
    assertThat(listener.get("request_id").getAsString()).isNotBlank();
    String listenerId = listener.getAsJsonObject("listener").get("id").getAsString();
    clock.advance(DELAY);
    JsonArray v2Listeners = api.get("ListListeners", HuaweiService.ELB, "/v2/{project_id}/elb/listeners",
        Map.of("loadbalancer_id", List.of(lbId))).getAsJsonArray("listeners");
    assertThat(v2Listeners).singleElement().satisfies(l -> {
      assertThat(l.getAsJsonObject().get("id").getAsString()).isEqualTo(listenerId);
      assertThat(l.getAsJsonObject().get("tenant_id").getAsString()).isEqualTo(emulator.projectId());
    });

    String poolId = api.post("CreatePool", HuaweiService.ELB, "/v2/{project_id}/elb/pools", obj("pool",
        "{\"name\":\"sg_web_TCP_80\",\"protocol\":\"TCP\",\"lb_algorithm\":\"ROUND_ROBIN\",\"listener_id\":\""
            + listenerId + "\",\"session_persistence\":{\"type\":\"SOURCE_IP\",\"persistence_timeout\":30}}"))
        .getAsJsonObject("pool").get("id").getAsString();
    clock.advance(DELAY);
    api.post("CreateMember", HuaweiService.ELB, "/v2/{project_id}/elb/pools/" + poolId + "/members", obj("member",
        "{\"address\":\"" + node.privateIp() + "\",\"protocol_port\":30080,\"subnet_id\":\"" + emulator.subnetId()
            + "\"}"));
    clock.advance(DELAY);
    api.post("CreateHealthMonitor", HuaweiService.ELB, "/v2/{project_id}/elb/healthmonitors", obj("healthmonitor",
        "{\"pool_id\":\"" + poolId + "\",\"type\":\"TCP\",\"delay\":5,\"timeout\":3,\"max_retries\":3}"));
    clock.advance(DELAY);

    JsonObject pool = api.get("ListPools", HuaweiService.ELB, "/v2/{project_id}/elb/pools",
        Map.of("loadbalancer_id", List.of(lbId))).getAsJsonArray("pools").get(0).getAsJsonObject();
    assertThat(pool.getAsJsonArray("listeners").get(0).getAsJsonObject().get("id").getAsString())
        .isEqualTo(listenerId);
    assertThat(pool.get("healthmonitor_id").getAsString()).isNotEmpty();
    JsonObject member = api.get("ListMembers", HuaweiService.ELB, "/v3/{project_id}/elb/pools/" + poolId
        + "/members").getAsJsonArray("members").get(0).getAsJsonObject();
    assertThat(member.get("operating_status").getAsString()).isEqualTo("ONLINE");
    assertThat(member.get("instance_id").getAsString()).isEqualTo(node.id());

    ControlLoadBalancer view = emulator.control().loadBalancers().stream().filter(c -> c.id().equals(lbId))
        .findFirst().orElseThrow();
    assertThat(view.listeners()).singleElement().satisfies(l -> assertThat(l.backendPort()).isEqualTo(30080));
    assertThat(view.backends()).singleElement().satisfies(b -> assertThat(b.instanceId()).isEqualTo(node.id()));

    assertThatThrownBy(() -> api.delete("DeleteListener", HuaweiService.ELB, "/v2/{project_id}/elb/listeners/"
        + listenerId)).isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
    assertThatThrownBy(() -> api.get("ShowLoadBalancer", HuaweiService.ELB, "/v2/{project_id}/elb/loadbalancers/"
        + "00000000-0000-0000-0000-000000000000")).isInstanceOf(CloudResourceNotFoundException.class);
    assertThat(emulator.control().journal("ELB.v3.CreateListener")).hasSize(2);
    assertThat(emulator.control().journal("ELB.v2.ListMembers")).isEmpty();
    assertThat(emulator.control().journal("ELB.v3.ListMembers")).hasSize(1);
  }

  @Test
  void dedicatedElbWithANewEipAndArrayFilters() {
    JsonObject lb = api.post("CreateLoadBalancer", HuaweiService.ELB, "/v3/{project_id}/elb/loadbalancers",
        obj("loadbalancer", "{\"name\":\"it-dedicated\",\"vip_subnet_cidr_id\":\"" + emulator.subnetId()
            + "\",\"availability_zone_list\":[\"" + emulator.availabilityZones().get(0) + "\"],"
            + "\"publicip\":{\"network_type\":\"5_bgp\",\"bandwidth\":{\"name\":\"default_web\",\"size\":5,"
            + "\"share_type\":\"PER\",\"charge_mode\":\"traffic\"}}}")).getAsJsonObject("loadbalancer");
    JsonObject eip = lb.getAsJsonArray("eips").get(0).getAsJsonObject();
    assertThat(emulator.eipPort(eip.get("eip_id").getAsString())).contains(lb.get("vip_port_id").getAsString());
    JsonArray byPort = api.get("ListPublicips", HuaweiService.VPC, "/v1/{project_id}/publicips",
        Map.of("port_id", List.of(lb.get("vip_port_id").getAsString()))).getAsJsonArray("publicips");
    assertThat(byPort).singleElement().satisfies(p -> assertThat(p.getAsJsonObject().get("public_ip_address")
        .getAsString()).isEqualTo(eip.get("eip_address").getAsString()));

    api.post("CreateLoadBalancer", HuaweiService.ELB, "/v3/{project_id}/elb/loadbalancers", obj("loadbalancer",
        "{\"name\":\"it-other\",\"vip_subnet_cidr_id\":\"" + emulator.subnetId() + "\",\"availability_zone_list\":[\""
            + emulator.availabilityZones().get(0) + "\"]}"));
    JsonArray both = api.get("ListLoadBalancers", HuaweiService.ELB, "/v3/{project_id}/elb/loadbalancers",
        Map.of("name", List.of("it-dedicated", "it-other"))).getAsJsonArray("loadbalancers");
    assertThat(both).extracting(e -> e.getAsJsonObject().get("name").getAsString())
        .containsExactlyInAnyOrder("it-dedicated", "it-other");

    assertThatThrownBy(() -> api.post("CreateLoadBalancer", HuaweiService.ELB, "/v3/{project_id}/elb/loadbalancers",
        obj("loadbalancer", "{\"name\":\"no-zones\",\"vip_subnet_cidr_id\":\"" + emulator.subnetId() + "\"}")))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("ELB.8902");
          assertThat(e.cloudMessage()).contains("availability_zone_list");
        });
  }

  @Test
  void aConsoleMadeElbFromTheControlApiIsActiveAtOnce() {
    JsonElement made = emulator.control().post("load-balancers",
        JsonParser.parseString("{\"class\":\"shared\",\"name\":\"console-made\"}"));
    String id = made.getAsJsonObject().get("id").getAsString();
    JsonObject shown = show(id);
    assertThat(shown.get("provisioning_status").getAsString()).isEqualTo("ACTIVE");
    assertThat(shown.get("vip_address").getAsString()).isEqualTo(made.getAsJsonObject().get("vip_address")
        .getAsString());
    assertThat(shown.get("guaranteed").getAsBoolean()).isFalse();
  }

  private static JsonObject show(String lbId) {
    return api.get("ShowLoadBalancer", HuaweiService.ELB, "/v3/{project_id}/elb/loadbalancers/" + lbId)
        .getAsJsonObject("loadbalancer");
  }

  private static JsonObject obj(String key, String inner) {
    JsonObject o = new JsonObject();
    o.add(key, JsonParser.parseString(inner));
    return o;
  }
}
