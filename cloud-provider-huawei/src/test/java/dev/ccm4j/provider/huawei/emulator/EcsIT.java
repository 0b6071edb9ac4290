package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.testkit.time.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ECS and its Nova security-group calls as the Huawei provider uses them, in ECS's JSON shapes. */
class EcsIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator cloud;
  private SignedWire wire;
  private List<ControlInstance> seeded;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(3).build().start();
    wire = new SignedWire(cloud, clock);
    seeded = cloud.control().instances();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String servers() {
    return wire.p("v1") + "/cloudservers";
  }

  @Test
  void showServerHasTheFieldsTheProviderReads() {
    ControlInstance first = seeded.get(0);
    SignedWire.Answer a = wire.get(servers() + "/" + first.id());
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonObject s = a.object().getAsJsonObject("server");
    assertThat(s.get("id").getAsString()).isEqualTo(first.id());
    assertThat(s.get("name").getAsString()).isEqualTo("ccm4j-node-1");
    assertThat(s.get("status").getAsString()).isEqualTo("ACTIVE");
    assertThat(s.getAsJsonObject("flavor").get("name").getAsString()).isEqualTo("s6.large.2");
    assertThat(s.getAsJsonObject("flavor").get("id").getAsString()).isEqualTo("s6.large.2");
    assertThat(s.get("OS-EXT-AZ:availability_zone").getAsString()).isEqualTo("cn-north-4a");
    assertThat(s.get("accessIPv4").getAsString()).isEmpty();
    JsonObject addresses = s.getAsJsonObject("addresses");
    assertThat(addresses.keySet()).containsExactly(cloud.vpcId());
    JsonObject fixed = addresses.getAsJsonArray(cloud.vpcId()).get(0).getAsJsonObject();
    assertThat(fixed.get("addr").getAsString()).isEqualTo(first.privateIp()).startsWith("192.168.0.");
    assertThat(fixed.get("OS-EXT-IPS:type").getAsString()).isEqualTo("fixed");
    assertThat(fixed.get("version").getAsString()).isEqualTo("4");
    assertThat(s.getAsJsonArray("security_groups").get(0).getAsJsonObject().get("name").getAsString())
        .isEqualTo("default");
    // instances are spread over the zones, each in its zone's subnet
    assertThat(seeded.get(1).zone()).isEqualTo("cn-north-4b");
    assertThat(seeded.get(1).privateIp()).startsWith("192.168.1.");
  }

  @Test
  void anUnknownServerIsAn404InEcsShape() {
    SignedWire.Answer a = wire.get(servers() + "/6b8b1a08-0000-4000-8000-000000000000");
    assertThat(a.status()).isEqualTo(404);
    JsonObject error = a.object().getAsJsonObject("error");
    assertThat(error.get("code").getAsString()).isEqualTo("Ecs.0114");
    assertThat(error.get("message").getAsString()).contains("6b8b1a08-0000-4000-8000-000000000000");
    assertThat(a.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void listFiltersByExactIpAndNameRegex() {
    ControlInstance second = seeded.get(1);
    JsonObject byIp = wire.get(servers() + "/detail?ip_eq=" + second.privateIp()).object();
    assertThat(byIp.get("count").getAsInt()).isEqualTo(1);
    assertThat(ids(byIp)).containsExactly(second.id());
    // ip_eq is exact: a prefix of an address matches nothing, while ip is fuzzy
    String prefix = second.privateIp().substring(0, second.privateIp().length() - 1);
    assertThat(wire.get(servers() + "/detail?ip_eq=" + prefix).object().get("count").getAsInt()).isZero();
    assertThat(wire.get(servers() + "/detail?ip=" + prefix).object().get("count").getAsInt()).isPositive();

    JsonObject fuzzy = wire.get(servers() + "/detail?name=ccm4j-node").object();
    assertThat(fuzzy.get("count").getAsInt()).isEqualTo(3);
    JsonObject exact = wire.get(servers() + "/detail?name=" + enc("^ccm4j-node-2$")).object();
    assertThat(ids(exact)).containsExactly(second.id());
    assertThat(wire.get(servers() + "/detail?name=" + enc("^nobody$")).object().getAsJsonArray("servers"))
        .isEmpty();
  }

  @Test
  void limitAndOffsetPageByPageNumber() {
    cloud.control().createInstance(InstanceSpec.builder().name("extra").build());
    List<String> all = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      JsonObject o = wire.get(servers() + "/detail?limit=2&offset=" + page).object();
      assertThat(o.get("count").getAsInt()).isEqualTo(4);
      all.addAll(ids(o));
    }
    assertThat(all).hasSize(4).doesNotHaveDuplicates();
    // offset 0 is the first page, as Huawei documents
    assertThat(ids(wire.get(servers() + "/detail?limit=2&offset=0").object())).isEqualTo(all.subList(0, 2));
    SignedWire.Answer bad = wire.get(servers() + "/detail?limit=0");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.object().getAsJsonObject("error").get("code").getAsString()).isEqualTo("Ecs.0005");
  }

  @Test
  void interfacesNameTheSubnetOfEachFixedIp() {
    ControlInstance first = seeded.get(0);
    SignedWire.Answer a = wire.get(servers() + "/" + first.id() + "/os-interface");
    assertThat(a.status()).isEqualTo(200);
    JsonArray list = a.object().getAsJsonArray("interfaceAttachments");
    assertThat(list).hasSize(1);
    JsonObject nic = list.get(0).getAsJsonObject();
    assertThat(nic.get("port_state").getAsString()).isEqualTo("ACTIVE");
    JsonObject ip = nic.getAsJsonArray("fixed_ips").get(0).getAsJsonObject();
    assertThat(ip.get("ip_address").getAsString()).isEqualTo(first.privateIp());
    assertThat(ip.get("subnet_id").getAsString()).isEqualTo(cloud.subnetId());
    assertThat(nic.get("port_id").getAsString()).isNotBlank();
  }

  @Test
  void stoppedServersAreShutoff() {
    ControlInstance first = seeded.get(0);
    cloud.control().stopInstance(first.id());
    assertThat(server(first.id()).get("status").getAsString()).isEqualTo("SHUTOFF");
    assertThat(wire.get(servers() + "/detail?status=SHUTOFF").object().get("count").getAsInt()).isEqualTo(1);
    cloud.control().startInstance(first.id());
    assertThat(server(first.id()).get("status").getAsString()).isEqualTo("ACTIVE");
  }

  @Test
  void novaSecurityGroupActions() {
    String id = seeded.get(0).id();
    String action = wire.p("v2.1") + "/servers/" + id + "/action";
    SignedWire.Answer add = wire.post(action, sgAction("addSecurityGroup", cloud.nodeSecurityGroupId()));
    assertThat(add.status()).as(add.body()).isEqualTo(202);
    assertThat(cloud.securityGroupsOf(id)).contains(cloud.nodeSecurityGroupId());
    JsonArray groups = wire.get(wire.p("v2.1") + "/servers/" + id + "/os-security-groups").object()
        .getAsJsonArray("security_groups");
    assertThat(names(groups)).containsExactly("default", "ccm4j-nodes");
    assertThat(names(server(id).getAsJsonArray("security_groups"))).containsExactly("default", "ccm4j-nodes");

    SignedWire.Answer again = wire.post(action, sgAction("addSecurityGroup", "ccm4j-nodes"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.object().getAsJsonObject("badRequest").get("message").getAsString())
        .contains("already associated");

    assertThat(wire.post(action, sgAction("removeSecurityGroup", "ccm4j-nodes")).status()).isEqualTo(202);
    SignedWire.Answer notThere = wire.post(action, sgAction("removeSecurityGroup", "ccm4j-nodes"));
    assertThat(notThere.status()).isEqualTo(400);
    assertThat(notThere.object().getAsJsonObject("badRequest").get("message").getAsString())
        .contains("not associated with the instance");

    SignedWire.Answer unknown = wire.post(action, sgAction("addSecurityGroup", "no-such-group"));
    assertThat(unknown.status()).isEqualTo(404);
    JsonObject nf = unknown.object().getAsJsonObject("itemNotFound");
    assertThat(nf.get("code").getAsInt()).isEqualTo(404);
    assertThat(nf.get("message").getAsString()).contains("is not found for project");

    SignedWire.Answer noServer = wire.post(wire.p("v2.1") + "/servers/00000000-0000-4000-8000-000000000000/action",
        sgAction("addSecurityGroup", "default"));
    assertThat(noServer.status()).isEqualTo(404);
    assertThat(cloud.server().journal().entries().stream().map(e -> e.operation()))
        .contains("NovaAssociateSecurityGroup", "NovaDisassociateSecurityGroup", "NovaListServerSecurityGroups");
  }

  private JsonObject server(String id) {
    return wire.get(servers() + "/" + id).object().getAsJsonObject("server");
  }

  private static JsonObject sgAction(String action, String name) {
    JsonObject inner = new JsonObject();
    inner.addProperty("name", name);
    JsonObject o = new JsonObject();
    o.add(action, inner);
    return o;
  }

  private static List<String> ids(JsonObject list) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : list.getAsJsonArray("servers")) {
      out.add(e.getAsJsonObject().get("id").getAsString());
    }
    return out;
  }

  private static List<String> names(JsonArray groups) {
    List<String> out = new ArrayList<>();
    groups.forEach(e -> out.add(e.getAsJsonObject().get("name").getAsString()));
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
