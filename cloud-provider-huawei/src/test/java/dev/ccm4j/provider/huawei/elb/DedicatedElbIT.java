package dev.ccm4j.provider.huawei.elb;

import static dev.ccm4j.provider.huawei.elb.SharedElbIT.CLOCK;
import static dev.ccm4j.provider.huawei.elb.SharedElbIT.CLUSTER;
import static dev.ccm4j.provider.huawei.elb.SharedElbIT.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dedicated ELBs (everything v3) against the emulator over real signed HTTP. */
class DedicatedElbIT {
  private static HuaweiEmulator emulator;
  private static List<V1Node> nodes;

  private HuaweiApi api;
  private DedicatedElb elb;

  @BeforeAll
  static void start() {
    emulator = HuaweiEmulator.builder().instances(2).clock(CLOCK).build().start();
    nodes = SharedElbIT.nodesOf(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void open() {
    HuaweiConfig config = HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = HuaweiApi.create(config, CLOCK, "ccm4j-it");
    elb = new DedicatedElb(api, new EcsClient(api), config, LoadBalancerConfig::defaults, Optional::empty,
        ActiveWait.standard(CLOCK, CLOCK::advance));
    emulator.control().clearJournal();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private ElbServiceConfig.Builder cfg() {
    return ElbServiceConfig.builder(ElbClass.DEDICATED).availabilityZones(emulator.availabilityZones());
  }

  private List<String> writes() {
    return emulator.control().journal().stream().map(JournalEntry::operation)
        .filter(o -> SharedElbIT.WRITE.matcher(o).matches()).toList();
  }

  private ControlLoadBalancer lb(V1Service svc) {
    String name = Names.elbName(CLUSTER, Optional.empty(), svc);
    return emulator.control().loadBalancers().stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no load balancer " + name));
  }

  @Test
  void createsWithAnEipThroughV3IdempotentlyAndDeletesIt() {
    V1Service svc = SharedElbIT.service("dedicated", 80, 30080);
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER",
        "traffic", Optional.empty()))).build();

    V1LoadBalancerStatus status = settle(() -> elb.ensure(CLUSTER, svc, nodes, c));
    ControlLoadBalancer lb = lb(svc);
    assertThat(lb.tags()).containsEntry("class", "dedicated");
    assertThat(lb.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
    assertThat(lb.backends()).extracting(ControlBackend::address).hasSize(2);
    assertThat(lb.addresses()).hasSize(2);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(lb.addresses().get(1));
    assertThat(writes()).allMatch(w -> w.startsWith("ELB.v3."));

    emulator.control().clearJournal();
    assertThat(elb.ensure(CLUSTER, svc, nodes, c)).isEqualTo(status);
    assertThat(writes()).isEmpty();

    emulator.control().clearJournal();
    settle(() -> {
      elb.update(CLUSTER, svc, nodes.subList(0, 1), c);
      return null;
    });
    assertThat(writes()).containsExactly("ELB.v3.DeleteMember");

    settle(() -> {
      elb.delete(CLUSTER, svc, Optional.of(c));
      return null;
    });
    String name = Names.elbName(CLUSTER, Optional.empty(), svc);
    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.name().equals(name));
    String eipAddress = status.getIngress().get(0).getIp();
    assertThat(Json.objects(api.get("t", HuaweiService.VPC, "/v1/{project_id}/publicips"), "publicips"))
        .as("the EIP created with the ELB is deleted with it")
        .noneMatch(e -> eipAddress.equals(Json.string(e, "public_ip_address").orElse("")));
  }

  @Test
  void aReusedDedicatedElbKeepsItsOtherListeners() {
    String id = emulator.createLoadBalancer(true, "console-dedicated");
    V1Service svc = SharedElbIT.service("dedicated", 8080, 30808);
    svc.getMetadata().getAnnotations().put("kubernetes.io/elb.id", id);
    ElbServiceConfig c = cfg().elbId(Optional.of(id)).build();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, c));
    settle(() -> {
      elb.delete(CLUSTER, svc, Optional.of(c));
      return null;
    });
    assertThat(emulator.control().loadBalancers()).anyMatch(l -> l.id().equals(id) && l.listeners().isEmpty());
  }
}
