package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ElbProductTest {
  private static final Duration DELAY = Duration.ofSeconds(2);

  private MutableClock clock;
  private HuaweiState state;
  private ElbProduct elb;
  private String project;
  private String subnet;

  @BeforeEach
  void setUp() {
    clock = new MutableClock();
    state = new HuaweiState("cn-north-4", List.of("cn-north-4a", "cn-north-4b"), null, clock, 7L, DELAY);
    elb = new ElbProduct(state);
    project = state.projectId();
    subnet = state.defaultSubnet().neutronSubnetId();
  }

  @Test
  void sharedLoadBalancerIsPendingCreateForTheDelayThenActive() {
    HuaweiCall create = call("POST", "/v2/" + project + "/elb/loadbalancers", "",
        "{\"loadbalancer\":{\"name\":\"k8s_service_c_ns_svc\",\"vip_subnet_id\":\"" + subnet
            + "\",\"provider\":\"vlb\",\"description\":\"d\"}}");
    assertThat(elb.operation(create)).contains("ELB.v2.CreateLoadBalancer");
    EmulatorResponse r = elb.handle(create);
    assertThat(r.status()).isEqualTo(201);
    JsonObject lb = json(r).getAsJsonObject("loadbalancer");
    assertThat(lb.get("provisioning_status").getAsString()).isEqualTo("PENDING_CREATE");
    assertThat(lb.get("operating_status").getAsString()).isEqualTo("ONLINE");
    assertThat(lb.get("vip_subnet_id").getAsString()).isEqualTo(subnet);
    assertThat(state.defaultSubnet().contains(lb.get("vip_address").getAsString())).isTrue();
    Port vip = state.port(lb.get("vip_port_id").getAsString()).orElseThrow();
    assertThat(vip.deviceOwner()).isEqualTo("neutron:LOADBALANCERV2");
    assertThat(vip.ipAddress()).isEqualTo(lb.get("vip_address").getAsString());

    clock.advance(DELAY.minusMillis(1));
    assertThat(status(lb.get("id").getAsString())).isEqualTo("PENDING_CREATE");
    clock.advance(Duration.ofMillis(1));
    assertThat(status(lb.get("id").getAsString())).isEqualTo("ACTIVE");
  }

  @Test
  void aMutationWhilePendingIsRefusedAsImmutableAndListenersAreOneStoreForBothVersions() {
    String lb = shared("a");
    HuaweiApiError busy = error(() -> listener(lb, "TCP", 80));
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.code()).isEqualTo("ELB.8907");
    assertThat(busy.getMessage()).contains("PENDING_CREATE", "immutable");
    assertThat(elb.handle(get("/v2/" + project + "/elb/listeners", "loadbalancer_id=" + lb)).bodyText())
        .contains("\"listeners\":[]");

    settle();
    String listener = listener(lb, "TCP", 80);
    assertThat(status(lb)).isEqualTo("PENDING_UPDATE");
    JsonObject v2 = json(elb.handle(get("/v2/" + project + "/elb/listeners/" + listener, "")))
        .getAsJsonObject("listener");
    assertThat(v2.get("protocol_port").getAsInt()).isEqualTo(80);
    assertThat(v2.getAsJsonArray("loadbalancers").get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(lb);
    JsonArray listed = json(elb.handle(get("/v2/" + project + "/elb/listeners", "loadbalancer_id=" + lb)))
        .getAsJsonArray("listeners");
    assertThat(listed).hasSize(1);
    JsonObject shownLb = json(elb.handle(get("/v2/" + project + "/elb/loadbalancers/" + lb, "")))
        .getAsJsonObject("loadbalancer");
    assertThat(shownLb.getAsJsonArray("listeners").get(0).getAsJsonObject().get("id").getAsString())
        .isEqualTo(listener);

    assertThat(error(() -> elb.handle(call("PUT", "/v2/" + project + "/elb/loadbalancers/" + lb, "",
        "{\"loadbalancer\":{\"name\":\"b\"}}"))).status()).isEqualTo(409);
    settle();
    assertThat(elb.handle(call("PUT", "/v2/" + project + "/elb/loadbalancers/" + lb, "",
        "{\"loadbalancer\":{\"name\":\"b\"}}")).status()).isEqualTo(200);
    assertThat(status(lb)).isEqualTo("PENDING_UPDATE");
  }

  @Test
  void deletesAreRefusedWhileChildrenExistAndSucceedInOrder() {
    String lb = shared("a");
    settle();
    String listener = listener(lb, "TCP", 80);
    settle();
    String pool = pool("{\"listener_id\":\"" + listener + "\",\"protocol\":\"TCP\",\"lb_algorithm\":\"ROUND_ROBIN\"}");
    settle();
    String member = member(pool, "192.168.0.20", 30080);
    settle();
    String hm = monitor(pool, "TCP");
    settle();

    assertConflict(() -> delete("/v2/" + project + "/elb/loadbalancers/" + lb), "listeners");
    assertConflict(() -> delete("/v2/" + project + "/elb/listeners/" + listener), "pool");
    assertConflict(() -> delete("/v2/" + project + "/elb/pools/" + pool), "health monitor");
    assertThat(delete("/v2/" + project + "/elb/healthmonitors/" + hm).status()).isEqualTo(204);
    settle();
    assertConflict(() -> delete("/v2/" + project + "/elb/pools/" + pool), "member");
    assertThat(delete("/v2/" + project + "/elb/pools/" + pool + "/members/" + member).status()).isEqualTo(204);
    settle();
    assertThat(delete("/v2/" + project + "/elb/pools/" + pool).status()).isEqualTo(204);
    settle();
    JsonObject l = json(elb.handle(get("/v3/" + project + "/elb/listeners/" + listener, "")))
        .getAsJsonObject("listener");
    assertThat(l.get("default_pool_id").isJsonNull()).isTrue();
    assertThat(delete("/v3/" + project + "/elb/listeners/" + listener).status()).isEqualTo(204);
    settle();
    String port = json(elb.handle(get("/v2/" + project + "/elb/loadbalancers/" + lb, "")))
        .getAsJsonObject("loadbalancer").get("vip_port_id").getAsString();
    assertThat(delete("/v2/" + project + "/elb/loadbalancers/" + lb).status()).isEqualTo(204);
    assertThat(state.port(port)).isEmpty();
    assertThat(error(() -> elb.handle(get("/v2/" + project + "/elb/loadbalancers/" + lb, ""))).status())
        .isEqualTo(404);
  }

  @Test
  void membersNeedASubnetHoldingTheAddressAndAreUniqueByAddressAndPort() {
    String lb = shared("a");
    settle();
    String pool = pool("{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TCP\",\"lb_algorithm\":\"SOURCE_IP\"}");
    settle();
    String path = "/v2/" + project + "/elb/pools/" + pool + "/members";
    HuaweiApiError noSubnet = error(() -> elb.handle(call("POST", path, "",
        "{\"member\":{\"address\":\"192.168.0.20\",\"protocol_port\":80}}")));
    assertThat(noSubnet.status()).isEqualTo(400);
    assertThat(noSubnet.code()).isEqualTo("ELB.8902");
    assertThat(noSubnet.getMessage()).contains("subnet_id");
    assertThat(error(() -> member(pool, "10.9.9.9", 80)).getMessage()).contains("is not in subnet");
    member(pool, "192.168.0.20", 80);
    settle();
    HuaweiApiError dup = error(() -> member(pool, "192.168.0.20", 80));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.code()).isEqualTo("ELB.8907");
    member(pool, "192.168.0.20", 81);
    settle();
    assertThat(json(elb.handle(get(path, "protocol_port=81"))).getAsJsonArray("members")).hasSize(1);
    assertThat(elb.operation(get(path, ""))).contains("ELB.v2.ListMembers");
  }

  @Test
  void aPoolHasOneHealthMonitorOfAMatchingType() {
    String lb = shared("a");
    settle();
    String udp = listener(lb, "UDP", 53);
    settle();
    String pool = pool("{\"listener_id\":\"" + udp + "\",\"protocol\":\"UDP\",\"lb_algorithm\":\"ROUND_ROBIN\"}");
    settle();
    assertThat(error(() -> monitor(pool, "TCP")).getMessage()).contains("UDP_CONNECT");
    String hm = monitor(pool, "UDP_CONNECT");
    settle();
    assertThat(error(() -> monitor(pool, "UDP_CONNECT")).status()).isEqualTo(409);
    JsonObject p = json(elb.handle(get("/v2/" + project + "/elb/pools/" + pool, ""))).getAsJsonObject("pool");
    assertThat(p.get("healthmonitor_id").getAsString()).isEqualTo(hm);
    assertThat(p.getAsJsonArray("listeners").get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(udp);
    assertThat(error(() -> pool("{\"listener_id\":\"" + udp
        + "\",\"protocol\":\"UDP\",\"lb_algorithm\":\"ROUND_ROBIN\"}")).getMessage()).contains("default pool");
  }

  @Test
  void listenerFieldsAreValidatedLikeHuawei() {
    String lb = shared("a");
    settle();
    assertThat(error(() -> listener(lb, "TERMINATED_HTTPS", 443)).getMessage())
        .contains("default_tls_container_ref");
    HuaweiApiError timeout = error(() -> elb.handle(call("POST", "/v3/" + project + "/elb/listeners", "",
        "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TCP\",\"protocol_port\":80,"
            + "\"client_timeout\":60}}")));
    assertThat(timeout.getMessage()).contains("client_timeout");
    assertThat(error(() -> listener(lb, "TCP", 0)).getMessage()).contains("protocol_port");
    assertThat(error(() -> elb.handle(call("POST", "/v3/" + project + "/elb/listeners", "",
        "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"HTTP\",\"protocol_port\":80,"
            + "\"insert_headers\":{\"X-Forwarded-Hosts\":true}}}"))).getMessage()).contains("unknown header");
    JsonObject https = json(elb.handle(call("POST", "/v3/" + project + "/elb/listeners", "",
        "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TERMINATED_HTTPS\",\"protocol_port\":443,"
            + "\"name\":\"svc_TERMINATED_HTTPS_443\",\"default_tls_container_ref\":\"cert-1\","
            + "\"insert_headers\":{\"X-Forwarded-Host\":true},\"keepalive_timeout\":300,\"client_timeout\":60,"
            + "\"member_timeout\":60,\"connection_limit\":100}}"))).getAsJsonObject("listener");
    assertThat(https.getAsJsonObject("insert_headers").get("X-Forwarded-Host").getAsBoolean()).isTrue();
    assertThat(https.get("connection_limit").getAsInt()).isEqualTo(100);
    settle();
    assertThat(error(() -> listener(lb, "HTTP", 443)).getMessage()).contains("already has a listener");
    // UDP and TCP port spaces are apart
    listener(lb, "UDP", 443);
    settle();
    String id = https.get("id").getAsString();
    JsonObject updated = json(elb.handle(call("PUT", "/v3/" + project + "/elb/listeners/" + id, "",
        "{\"listener\":{\"keepalive_timeout\":600,\"insert_headers\":{\"X-Forwarded-Host\":false}}}")))
        .getAsJsonObject("listener");
    assertThat(updated.get("keepalive_timeout").getAsInt()).isEqualTo(600);
    assertThat(updated.get("client_timeout").getAsInt()).isEqualTo(60);
    assertThat(updated.getAsJsonObject("insert_headers").get("X-Forwarded-Host").getAsBoolean()).isFalse();
  }

  @Test
  void theVipSubnetMustBeTheNeutronSubnetId() {
    HuaweiApiError e = error(() -> elb.handle(call("POST", "/v2/" + project + "/elb/loadbalancers", "",
        "{\"loadbalancer\":{\"vip_subnet_id\":\"" + state.defaultSubnet().id() + "\"}}")));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("neutron_subnet_id", subnet);
    HuaweiApiError unknown = error(() -> elb.handle(call("POST", "/v2/" + project + "/elb/loadbalancers", "",
        "{\"loadbalancer\":{\"vip_subnet_id\":\"nope\"}}")));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("ELB.8904");
    assertThat(error(() -> elb.handle(call("POST", "/v2/" + project + "/elb/loadbalancers", "", "{}"))).code())
        .isEqualTo("ELB.8902");
  }

  @Test
  void dedicatedNeedsZonesAndCreatesOrBindsTheEipOnItsVip() {
    String path = "/v3/" + project + "/elb/loadbalancers";
    HuaweiApiError noZones = error(() -> elb.handle(call("POST", path, "",
        "{\"loadbalancer\":{\"name\":\"d\",\"vip_subnet_cidr_id\":\"" + subnet + "\"}}")));
    assertThat(noZones.getMessage()).contains("availability_zone_list");
    assertThat(error(() -> elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\""
        + subnet + "\",\"availability_zone_list\":[\"mars-1a\"]}}"))).getMessage()).contains("cn-north-4a");

    JsonArray flavors = json(elb.handle(get("/v3/" + project + "/elb/flavors", "type=L4&type=L7")))
        .getAsJsonArray("flavors");
    assertThat(flavors).hasSize(6);
    String l4 = flavors.get(0).getAsJsonObject().get("id").getAsString();
    String l7 = flavors.get(3).getAsJsonObject().get("id").getAsString();
    assertThat(error(() -> elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\""
        + subnet + "\",\"availability_zone_list\":[\"cn-north-4a\"],\"l4_flavor_id\":\"" + l7 + "\"}}")))
        .getMessage()).contains("takes an L4 flavor");
    assertThat(error(() -> elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\""
        + subnet + "\",\"availability_zone_list\":[\"cn-north-4a\"],\"l7_flavor_id\":\"f7\"}}"))).status())
        .isEqualTo(404);

    JsonObject lb = json(elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"name\":\"d\","
        + "\"vip_subnet_cidr_id\":\"" + subnet + "\",\"availability_zone_list\":[\"cn-north-4a\"],"
        + "\"l4_flavor_id\":\"" + l4 + "\",\"ip_target_enable\":true,\"publicip\":{\"network_type\":\"5_bgp\","
        + "\"bandwidth\":{\"name\":\"ns_svc\",\"size\":5,\"share_type\":\"PER\",\"charge_mode\":\"traffic\"}}}}")))
        .getAsJsonObject("loadbalancer");
    assertThat(lb.get("guaranteed").getAsBoolean()).isTrue();
    assertThat(lb.get("provisioning_status").getAsString()).isEqualTo("PENDING_CREATE");
    assertThat(lb.get("l4_flavor_id").getAsString()).isEqualTo(l4);
    JsonObject eip = lb.getAsJsonArray("eips").get(0).getAsJsonObject();
    Eip created = state.eips().get(eip.get("eip_id").getAsString()).orElseThrow();
    assertThat(created.portId()).isEqualTo(lb.get("vip_port_id").getAsString());
    assertThat(created.publicIpAddress()).isEqualTo(eip.get("eip_address").getAsString());
    assertThat(state.port(created.portId()).orElseThrow().deviceOwner()).isEqualTo("neutron:LOADBALANCERV3");

    Eip spare = state.eips().create("5_bgp", 5, "PER", "traffic", "spare");
    String bound = json(elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\"" + subnet
        + "\",\"availability_zone_list\":[\"cn-north-4b\"],\"publicip_ids\":[\"" + spare.id() + "\"]}}")))
        .getAsJsonObject("loadbalancer").get("id").getAsString();
    assertThat(spare.portId()).isNotNull();
    settle();
    assertThat(delete(path + "/" + bound).status()).isEqualTo(204);
    assertThat(state.eips().get(spare.id()).orElseThrow().status()).isEqualTo("DOWN");

    int ports = state.ports().size();
    assertThat(error(() -> elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\""
        + subnet + "\",\"availability_zone_list\":[\"cn-north-4a\"],\"publicip\":{\"network_type\":\"9_mars\","
        + "\"bandwidth\":{\"size\":5,\"share_type\":\"PER\",\"charge_mode\":\"traffic\"}}}}"))).status())
        .isEqualTo(400);
    assertThat(state.ports()).hasSize(ports);
  }

  @Test
  void v3ListFiltersAreArraysAndListsPage() {
    shared("a");
    shared("b");
    shared("c");
    String path = "/v3/" + project + "/elb/loadbalancers";
    JsonArray two = json(elb.handle(get(path, "name=a&name=c"))).getAsJsonArray("loadbalancers");
    assertThat(two).extracting(e -> e.getAsJsonObject().get("name").getAsString()).containsExactly("a", "c");
    assertThat(json(elb.handle(get("/v2/" + project + "/elb/loadbalancers", "name=b")))
        .getAsJsonArray("loadbalancers")).hasSize(1);

    EmulatorResponse firstPage = elb.handle(get(path, "limit=2"));
    JsonObject first = json(firstPage);
    assertThat(firstPage.headers()).containsEntry("X-Request-Id", first.get("request_id").getAsString());
    assertThat(first.getAsJsonArray("loadbalancers")).hasSize(2);
    String next = first.getAsJsonObject("page_info").get("next_marker").getAsString();
    JsonObject second = json(elb.handle(get(path, "limit=2&marker=" + next)));
    assertThat(second.getAsJsonArray("loadbalancers")).extracting(e -> e.getAsJsonObject().get("name").getAsString())
        .containsExactly("c");
    assertThat(second.getAsJsonObject("page_info").get("next_marker").isJsonNull()).isTrue();
    assertThat(error(() -> elb.handle(get(path, "limit=0"))).code()).isEqualTo("ELB.8902");
  }

  @Test
  void errorIsForcedOrScheduledAndASuccessfulChangeRecovers() {
    String lb = shared("a");
    settle();
    elb.forceError(lb);
    assertThat(status(lb)).isEqualTo("ERROR");
    // an ERROR load balancer takes changes (that is how the provider repairs it); the change ends ACTIVE
    listener(lb, "TCP", 80);
    assertThat(status(lb)).isEqualTo("PENDING_UPDATE");
    settle();
    assertThat(status(lb)).isEqualTo("ACTIVE");

    elb.failNextProvisioning(1);
    listener(lb, "TCP", 81);
    assertThat(status(lb)).isEqualTo("PENDING_UPDATE");
    settle();
    assertThat(status(lb)).isEqualTo("ERROR");
    elb.clearError(lb);
    assertThat(status(lb)).isEqualTo("ACTIVE");
    assertThatThrownBy(() -> elb.forceError("nope")).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void controlCreatesAnActiveConsoleElbAndListsEveryLoadBalancer() {
    JsonObject made = elb.createForControl(JsonParser.parseString("{\"class\":\"dedicated\",\"name\":\"console\"}")
        .getAsJsonObject());
    String lb = made.get("id").getAsString();
    assertThat(status(lb)).isEqualTo("ACTIVE");
    assertThat(state.defaultSubnet().contains(made.get("vip_address").getAsString())).isTrue();
    assertThatThrownBy(() -> elb.createForControl(JsonParser.parseString("{\"class\":\"classic\"}")
        .getAsJsonObject())).isInstanceOf(IllegalArgumentException.class);

    Server node = state.createServer(InstanceSpec.builder().name("node-1").build());
    String listener = listener(lb, "TCP", 80);
    settle();
    String pool = pool("{\"listener_id\":\"" + listener + "\",\"protocol\":\"TCP\",\"lb_algorithm\":\"ROUND_ROBIN\"}");
    settle();
    member(pool, node.primaryIp(), 30080);
    ControlLoadBalancer view = elb.loadBalancers().get(0);
    assertThat(view.id()).isEqualTo(lb);
    assertThat(view.addresses()).containsExactly(made.get("vip_address").getAsString());
    assertThat(view.listeners()).singleElement().satisfies(l -> {
      assertThat(l.protocol()).isEqualTo("tcp");
      assertThat(l.port()).isEqualTo(80);
      assertThat(l.backendPort()).isEqualTo(30080);
    });
    assertThat(view.backends()).singleElement().satisfies(b -> {
      assertThat(b.instanceId()).isEqualTo(node.id());
      assertThat(b.address()).isEqualTo(node.primaryIp());
    });
    assertThat(view.tags()).containsEntry("class", "dedicated").containsEntry("provisioning_status",
        "PENDING_UPDATE");
  }

  @Test
  void sessionPersistenceFitsThePoolProtocol() {
    String lb = shared("a");
    settle();
    String base = "{\"loadbalancer_id\":\"" + lb + "\",\"lb_algorithm\":\"ROUND_ROBIN\",";
    assertThat(error(() -> pool(base + "\"protocol\":\"TCP\",\"session_persistence\":{\"type\":\"HTTP_COOKIE\"}}"))
        .getMessage()).contains("SOURCE_IP");
    assertThat(error(() -> pool(base + "\"protocol\":\"HTTP\",\"session_persistence\":{\"type\":\"APP_COOKIE\"}}"))
        .getMessage()).contains("cookie_name");
    assertThat(error(() -> pool(base + "\"protocol\":\"TCP\",\"session_persistence\":{\"type\":\"SOURCE_IP\","
        + "\"persistence_timeout\":61}}")).getMessage()).contains("persistence_timeout");
    String pool = pool(base + "\"protocol\":\"HTTP\",\"session_persistence\":{\"type\":\"APP_COOKIE\","
        + "\"cookie_name\":\"sid\"}}");
    settle();
    JsonObject cleared = json(elb.handle(call("PUT", "/v2/" + project + "/elb/pools/" + pool, "",
        "{\"pool\":{\"session_persistence\":null,\"lb_algorithm\":\"LEAST_CONNECTIONS\"}}"))).getAsJsonObject("pool");
    assertThat(cleared.get("session_persistence").isJsonNull()).isTrue();
    assertThat(cleared.get("lb_algorithm").getAsString()).isEqualTo("LEAST_CONNECTIONS");
  }

  @Test
  void crossVpcIsOneWayAndLetsV3MembersGoWithoutASubnet() {
    String path = "/v3/" + project + "/elb/loadbalancers";
    String lb = json(elb.handle(call("POST", path, "", "{\"loadbalancer\":{\"vip_subnet_cidr_id\":\"" + subnet
        + "\",\"availability_zone_list\":[\"cn-north-4a\"]}}"))).getAsJsonObject("loadbalancer").get("id")
        .getAsString();
    settle();
    String pool = pool("{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TCP\",\"lb_algorithm\":\"ROUND_ROBIN\"}");
    settle();
    String members = "/v3/" + project + "/elb/pools/" + pool + "/members";
    String ipMember = "{\"member\":{\"address\":\"10.1.2.3\",\"protocol_port\":8080}}";
    assertThat(error(() -> elb.handle(call("POST", members, "", ipMember))).getMessage()).contains("ip_target_enable");
    elb.handle(call("PUT", path + "/" + lb, "", "{\"loadbalancer\":{\"ip_target_enable\":true}}"));
    settle();
    assertThat(error(() -> elb.handle(call("PUT", path + "/" + lb, "",
        "{\"loadbalancer\":{\"ip_target_enable\":false}}"))).getMessage()).contains("only be turned on");
    JsonObject m = json(elb.handle(call("POST", members, "", ipMember))).getAsJsonObject("member");
    assertThat(m.get("subnet_cidr_id").isJsonNull()).isTrue();
    assertThat(m.get("member_type").getAsString()).isEqualTo("ip");
    settle();
    // the original CCM deletes dedicated members through the v2 API
    assertThat(delete("/v2/" + project + "/elb/pools/" + pool + "/members/" + m.get("id").getAsString()).status())
        .isEqualTo(204);
  }

  @Test
  void operationsNameVersionVerbAndObjectAndUnknownPathsAreNotOurs() {
    assertThat(elb.operation(get("/v3/" + project + "/elb/healthmonitors/x", ""))).contains(
        "ELB.v3.ShowHealthMonitor");
    assertThat(elb.operation(call("PUT", "/v3/" + project + "/elb/pools/p/members/m", "", "{}")))
        .contains("ELB.v3.UpdateMember");
    assertThat(elb.operation(get("/v3/" + project + "/elb/availability-zones", "")))
        .contains("ELB.v3.ListAvailabilityZones");
    assertThat(elb.operation(call("PATCH", "/v2/" + project + "/elb/loadbalancers/x", "", "{}"))).isEmpty();
    assertThat(elb.operation(get("/v2/" + project + "/elb/whitelists", ""))).isEmpty();
    assertThat(elb.operation(get("/v1/" + project + "/cloudservers/detail", ""))).isEmpty();
    assertThat(elb.operation(get("/v2.0/ports", ""))).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private String shared(String name) {
    return json(elb.handle(call("POST", "/v2/" + project + "/elb/loadbalancers", "",
        "{\"loadbalancer\":{\"name\":\"" + name + "\",\"vip_subnet_id\":\"" + subnet + "\"}}")))
        .getAsJsonObject("loadbalancer").get("id").getAsString();
  }

  private String listener(String lb, String protocol, int port) {
    return json(elb.handle(call("POST", "/v3/" + project + "/elb/listeners", "",
        "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"" + protocol + "\",\"protocol_port\":"
            + port + ",\"name\":\"svc_" + protocol + "_" + port + "\"}}")))
        .getAsJsonObject("listener").get("id").getAsString();
  }

  private String pool(String inner) {
    return json(elb.handle(call("POST", "/v2/" + project + "/elb/pools", "", "{\"pool\":" + inner + "}")))
        .getAsJsonObject("pool").get("id").getAsString();
  }

  private String member(String pool, String address, int port) {
    return json(elb.handle(call("POST", "/v2/" + project + "/elb/pools/" + pool + "/members", "",
        "{\"member\":{\"address\":\"" + address + "\",\"protocol_port\":" + port + ",\"subnet_id\":\"" + subnet
            + "\"}}"))).getAsJsonObject("member").get("id").getAsString();
  }

  private String monitor(String pool, String type) {
    return json(elb.handle(call("POST", "/v2/" + project + "/elb/healthmonitors", "",
        "{\"healthmonitor\":{\"pool_id\":\"" + pool + "\",\"type\":\"" + type
            + "\",\"delay\":5,\"timeout\":3,\"max_retries\":3}}"))).getAsJsonObject("healthmonitor").get("id")
        .getAsString();
  }

  private String status(String lb) {
    return json(elb.handle(get("/v3/" + project + "/elb/loadbalancers/" + lb, ""))).getAsJsonObject("loadbalancer")
        .get("provisioning_status").getAsString();
  }

  private void settle() {
    clock.advance(DELAY);
  }

  private EmulatorResponse delete(String path) {
    return elb.handle(call("DELETE", path, "", null));
  }

  private void assertConflict(Runnable r, String mentions) {
    HuaweiApiError e = error(r);
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("ELB.8907");
    assertThat(e.getMessage()).contains(mentions);
  }

  private static HuaweiApiError error(Runnable r) {
    try {
      r.run();
    } catch (HuaweiApiError e) {
      return e;
    }
    throw new AssertionError("expected a HuaweiApiError");
  }

  private static HuaweiCall get(String path, String query) {
    return call("GET", path, query, null);
  }

  private static HuaweiCall call(String method, String path, String query, String body) {
    return new HuaweiCall(EmulatorRequest.of(method, path, query, Map.of("Content-Type", List.of("application/json")),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonObject json(EmulatorResponse r) {
    return JsonParser.parseString(r.bodyText()).getAsJsonObject();
  }
}
