package dev.ccm4j.provider.huawei.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.elb.ElbClass;
import dev.ccm4j.provider.huawei.elb.ElbServiceConfig;
import dev.ccm4j.provider.huawei.elb.HealthCheck;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeBuilder;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code elasticity} class against the emulated classic ELB v1.0 over real signed HTTP. Both sides share a
 * {@link MutableClock}, so jobs finish exactly when the test moves the clock past the provisioning delay.
 */
class ClassicElbIT {
  private static final String CLUSTER = "it-cluster";
  private static final Duration DELAY = Duration.ofSeconds(10);
  private static final Set<String> WRITES = Set.of("CreateClassicLoadBalancer", "DeleteClassicLoadBalancer",
      "CreateClassicListener", "UpdateClassicListener", "DeleteClassicListener", "AddClassicMembers",
      "RemoveClassicMembers", "CreateClassicHealthCheck", "UpdateClassicHealthCheck", "DeleteClassicHealthCheck");
  private static final MutableClock CLOCK = new MutableClock();
  private static HuaweiEmulator emulator;
  private static List<V1Node> nodes;

  private HuaweiApi api;
  private ClassicElb elb;
  private static int serial;

  @BeforeAll
  static void start() {
    emulator = HuaweiEmulator.builder().instances(3).clock(CLOCK).provisioningDelay(DELAY).build().start();
    nodes = new ArrayList<>();
    for (ControlInstance i : emulator.control().instances()) {
      nodes.add(node(i.name(), i.providerId(), i.privateIp()));
    }
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void open() {
    HuaweiConfig config = HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = HuaweiApi.create(config, CLOCK, "ccm4j-it");
    // Polls do not wait in real time: the jobs only move when the test moves the shared clock.
    elb = new ClassicElb(ClassicTransport.of(api), config, CLOCK, 2, Duration.ofMillis(1));
    emulator.control().clearJournal();
  }

  @AfterEach
  void close() {
    api.close();
  }

  static V1Node node(String name, String providerId, String ip) {
    return new V1NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withProviderID(providerId).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress().endStatus().build();
  }

  private V1Service service(int... portAndNodePort) {
    var spec = new V1ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web-" + (++serial))
        .withUid("uid-" + serial).endMetadata().withNewSpec().withType("LoadBalancer");
    for (int i = 0; i < portAndNodePort.length; i += 2) {
      spec.addNewPort().withProtocol("TCP").withPort(portAndNodePort[i]).withNodePort(portAndNodePort[i + 1])
          .endPort();
    }
    return spec.endSpec().build();
  }

  private static ElbServiceConfig cfg() {
    return ElbServiceConfig.builder(ElbClass.ELASTICITY).healthCheck(Optional.empty()).build();
  }

  /** Calls until the jobs are done, moving the clock past the delay after each RetryAfterException. */
  private static <T> T settle(Supplier<T> call) {
    for (int i = 0; i < 10; i++) {
      try {
        return call.get();
      } catch (RetryAfterException e) {
        CLOCK.advance(DELAY);
      }
    }
    throw new AssertionError("jobs never settled");
  }

  private static ControlLoadBalancer lb(String name) {
    return emulator.control().loadBalancers().stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no load balancer " + name));
  }

  private static List<String> writes() {
    return emulator.control().journal().stream().map(JournalEntry::operation).filter(WRITES::contains).toList();
  }

  private List<JsonObject> listeners(String lbId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : api.getElement("t", HuaweiService.ELB, "/v1.0/{project_id}/elbaas/listeners",
        Map.of("loadbalancer_id", List.of(lbId))).getAsJsonArray()) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  @Test
  void createsTheLoadBalancerListenersAndMembersWaitingForEachJobWithoutBlocking() {
    V1Service svc = service(80, 30080, 443, 30443);

    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, nodes, cfg()))
        .as("the create job is still running").isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("creating classic ELB");
    CLOCK.advance(DELAY);
    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, nodes, cfg()))
        .as("the member jobs are still running").isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("members");
    CLOCK.advance(DELAY);
    V1LoadBalancerStatus status = elb.ensure(CLUSTER, svc, nodes, cfg());

    String name = ClassicElb.name(CLUSTER, svc, cfg());
    ControlLoadBalancer lb = lb(name);
    assertThat(name).isEqualTo("k8s_service_it-cluster_shop_" + svc.getMetadata().getName());
    assertThat(status.getIngress()).extracting(V1LoadBalancerIngress::getIp).containsExactlyElementsOf(lb.addresses());
    assertThat(lb.listeners()).containsExactlyInAnyOrder(new ControlListener("TCP", 80, 30080),
        new ControlListener("TCP", 443, 30443));
    assertThat(lb.backends()).extracting(ControlBackend::address).hasSize(6)
        .containsAll(nodes.stream().map(n -> n.getStatus().getAddresses().get(0).getAddress()).toList());
    assertThat(elb.get(CLUSTER, svc, cfg())).contains(status);

    emulator.control().clearJournal();
    assertThat(elb.ensure(CLUSTER, svc, nodes, cfg())).isEqualTo(status);
    assertThat(writes()).as("a second ensure writes nothing").isEmpty();
  }

  @Test
  void aNodeChangeRemovesAndAddsOnlyTheDifferenceAndANodePortChangeUpdatesTheListener() {
    V1Service svc = service(80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg()));
    String name = ClassicElb.name(CLUSTER, svc, cfg());

    List<V1Node> two = nodes.subList(0, 2);
    emulator.control().clearJournal();
    settle(() -> {
      elb.update(CLUSTER, svc, two, cfg());
      return null;
    });
    assertThat(lb(name).backends()).extracting(ControlBackend::address)
        .containsExactlyInAnyOrderElementsOf(two.stream().map(n -> n.getStatus().getAddresses().get(0).getAddress())
            .toList());
    assertThat(writes()).containsExactly("RemoveClassicMembers");

    V1Service moved = new V1ServiceBuilder(svc).editSpec().editFirstPort().withNodePort(31080).endPort().endSpec()
        .build();
    emulator.control().clearJournal();
    settle(() -> elb.ensure(CLUSTER, moved, two, cfg()));
    assertThat(lb(name).listeners()).containsExactly(new ControlListener("TCP", 80, 31080));
    assertThat(writes()).containsExactly("UpdateClassicListener");
  }

  @Test
  void aHealthCheckIsCreatedOnTheNodePortAndRemovedWhenTurnedOff() {
    V1Service svc = service(80, 30080);
    ElbServiceConfig on = ElbServiceConfig.builder(ElbClass.ELASTICITY)
        .healthCheck(Optional.of(new HealthCheck(4, 3, 2, Optional.empty(), Optional.empty()))).build();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, on));
    String lbId = lb(ClassicElb.name(CLUSTER, svc, on)).id();
    String hcId = listeners(lbId).get(0).get("healthcheck_id").getAsString();
    JsonObject hc = api.getElement("t", HuaweiService.ELB, "/v1.0/{project_id}/elbaas/healthcheck/" + hcId, Map.of())
        .getAsJsonObject();
    assertThat(hc.get("healthcheck_connect_port").getAsInt()).isEqualTo(30080);
    assertThat(hc.get("healthcheck_interval").getAsInt()).isEqualTo(4);
    assertThat(hc.get("unhealthy_threshold").getAsInt()).isEqualTo(2);

    emulator.control().clearJournal();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, on));
    assertThat(writes()).isEmpty();

    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg()));
    assertThat(listeners(lbId).get(0).get("healthcheck_id").isJsonNull()).isTrue();
  }

  @Test
  void aFailedMemberJobIsAnErrorNamingItsReason() {
    V1Service svc = service(80, 30080);
    List<V1Node> withGhost = new ArrayList<>(nodes);
    withGhost.add(node("ghost", "huaweicloud://0f8a3c1e-7c9d-4a51-9d0e-2b7f4c3a1e99", "192.168.0.250"));
    CloudProviderException failure = null;
    for (int i = 0; i < 5 && failure == null; i++) {
      try {
        elb.ensure(CLUSTER, svc, withGhost, cfg());
      } catch (RetryAfterException e) {
        CLOCK.advance(DELAY);
      } catch (CloudProviderException e) {
        failure = e;
      }
    }
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("failed").contains("ELB.8902").contains("192.168.0.250");

    // Without the ghost the next reconcile adds the real nodes.
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg()));
    assertThat(lb(ClassicElb.name(CLUSTER, svc, cfg())).backends()).hasSize(3);
  }

  @Test
  void deleteEmptiesTheListenersThenDeletesTheLoadBalancerAndIsIdempotent() {
    V1Service svc = service(80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg()));
    String name = ClassicElb.name(CLUSTER, svc, cfg());

    assertThatThrownBy(() -> elb.delete(CLUSTER, svc, Optional.of(cfg())))
        .as("the member removal job runs").isInstanceOf(RetryAfterException.class);
    CLOCK.advance(DELAY);
    elb.delete(CLUSTER, svc, Optional.empty());

    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.name().equals(name));
    assertThat(elb.get(CLUSTER, svc, cfg())).isEmpty();
    emulator.control().clearJournal();
    elb.delete(CLUSTER, svc, Optional.empty());
    assertThat(writes()).isEmpty();
  }

  @Test
  void aPortTakenByAnotherProtocolsListenerIsElb6101AndNamedInTheError() {
    V1Service svc = service(80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg()));
    String lbId = lb(ClassicElb.name(CLUSTER, svc, cfg())).id();
    JsonObject http = ClassicElb.listenerBody(lbId, "by_hand", "HTTP", 8080, 30999, "roundrobin");
    api.postElement("t", HuaweiService.ELB, "/v1.0/{project_id}/elbaas/listeners", http);

    V1Service more = new V1ServiceBuilder(svc).editSpec().addNewPort().withProtocol("TCP").withPort(8080)
        .withNodePort(30880).endPort().endSpec().build();
    assertThatThrownBy(() -> settle(() -> elb.ensure(CLUSTER, more, nodes, cfg())))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("port 8080 is taken");
  }

  @Test
  void deleteWithoutParsedSettingsFindsABusinessNamedLoadBalancerByItsDescription() {
    V1Service svc = service(80, 30080);
    ElbServiceConfig business = ElbServiceConfig.builder(ElbClass.ELASTICITY).healthCheck(Optional.empty())
        .businessName(Optional.of("shopfront")).build();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, business));
    String name = ClassicElb.name(CLUSTER, svc, business);
    assertThat(name).startsWith("k8s_service_shopfront_");

    settle(() -> {
      elb.delete(CLUSTER, svc, Optional.empty());
      return null;
    });
    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.name().equals(name));
  }

  @Test
  void updateOfAServiceWithoutItsLoadBalancerIsAnErrorAndCreatesNothing() {
    V1Service svc = service(80, 30080);
    assertThatThrownBy(() -> elb.update(CLUSTER, svc, nodes, cfg())).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("does not exist");
    assertThat(writes()).isEmpty();
  }
}
