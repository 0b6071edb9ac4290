package dev.ccm4j.provider.huawei.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.Json;
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
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared ELBs against the emulator over real signed HTTP. Provider and emulator share a {@link MutableClock}; the
 * ACTIVE wait's sleeper moves it, so provisioning windows pass without real waiting.
 */
class SharedElbIT {
  static final String CLUSTER = "it-cluster";
  static final Pattern WRITE = Pattern.compile("(ELB\\.v[23]\\.(Create|Update|Delete).*)|(Create|Update|Delete)Publicip");
  static final MutableClock CLOCK = new MutableClock();
  static HuaweiEmulator emulator;
  static List<V1Node> nodes;
  static int serial;

  HuaweiApi api;
  SharedElb elb;

  @BeforeAll
  static void start() {
    emulator = HuaweiEmulator.builder().instances(3).clock(CLOCK).build().start();
    nodes = nodesOf(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static List<V1Node> nodesOf(HuaweiEmulator e) {
    List<V1Node> out = new ArrayList<>();
    for (ControlInstance i : e.control().instances()) {
      out.add(new V1NodeBuilder().withNewMetadata().withName(i.name()).endMetadata()
          .withNewSpec().withProviderID(i.providerId()).endSpec()
          .withNewStatus().addNewAddress().withType("InternalIP").withAddress(i.privateIp()).endAddress()
          .endStatus().build());
    }
    return out;
  }

  static String ip(V1Node n) {
    return n.getStatus().getAddresses().get(0).getAddress();
  }

  @BeforeEach
  void open() {
    HuaweiConfig config = HuaweiConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = HuaweiApi.create(config, CLOCK, "ccm4j-it");
    elb = new SharedElb(api, new EcsClient(api), config, LoadBalancerConfig::defaults, Optional::empty,
        ActiveWait.standard(CLOCK, CLOCK::advance));
    emulator.control().clearFaults();
    emulator.control().clearJournal();
  }

  @AfterEach
  void close() {
    api.close();
  }

  static V1Service service(String elbClass, int... portAndNodePort) {
    var spec = new V1ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web-" + (++serial))
        .withUid("uid-" + serial).addToAnnotations("kubernetes.io/elb.class", elbClass).endMetadata()
        .withNewSpec().withType("LoadBalancer");
    for (int i = 0; i < portAndNodePort.length; i += 2) {
      spec.addNewPort().withName("p" + i).withProtocol("TCP").withPort(portAndNodePort[i])
          .withNodePort(portAndNodePort[i + 1]).endPort();
    }
    return spec.endSpec().build();
  }

  static ElbServiceConfig.Builder cfg() {
    return ElbServiceConfig.builder(ElbClass.SHARED);
  }

  /** Calls again while the ELB provisions, moving the clock a little each time. */
  static <T> T settle(Supplier<T> call) {
    for (int i = 0; i < 30; i++) {
      try {
        return call.get();
      } catch (RetryAfterException e) {
        CLOCK.advance(Duration.ofSeconds(1));
      }
    }
    throw new AssertionError("the ELB never settled");
  }

  static ControlLoadBalancer lb(String name) {
    return emulator.control().loadBalancers().stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no load balancer " + name));
  }

  static Optional<ControlLoadBalancer> lbById(String id) {
    return emulator.control().loadBalancers().stream().filter(l -> l.id().equals(id)).findFirst();
  }

  static List<String> writes() {
    return emulator.control().journal().stream().map(JournalEntry::operation)
        .filter(o -> WRITE.matcher(o).matches()).toList();
  }

  List<JsonObject> allEips() {
    return Json.objects(api.get("t", HuaweiService.VPC, "/v1/{project_id}/publicips"), "publicips");
  }

  static String name(V1Service svc) {
    return Names.elbName(CLUSTER, Optional.empty(), svc);
  }

  @Test
  void createsListenersPoolsMembersAndMonitorsThenASecondEnsureWritesNothing() {
    V1Service svc = service("shared", 80, 30080, 443, 30443);
    V1LoadBalancerStatus status = settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg().build()));

    ControlLoadBalancer lb = lb(name(svc));
    assertThat(lb.tags()).containsEntry("class", "shared").containsEntry("provisioning_status", "ACTIVE");
    assertThat(lb.listeners()).containsExactlyInAnyOrder(new ControlListener("tcp", 80, 30080),
        new ControlListener("tcp", 443, 30443));
    assertThat(lb.backends()).extracting(ControlBackend::address).hasSize(6)
        .containsAll(nodes.stream().map(SharedElbIT::ip).toList());
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(lb.addresses().get(0));
    assertThat(writes()).contains("ELB.v2.CreateLoadBalancer", "ELB.v3.CreateListener", "ELB.v2.CreatePool",
        "ELB.v2.CreateMember", "ELB.v2.CreateHealthMonitor").doesNotContain("ELB.v2.CreateListener");

    emulator.control().clearJournal();
    assertThat(elb.ensure(CLUSTER, svc, nodes, cfg().build())).isEqualTo(status);
    assertThat(writes()).as("a second ensure writes nothing").isEmpty();
    assertThat(elb.get(CLUSTER, svc, cfg().build())).contains(status);
  }

  @Test
  void nodeChangesOnlyAddAndRemoveMembers() {
    V1Service svc = service("shared", 80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg().build()));
    emulator.control().clearJournal();

    settle(() -> {
      elb.update(CLUSTER, svc, nodes.subList(0, 2), cfg().build());
      return null;
    });
    assertThat(writes()).containsExactly("ELB.v2.DeleteMember");
    assertThat(lb(name(svc)).backends()).extracting(ControlBackend::address)
        .containsExactlyInAnyOrder(ip(nodes.get(0)), ip(nodes.get(1)));

    emulator.control().clearJournal();
    settle(() -> {
      elb.update(CLUSTER, svc, nodes, cfg().build());
      return null;
    });
    assertThat(writes()).containsExactly("ELB.v2.CreateMember");
  }

  @Test
  void anAnnotationChangeUpdatesTheListenerAndPoolInPlace() {
    V1Service svc = service("shared", 80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg().build()));
    emulator.control().clearJournal();

    ElbServiceConfig changed = cfg().lbAlgorithm("LEAST_CONNECTIONS").idleTimeout(OptionalInt.of(300))
        .transparentClientIp(true).build();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, changed));
    assertThat(writes()).containsExactlyInAnyOrder("ELB.v3.UpdateListener", "ELB.v2.UpdatePool");

    emulator.control().clearJournal();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, changed));
    assertThat(writes()).isEmpty();
  }

  @Test
  void tlsForwardedHostUdpSessionAffinityAndHealthChecksAreAcceptedByElb() {
    V1Service tls = service("shared", 443, 30443);
    ElbServiceConfig https = cfg().tlsContainerRef(Optional.of("cert-0001")).requestTimeout(OptionalInt.of(60))
        .responseTimeout(OptionalInt.of(60)).sessionAffinity(Optional.of(new SessionPersistence("HTTP_COOKIE",
            Optional.empty(), OptionalInt.of(60))))
        .healthCheck(Optional.of(new HealthCheck(5, 3, 3, Optional.of("HTTP"), Optional.of("/healthz")))).build();
    settle(() -> elb.ensure(CLUSTER, tls, nodes, https));
    assertThat(lb(name(tls)).listeners()).containsExactly(new ControlListener("https", 443, 30443));

    V1Service web = service("shared", 80, 30080);
    settle(() -> elb.ensure(CLUSTER, web, nodes, cfg().xForwardedHost(true).connectionLimit(OptionalInt.of(100))
        .build()));
    assertThat(lb(name(web)).listeners()).containsExactly(new ControlListener("http", 80, 30080));

    V1Service dns = service("shared", 53, 30053);
    dns.getSpec().getPorts().get(0).setProtocol("UDP");
    ElbServiceConfig udp = cfg().transparentClientIp(true).sessionAffinity(Optional.of(new SessionPersistence(
        "SOURCE_IP", Optional.empty(), OptionalInt.of(10))))
        .healthCheck(Optional.of(new HealthCheck(5, 3, 3, Optional.of("TCP"), Optional.empty()))).build();
    settle(() -> elb.ensure(CLUSTER, dns, nodes, udp));
    assertThat(lb(name(dns)).listeners()).containsExactly(new ControlListener("udp", 53, 30053));

    emulator.control().clearJournal();
    settle(() -> elb.ensure(CLUSTER, tls, nodes, https));
    settle(() -> elb.ensure(CLUSTER, dns, nodes, udp));
    assertThat(writes()).isEmpty();
  }

  @Test
  void aSlowElbEndsTheCallWithRetryAfterWithinTheBudgetAndTheNextCallsFinish() {
    MutableClock clock = new MutableClock();
    try (HuaweiEmulator slow = HuaweiEmulator.builder().instances(1).clock(clock)
        .provisioningDelay(Duration.ofSeconds(30)).build().start()) {
      HuaweiConfig config = HuaweiConfig.parse(CloudConfig.of(slow.cloudConfig()), Map.of());
      try (HuaweiApi slowApi = HuaweiApi.create(config, clock, "ccm4j-it")) {
        SharedElb slowElb = new SharedElb(slowApi, new EcsClient(slowApi), config, LoadBalancerConfig::defaults,
            Optional::empty, ActiveWait.standard(clock, clock::advance));
        V1Service svc = service("shared", 80, 30080);
        List<V1Node> one = nodesOf(slow);
        var start = clock.instant();

        assertThatThrownBy(() -> slowElb.ensure(CLUSTER, svc, one, cfg().build()))
            .isInstanceOf(RetryAfterException.class).hasMessageContaining("PENDING_CREATE");
        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(ActiveWait.CALL_BUDGET);
        assertThat(slow.control().journal().stream().map(JournalEntry::operation)
            .filter(o -> WRITE.matcher(o).matches())).containsExactly("ELB.v2.CreateLoadBalancer");

        V1LoadBalancerStatus status = null;
        for (int i = 0; i < 20 && status == null; i++) {
          clock.advance(Duration.ofSeconds(30));
          try {
            status = slowElb.ensure(CLUSTER, svc, one, cfg().build());
          } catch (RetryAfterException e) {
            // one change per provisioning window: call again
          }
        }
        assertThat(status).isNotNull();
        assertThat(slow.control().loadBalancers()).singleElement()
            .satisfies(l -> assertThat(l.backends()).hasSize(1));
      }
    }
  }

  @Test
  void anElbThatEndsInErrorIsReportedAndTheNextEnsureRecoversIt() {
    V1Service svc = service("shared", 80, 30080);
    settle(() -> elb.ensure(CLUSTER, svc, nodes, cfg().build()));
    emulator.failNextElbProvisioning(1);

    ElbServiceConfig changed = cfg().lbAlgorithm("SOURCE_IP").build();
    assertThatThrownBy(() -> settle(() -> elb.ensure(CLUSTER, svc, nodes, changed)))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("ERROR");
    assertThat(lb(name(svc)).tags()).containsEntry("provisioning_status", "ERROR");

    settle(() -> elb.ensure(CLUSTER, svc, nodes, changed));
    assertThat(lb(name(svc)).tags()).containsEntry("provisioning_status", "ACTIVE");
  }

  @Test
  void anEipThatCannotBeBoundRollsTheNewElbBack() {
    V1Service svc = service("shared", 80, 30080);
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER",
        "traffic", Optional.empty()))).build();
    int eipsBefore = allEips().size();
    emulator.control().addFault(FaultRule.builder().operation("UpdatePublicip")
        .fail(400, "VPC.0301", "bind refused").build());

    assertThatThrownBy(() -> settle(() -> elb.ensure(CLUSTER, svc, nodes, c)))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("bind refused");
    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.name().equals(name(svc)));
    assertThat(allEips()).hasSize(eipsBefore);

    emulator.control().clearFaults();
    V1LoadBalancerStatus status = settle(() -> elb.ensure(CLUSTER, svc, nodes, c));
    ControlLoadBalancer lb = lb(name(svc));
    assertThat(lb.addresses()).hasSize(2);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(lb.addresses().get(1));
  }

  @Test
  void aReusedElbGetsOnlyOurListenersAndIsNeverDeleted() {
    String id = emulator.createLoadBalancer(false, "console-elb");
    JsonObject foreign = new JsonObject();
    foreign.addProperty("loadbalancer_id", id);
    foreign.addProperty("protocol", "TCP");
    foreign.addProperty("protocol_port", 9000);
    foreign.addProperty("name", "someone_else");
    JsonObject body = new JsonObject();
    body.add("listener", foreign);
    api.post("t", HuaweiService.ELB, "/v3/{project_id}/elb/listeners", body);
    CLOCK.advance(Duration.ofSeconds(5));

    V1Service svc = service("shared", 80, 30080);
    svc.getMetadata().getAnnotations().put("kubernetes.io/elb.id", id);
    ElbServiceConfig c = cfg().elbId(Optional.of(id)).build();
    settle(() -> elb.ensure(CLUSTER, svc, nodes, c));
    assertThat(lbById(id).orElseThrow().listeners()).extracting(ControlListener::port)
        .containsExactlyInAnyOrder(9000, 80);

    V1Service clash = service("shared", 9000, 30900);
    assertThatThrownBy(() -> elb.ensure(CLUSTER, clash, nodes, cfg().elbId(Optional.of(id)).build()))
        .hasMessageContaining("9000");

    settle(() -> {
      elb.delete(CLUSTER, svc, Optional.of(c));
      return null;
    });
    assertThat(lbById(id)).isPresent();
    assertThat(lbById(id).orElseThrow().listeners()).extracting(ControlListener::port).containsExactly(9000);
  }

  @Test
  void deleteRemovesEverythingAndTheAutoCreatedEipUnlessKept() {
    EipAutoCreate auto = new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER", "traffic", Optional.empty());
    V1Service gone = service("shared", 80, 30080);
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(auto)).build();
    settle(() -> elb.ensure(CLUSTER, gone, nodes, c));
    String goneAddress = lb(name(gone)).addresses().get(1);
    V1Service kept = service("shared", 80, 30080);
    ElbServiceConfig k = cfg().eipAutoCreate(Optional.of(auto)).keepEip(true).build();
    settle(() -> elb.ensure(CLUSTER, kept, nodes, k));
    String keptAddress = lb(name(kept)).addresses().get(1);

    settle(() -> {
      elb.delete(CLUSTER, gone, Optional.of(c));
      return null;
    });
    settle(() -> {
      elb.delete(CLUSTER, kept, Optional.of(k));
      return null;
    });
    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.name().equals(name(gone))
        || l.name().equals(name(kept)));
    assertThat(allEips()).noneMatch(e -> goneAddress.equals(Json.string(e, "public_ip_address").orElse("")));
    assertThat(allEips()).filteredOn(e -> keptAddress.equals(Json.string(e, "public_ip_address").orElse("")))
        .singleElement().satisfies(e -> assertThat(Json.string(e, "port_id").orElse("")).isEmpty());

    emulator.control().clearJournal();
    elb.delete(CLUSTER, gone, Optional.of(c));
    assertThat(writes()).isEmpty();
  }
}
