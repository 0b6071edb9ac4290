package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NAT v2 gateway and DNAT routes and the Neutron ports/floating IP views. */
class NatProductTest {
  private HuaweiState state;
  private NatProduct nat;
  private String base;

  @BeforeEach
  void setUp() {
    state = new HuaweiState("cn-north-4", List.of("cn-north-4a"), null, new MutableClock(), 7L, Duration.ZERO);
    nat = new NatProduct(state);
    base = "/v2/" + state.projectId();
  }

  private HuaweiCall call(String method, String path, String query, String body) {
    return new HuaweiCall(EmulatorRequest.of(method, path, query, Map.of("X-Project-Id", List.of(state.projectId())),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonObject handle(String method, String path, String query, String body) {
    HuaweiCall c = call(method, path, query, body);
    assertThat(nat.operation(c)).isPresent();
    EmulatorResponse r = nat.handle(c);
    return r.bodyText().isEmpty() ? new JsonObject() : JsonParser.parseString(r.bodyText()).getAsJsonObject();
  }

  private HuaweiApiError error(String method, String path, String body) {
    try {
      nat.handle(call(method, path, "", body));
    } catch (HuaweiApiError e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  private String fipId() {
    return handle("GET", "/v2.0/floatingips", "floating_ip_address=" + NatProduct.SEEDED_FLOATING_IP, null)
        .getAsJsonArray("floatingips").get(0).getAsJsonObject().get("id").getAsString();
  }

  private String rule(String target, int external, int internal) {
    return "{\"dnat_rule\":{\"nat_gateway_id\":\"" + nat.natGatewayId() + "\"," + target + ",\"floating_ip_id\":\""
        + fipId() + "\",\"external_service_port\":" + external + ",\"internal_service_port\":" + internal
        + ",\"protocol\":\"tcp\",\"description\":\"d\"}}";
  }

  @Test
  void theSeededGatewayIsInTheVpcAndStableForASeed() {
    JsonObject gw = handle("GET", base + "/nat_gateways/" + nat.natGatewayId(), "", null).getAsJsonObject("nat_gateway");
    assertThat(gw.get("router_id").getAsString()).isEqualTo(state.vpcId());
    assertThat(gw.get("status").getAsString()).isEqualTo("ACTIVE");
    HuaweiState again = new HuaweiState("cn-north-4", List.of("cn-north-4a"), null, new MutableClock(), 7L,
        Duration.ZERO);
    assertThat(new NatProduct(again).natGatewayId()).isEqualTo(nat.natGatewayId());
    assertThat(handle("GET", base + "/nat_gateways", "router_id=other", null).getAsJsonArray("nat_gateways")).isEmpty();
  }

  @Test
  void portsAreFoundByFixedIpAndElasticIpsAreFloatingIps() {
    Server s = state.createServer(InstanceSpec.builder().build());
    JsonObject ports = handle("GET", "/v2.0/ports", "fixed_ips=ip_address%3D" + s.primaryIp(), null);
    assertThat(ports.getAsJsonArray("ports")).hasSize(1);
    JsonObject port = ports.getAsJsonArray("ports").get(0).getAsJsonObject();
    assertThat(port.get("device_id").getAsString()).isEqualTo(s.id());
    assertThat(port.getAsJsonArray("fixed_ips").get(0).getAsJsonObject().get("ip_address").getAsString())
        .isEqualTo(s.primaryIp());
    Eip eip = state.eips().create("5_bgp", 1, "PER", "traffic", "b");
    assertThat(handle("GET", "/v2.0/floatingips/" + eip.id(), "", null).getAsJsonObject("floatingip")
        .get("floating_ip_address").getAsString()).isEqualTo(eip.publicIpAddress());
  }

  @Test
  void dnatRulesAreCreatedListedAndDeletedUnderTheirGateway() {
    Server s = state.createServer(InstanceSpec.builder().build());
    String portId = s.ports().get(0).id();
    JsonObject created = handle("POST", base + "/dnat_rules", "", rule("\"port_id\":\"" + portId + "\"", 80, 30080))
        .getAsJsonObject("dnat_rule");
    assertThat(created.get("floating_ip_address").getAsString()).isEqualTo(NatProduct.SEEDED_FLOATING_IP);
    assertThat(created.get("status").getAsString()).isEqualTo("ACTIVE");
    String id = created.get("id").getAsString();

    assertThat(handle("GET", base + "/dnat_rules", "nat_gateway_id=" + nat.natGatewayId(), null)
        .getAsJsonArray("dnat_rules")).hasSize(1);
    assertThat(handle("GET", base + "/dnat_rules", "nat_gateway_id=" + nat.natGatewayId() + "&marker=" + id, null)
        .getAsJsonArray("dnat_rules")).isEmpty();

    HuaweiApiError sameFront = error("POST", base + "/dnat_rules", rule("\"private_ip\":\"10.9.9.9\"", 80, 30081));
    assertThat(sameFront.code()).isEqualTo(NatProduct.RULE_CONFLICT);
    HuaweiApiError sameBack = error("POST", base + "/dnat_rules", rule("\"port_id\":\"" + portId + "\"", 81, 30080));
    assertThat(sameBack.code()).isEqualTo(NatProduct.RULE_CONFLICT);
    HuaweiApiError both = error("POST", base + "/dnat_rules", rule("\"port_id\":\"" + portId
        + "\",\"private_ip\":\"10.9.9.9\"", 82, 30082));
    assertThat(both.code()).isEqualTo(NatProduct.INVALID);

    handle("DELETE", base + "/nat_gateways/" + nat.natGatewayId() + "/dnat_rules/" + id, "", null);
    assertThat(nat.dnatRules()).isEmpty();
    assertThat(error("DELETE", base + "/nat_gateways/" + nat.natGatewayId() + "/dnat_rules/" + id, null).status())
        .isEqualTo(404);
  }
}
