package dev.ccm4j.provider.huawei.dnat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.elb.ElbClass;
import dev.ccm4j.provider.huawei.elb.ElbServiceConfig;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeBuilder;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code dnat} class against the emulated NAT gateway and VPC over real signed HTTP. */
class DnatLoadBalancerIT {
  private static final String CLUSTER_ID = "cluster-a";
  private static final Set<String> WRITES = Set.of("CreateDnatRule", "DeleteDnatRule");
  private static HuaweiEmulator emulator;
  private static List<V1Node> nodes;
  private static List<ControlInstance> instances;

  private HuaweiApi api;
  private HuaweiConfig config;
  private DnatLoadBalancer dnat;
  private String gateway;
  private String floatingIp;

  @BeforeAll
  static void start() {
    emulator = HuaweiEmulator.builder().instances(3).build().start();
    instances = emulator.control().instances();
    nodes = new ArrayList<>();
    for (ControlInstance i : instances) {
      nodes.add(new V1NodeBuilder().withNewMetadata().withName(i.name()).endMetadata()
          .withNewSpec().withProviderID(i.providerId()).endSpec()
          .withNewStatus().addNewAddress().withType("InternalIP").withAddress(i.privateIp()).endAddress().endStatus()
          .build());
    }
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void open() {
    config = HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = HuaweiApi.create(config, Clock.systemUTC(), "ccm4j-it");
    dnat = new DnatLoadBalancer(api, config, CLUSTER_ID);
    gateway = Json.objects(api.get("t", HuaweiService.NAT, "/v2/{project_id}/nat_gateways"), "nat_gateways").get(0)
        .get("id").getAsString();
    floatingIp = Json.objects(api.get("t", HuaweiService.VPC, "/v2.0/floatingips"), "floatingips").get(0)
        .get("floating_ip_address").getAsString();
    for (JsonObject r : rules()) {
      api.delete("t", HuaweiService.NAT, "/v2/{project_id}/nat_gateways/" + gateway + "/dnat_rules/"
          + r.get("id").getAsString());
    }
    emulator.control().clearJournal();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private List<JsonObject> rules() {
    return Json.objects(api.get("t", HuaweiService.NAT, "/v2/{project_id}/dnat_rules",
        Map.of("nat_gateway_id", List.of(gateway))), "dnat_rules");
  }

  private static List<String> writes() {
    return emulator.control().journal().stream().map(JournalEntry::operation).filter(WRITES::contains).toList();
  }

  private V1Service service(String ip, int... portAndNodePort) {
    var spec = new V1ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web")
        .addToAnnotations(DnatLoadBalancer.NAT_GATEWAY_ANNOTATION, gateway).endMetadata()
        .withNewSpec().withType("LoadBalancer").withLoadBalancerIP(ip);
    for (int i = 0; i < portAndNodePort.length; i += 2) {
      spec.addNewPort().withProtocol(i == 0 ? "TCP" : "UDP").withPort(portAndNodePort[i])
          .withNodePort(portAndNodePort[i + 1]).endPort();
    }
    return spec.endSpec().build();
  }

  private ElbServiceConfig cfg() {
    return ElbServiceConfig.builder(ElbClass.DNAT).natGatewayId(Optional.of(gateway)).build();
  }

  private String portOf(ControlInstance i) {
    return Json.objects(api.get("t", HuaweiService.VPC, "/v2.0/ports",
        Map.of("fixed_ips", List.of("ip_address=" + i.privateIp()))), "ports").get(0).get("id").getAsString();
  }

  @Test
  void oneRulePerServicePortToANodesVpcPortMarkedWithTheClusterIdAndIdempotent() {
    V1Service svc = service(floatingIp, 80, 30080, 53, 30053);

    var status = dnat.ensure("ignored", svc, nodes, cfg());

    assertThat(status.getIngress()).extracting(V1LoadBalancerIngress::getIp).containsExactly(floatingIp);
    List<JsonObject> rules = rules();
    assertThat(rules).extracting(r -> r.get("protocol").getAsString() + " " + r.get("external_service_port")
        + "->" + r.get("internal_service_port")).containsExactlyInAnyOrder("tcp 80->30080", "udp 53->30053");
    Set<String> nodePorts = Set.of(portOf(instances.get(0)), portOf(instances.get(1)), portOf(instances.get(2)));
    assertThat(rules).allSatisfy(r -> {
      assertThat(nodePorts).contains(r.get("port_id").getAsString());
      assertThat(r.get("description").getAsString()).isEqualTo(DnatLoadBalancer.description(CLUSTER_ID));
      assertThat(r.get("floating_ip_address").getAsString()).isEqualTo(floatingIp);
    });
    assertThat(dnat.get("ignored", svc, cfg())).contains(status);

    emulator.control().clearJournal();
    dnat.ensure("ignored", svc, nodes, cfg());
    assertThat(writes()).as("a second ensure writes nothing").isEmpty();
  }

  @Test
  void aRuleWhoseNodeLeftMovesToARemainingNodeAndOthersStay() {
    V1Service svc = service(floatingIp, 80, 30080);
    dnat.ensure("ignored", svc, nodes, cfg());
    String target = rules().get(0).get("port_id").getAsString();
    List<V1Node> remaining = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      if (!portOf(instances.get(i)).equals(target)) {
        remaining.add(nodes.get(i));
      }
    }

    emulator.control().clearJournal();
    dnat.update("ignored", svc, remaining, cfg());

    assertThat(writes()).containsExactly("DeleteDnatRule", "CreateDnatRule");
    assertThat(rules()).singleElement().satisfies(r -> assertThat(r.get("port_id").getAsString()).isNotEqualTo(target));

    emulator.control().clearJournal();
    dnat.update("ignored", svc, nodes, cfg());
    assertThat(writes()).as("a node joining keeps a working rule").isEmpty();
  }

  @Test
  void aRemovedServicePortLosesItsRuleAndANewNodePortReplacesIt() {
    dnat.ensure("ignored", service(floatingIp, 80, 30080, 53, 30053), nodes, cfg());
    dnat.ensure("ignored", service(floatingIp, 80, 31080), nodes, cfg());
    assertThat(rules()).extracting(r -> r.get("protocol").getAsString() + " " + r.get("external_service_port")
        + "->" + r.get("internal_service_port")).containsExactly("tcp 80->31080");
  }

  @Test
  void rulesOfOtherClustersAreNeverTouchedAndACollisionIsAnError() {
    JsonObject fip = Json.objects(api.get("t", HuaweiService.VPC, "/v2.0/floatingips",
        Map.of("floating_ip_address", List.of(floatingIp))), "floatingips").get(0);
    JsonObject other = new JsonObject();
    other.addProperty("nat_gateway_id", gateway);
    other.addProperty("private_ip", "192.168.0.200");
    other.addProperty("internal_service_port", 8443);
    other.addProperty("floating_ip_id", fip.get("id").getAsString());
    other.addProperty("external_service_port", 8443);
    other.addProperty("protocol", "tcp");
    other.addProperty("description", DnatLoadBalancer.description("cluster-b"));
    JsonObject body = new JsonObject();
    body.add("dnat_rule", other);
    String otherId = api.post("t", HuaweiService.NAT, "/v2/{project_id}/dnat_rules", body)
        .getAsJsonObject("dnat_rule").get("id").getAsString();

    V1Service svc = service(floatingIp, 80, 30080);
    dnat.ensure("ignored", svc, nodes, cfg());
    dnat.delete("ignored", svc, Optional.of(cfg()));
    assertThat(rules()).extracting(r -> r.get("id").getAsString()).containsExactly(otherId);

    assertThatThrownBy(() -> dnat.ensure("ignored", service(floatingIp, 8443, 30443), nodes, cfg()))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining(otherId)
        .hasMessageContaining("did not create");
    assertThat(rules()).extracting(r -> r.get("id").getAsString()).containsExactly(otherId);
  }

  @Test
  void deleteRemovesOurRulesEvenWithoutParsedSettingsAndIsIdempotent() {
    V1Service svc = service(floatingIp, 80, 30080, 53, 30053);
    dnat.ensure("ignored", svc, nodes, cfg());

    dnat.delete("ignored", svc, Optional.empty());
    assertThat(rules()).isEmpty();
    assertThat(dnat.get("ignored", svc, cfg())).isEmpty();
    emulator.control().clearJournal();
    dnat.delete("ignored", svc, Optional.empty());
    assertThat(writes()).isEmpty();
  }

  @Test
  void aGatewayOutsideTheClustersVpcOrAMissingFloatingIpIsRefusedBeforeAnyRule() {
    String ini = emulator.cloudConfig().replace("id=" + emulator.vpcId(), "id=another-vpc");
    DnatLoadBalancer elsewhere = new DnatLoadBalancer(api, HuaweiConfig.parse(CloudConfig.of(ini), Map.of()),
        CLUSTER_ID);
    assertThatThrownBy(() -> elsewhere.ensure("c", service(floatingIp, 80, 30080), nodes, cfg()))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("another-vpc");
    assertThatThrownBy(() -> dnat.ensure("c", service(null, 80, 30080), nodes, cfg()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("spec.loadBalancerIP");
    assertThatThrownBy(() -> dnat.ensure("c", service("203.0.113.9", 80, 30080), nodes, cfg()))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("203.0.113.9");
    assertThat(writes()).isEmpty();
  }
}
