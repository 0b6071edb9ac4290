package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.testkit.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EIP v1 {@code publicips} and the VPC v1 reads: create, list by port, bind, unbind, delete; subnets. */
class EipIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator cloud;
  private SignedWire wire;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(1).build().start();
    wire = new SignedWire(cloud, clock);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String eips() {
    return wire.p("v1") + "/publicips";
  }

  @Test
  void createBindUnbindDelete() {
    JsonObject created = create("5_bgp", 5, "PER");
    String id = created.get("id").getAsString();
    assertThat(created.get("status").getAsString()).isEqualTo("DOWN");
    assertThat(created.get("public_ip_address").getAsString()).startsWith("121.36.");
    assertThat(created.has("port_id")).isFalse();

    String serverId = cloud.control().instances().get(0).id();
    String portId = wire.get(wire.p("v1") + "/cloudservers/" + serverId + "/os-interface").object()
        .getAsJsonArray("interfaceAttachments").get(0).getAsJsonObject().get("port_id").getAsString();
    assertThat(byPort(portId)).isEmpty();

    SignedWire.Answer bound = wire.put(eips() + "/" + id, portBody(portId));
    assertThat(bound.status()).as(bound.body()).isEqualTo(200);
    JsonObject b = bound.object().getAsJsonObject("publicip");
    assertThat(b.get("port_id").getAsString()).isEqualTo(portId);
    assertThat(b.get("status").getAsString()).isEqualTo("ACTIVE");
    assertThat(b.get("private_ip_address").getAsString()).isEqualTo(cloud.control().instances().get(0).privateIp());
    JsonArray found = byPort(portId);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(id);
    // the server shows the EIP as a floating address on that NIC
    JsonArray addresses = wire.get(wire.p("v1") + "/cloudservers/" + serverId).object().getAsJsonObject("server")
        .getAsJsonObject("addresses").getAsJsonArray(cloud.vpcId());
    assertThat(addresses).hasSize(2);
    assertThat(addresses.get(1).getAsJsonObject().get("OS-EXT-IPS:type").getAsString()).isEqualTo("floating");

    SignedWire.Answer stillBound = wire.delete(eips() + "/" + id);
    assertThat(stillBound.status()).isEqualTo(409);

    SignedWire.Answer unbound = wire.put(eips() + "/" + id, portBody(""));
    assertThat(unbound.object().getAsJsonObject("publicip").get("status").getAsString()).isEqualTo("DOWN");
    assertThat(byPort(portId)).isEmpty();

    assertThat(wire.delete(eips() + "/" + id).status()).isEqualTo(204);
    SignedWire.Answer gone = wire.get(eips() + "/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.object().get("error_code").getAsString()).isEqualTo("VPC.1802");
  }

  @Test
  void unbindingWithoutAPortIdWorksToo() {
    String id = create("5_bgp", 1, "PER").get("id").getAsString();
    String serverId = cloud.control().instances().get(0).id();
    String portId = cloud.state().server(serverId).orElseThrow().ports().get(0).id();
    assertThat(wire.put(eips() + "/" + id, portBody(portId)).status()).isEqualTo(200);
    JsonObject empty = new JsonObject();
    empty.add("publicip", new JsonObject());
    assertThat(wire.put(eips() + "/" + id, empty).object().getAsJsonObject("publicip").has("port_id")).isFalse();
  }

  @Test
  void badRequestsAndUnknownPorts() {
    SignedWire.Answer badType = wire.post(eips(), createBody("9_gold", 5, "PER"));
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.object().get("error_msg").getAsString()).contains("5_bgp");
    assertThat(wire.post(eips(), createBody("5_bgp", 0, "PER")).status()).isEqualTo(400);
    // a shared bandwidth needs its id
    assertThat(wire.post(eips(), createBody("5_bgp", 5, "WHOLE")).status()).isEqualTo(400);
    String id = create("5_bgp", 5, "PER").get("id").getAsString();
    SignedWire.Answer noPort = wire.put(eips() + "/" + id, portBody("00000000-0000-4000-8000-000000000000"));
    assertThat(noPort.status()).isEqualTo(404);
  }

  @Test
  void anEipOnADeletedPortIsUnboundWithIt() {
    String id = create("5_bgp", 5, "PER").get("id").getAsString();
    Port vip = cloud.state().createPort(cloud.subnetId(), "neutron:LOADBALANCERV2");
    cloud.state().eips().bind(id, vip.id());
    assertThat(cloud.eipPort(id)).contains(vip.id());
    cloud.state().deletePort(vip.id());
    assertThat(cloud.eipPort(id)).isEmpty();
  }

  @Test
  void theControlApiAllocatesEips() {
    JsonObject made = cloud.control().post("/_ccm4j/eips", JsonParser.parseString("{\"size\":10}"))
        .getAsJsonObject();
    String id = made.get("id").getAsString();
    assertThat(made.get("status").getAsString()).isEqualTo("DOWN");
    JsonObject shown = wire.get(eips() + "/" + id).object().getAsJsonObject("publicip");
    assertThat(shown.get("bandwidth_size").getAsInt()).isEqualTo(10);
    assertThat(shown.get("public_ip_address").getAsString()).isEqualTo(made.get("public_ip_address").getAsString());
    assertThat(cloud.control().get("/_ccm4j/eips").getAsJsonArray()).hasSize(1);
    assertThat(cloud.createEip()).isNotEqualTo(id);
  }

  @Test
  void subnetsAndTheVpc() {
    SignedWire.Answer a = wire.get(wire.p("v1") + "/subnets?vpc_id=" + cloud.vpcId());
    assertThat(a.status()).isEqualTo(200);
    JsonArray subnets = a.object().getAsJsonArray("subnets");
    assertThat(subnets).hasSize(2);
    JsonObject first = subnets.get(0).getAsJsonObject();
    assertThat(first.get("neutron_subnet_id").getAsString()).isEqualTo(cloud.subnetId());
    assertThat(first.get("cidr").getAsString()).isEqualTo("192.168.0.0/24");
    assertThat(first.get("gateway_ip").getAsString()).isEqualTo("192.168.0.1");
    assertThat(first.get("vpc_id").getAsString()).isEqualTo(cloud.vpcId());
    assertThat(first.get("availability_zone").getAsString()).isEqualTo("cn-north-4a");
    assertThat(wire.get(wire.p("v1") + "/subnets?vpc_id=other").object().getAsJsonArray("subnets")).isEmpty();
    String id = first.get("id").getAsString();
    assertThat(wire.get(wire.p("v1") + "/subnets/" + id).object().getAsJsonObject("subnet").get("id")
        .getAsString()).isEqualTo(id);
    assertThat(wire.get(wire.p("v1") + "/vpcs/" + cloud.vpcId()).object().getAsJsonObject("vpc").get("cidr")
        .getAsString()).isEqualTo("192.168.0.0/16");
  }

  private JsonArray byPort(String portId) {
    return wire.get(eips() + "?port_id=" + portId).object().getAsJsonArray("publicips");
  }

  private JsonObject create(String type, int size, String shareType) {
    SignedWire.Answer a = wire.post(eips(), createBody(type, size, shareType));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.object().getAsJsonObject("publicip");
  }

  private static JsonObject createBody(String type, int size, String shareType) {
    JsonObject publicip = new JsonObject();
    publicip.addProperty("type", type);
    JsonObject bandwidth = new JsonObject();
    bandwidth.addProperty("name", "default_web");
    bandwidth.addProperty("size", size);
    bandwidth.addProperty("share_type", shareType);
    bandwidth.addProperty("charge_mode", "traffic");
    JsonObject o = new JsonObject();
    o.add("publicip", publicip);
    o.add("bandwidth", bandwidth);
    return o;
  }

  private static JsonObject portBody(String portId) {
    JsonObject inner = new JsonObject();
    inner.addProperty("port_id", portId);
    JsonObject o = new JsonObject();
    o.add("publicip", inner);
    return o;
  }
}
