package dev.ccm4j.provider.huawei.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SharedElbTest {
  static final String CLUSTER = "kubernetes";

  private final FakeElb cloud = new FakeElb();
  private final MutableClock clock = new MutableClock();
  private final AtomicInteger sleeps = new AtomicInteger();
  private MockWebServer server;
  private HuaweiApi api;
  private SharedElb elb;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(cloud);
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    api = FakeElb.api(server);
    ApiClient kube = new ApiClient().setBasePath(server.url("/").toString().replaceAll("/$", ""));
    ActiveWait waiter = ActiveWait.standard(clock, d -> {
      sleeps.incrementAndGet();
      clock.advance(d);
    });
    elb = new SharedElb(api, new EcsClient(api), FakeElb.config(server), LoadBalancerConfig::defaults,
        () -> Optional.of(kube), waiter);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  static V1Service service(String name, int... ports) {
    List<V1ServicePort> list = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      list.add(new V1ServicePort().name("p" + i).protocol("TCP").port(ports[i]).nodePort(30000 + i));
    }
    return new V1Service().metadata(new V1ObjectMeta().name(name).namespace("ns").uid("uid-" + name)
        .annotations(new HashMap<>(Map.of("kubernetes.io/elb.class", "shared"))))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(list));
  }

  static V1Node node(String name, String ip) {
    return new V1Node().metadata(new V1ObjectMeta().name(name))
        .spec(new V1NodeSpec().providerID("huaweicloud://srv" + ip.replace('.', '-')))
        .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("InternalIP").address(ip))));
  }

  static ElbServiceConfig.Builder cfg() {
    return ElbServiceConfig.builder(ElbClass.SHARED);
  }

  private JsonObject onlyLb() {
    assertThat(cloud.lbs).hasSize(1);
    return cloud.lbs.values().iterator().next();
  }

  @Test
  void createsTheElbWithTheOriginalsNamesAndIsIdempotent() {
    V1Service svc = service("web", 80, 443);
    List<V1Node> nodes = List.of(node("n1", "10.0.0.1"), node("n2", "10.0.0.2"));
    ElbServiceConfig c = cfg().build();

    V1LoadBalancerStatus status = elb.ensure(CLUSTER, svc, nodes, c);

    JsonObject lb = onlyLb();
    assertThat(Json.string(lb, "name")).contains("k8s_service_kubernetes_ns_web");
    assertThat(Json.string(lb, "vip_subnet_id")).contains(FakeElb.SUBNET);
    assertThat(Json.string(lb, "provider")).contains("vlb");
    assertThat(status.getIngress()).singleElement().satisfies(i -> assertThat(i.getIp())
        .isEqualTo(Json.string(lb, "vip_address").orElseThrow()));
    assertThat(cloud.listeners.values()).extracting(l -> Json.string(l, "name").orElse(""))
        .containsExactlyInAnyOrder("web_TCP_80", "web_TCP_443");
    assertThat(cloud.pools.values()).extracting(p -> Json.string(p, "name").orElse(""))
        .containsExactlyInAnyOrder("sg_web_TCP_80", "sg_web_TCP_443");
    assertThat(cloud.monitors).hasSize(2);
    assertThat(cloud.members.values()).hasSize(4).allSatisfy(m ->
        assertThat(Json.string(m, "subnet_id")).contains(FakeElb.NODE_SUBNET));
    assertThat(cloud.members.values()).extracting(m -> Json.string(m, "address").orElse("") + ":"
        + Json.number(m, "protocol_port").orElse(0L))
        .containsExactlyInAnyOrder("10.0.0.1:30000", "10.0.0.2:30000", "10.0.0.1:30001", "10.0.0.2:30001");
    // listeners are written through v3, the rest through v2
    assertThat(cloud.writes()).filteredOn(w -> w.contains("/listeners")).allMatch(w -> w.startsWith("POST /v3/"));
    assertThat(cloud.writes()).filteredOn(w -> w.contains("/pools")).allMatch(w -> w.contains("/v2/"));

    cloud.writes.clear();
    V1LoadBalancerStatus again = elb.ensure(CLUSTER, svc, nodes, c);
    assertThat(cloud.writes()).isEmpty();
    assertThat(again).isEqualTo(status);
    assertThat(elb.get(CLUSTER, svc, c)).contains(status);
  }

  @Test
  void nodeChangesOnlyTouchMembers() {
    V1Service svc = service("web", 80);
    ElbServiceConfig c = cfg().build();
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1"), node("n2", "10.0.0.2")), c);
    cloud.writes.clear();

    elb.update(CLUSTER, svc, List.of(node("n2", "10.0.0.2"), node("n3", "10.0.0.3")), c);

    assertThat(cloud.writes()).hasSize(2).allMatch(w -> w.contains("/members"));
    assertThat(cloud.members.values()).extracting(m -> Json.string(m, "address").orElse(""))
        .containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");
  }

  @Test
  void annotationChangesUpdateListenerAndPoolInPlace() {
    V1Service svc = service("web", 80);
    List<V1Node> nodes = List.of(node("n1", "10.0.0.1"));
    elb.ensure(CLUSTER, svc, nodes, cfg().build());
    cloud.writes.clear();

    ElbServiceConfig changed = cfg().lbAlgorithm("LEAST_CONNECTIONS").idleTimeout(OptionalInt.of(120))
        .transparentClientIp(true).connectionLimit(OptionalInt.of(1000))
        .sessionAffinity(Optional.of(new SessionPersistence("SOURCE_IP", Optional.empty(), OptionalInt.of(30))))
        .healthCheck(Optional.empty()).build();
    elb.ensure(CLUSTER, svc, nodes, changed);

    assertThat(cloud.writes()).hasSize(3);
    assertThat(cloud.writes()).anyMatch(w -> w.startsWith("PUT /v3/elb/listeners/"))
        .anyMatch(w -> w.startsWith("PUT /v2/elb/pools/"))
        .anyMatch(w -> w.startsWith("DELETE /v2/elb/healthmonitors/"));
    JsonObject listener = cloud.listeners.values().iterator().next();
    assertThat(Json.number(listener, "keepalive_timeout")).contains(120L);
    assertThat(Json.bool(listener, "transparent_client_ip_enable")).contains(true);
    assertThat(Json.number(listener, "connection_limit")).contains(1000L);
    JsonObject pool = cloud.pools.values().iterator().next();
    assertThat(Json.string(pool, "lb_algorithm")).contains("LEAST_CONNECTIONS");
    assertThat(Json.string(pool, "session_persistence", "type")).contains("SOURCE_IP");
    assertThat(cloud.monitors).isEmpty();

    cloud.writes.clear();
    elb.ensure(CLUSTER, svc, nodes, changed);
    assertThat(cloud.writes()).isEmpty();
  }

  @Test
  void tlsAndForwardedHostMakeHttpListeners() {
    V1Service svc = service("web", 443, 80);
    ElbServiceConfig c = cfg().tlsContainerRef(Optional.of("cert-1")).requestTimeout(OptionalInt.of(30))
        .healthCheck(Optional.of(new HealthCheck(5, 3, 3, Optional.empty(), Optional.of("/healthz")))).build();
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);

    assertThat(cloud.listeners.values()).allSatisfy(l -> {
      assertThat(Json.string(l, "protocol")).contains("TERMINATED_HTTPS");
      assertThat(Json.string(l, "default_tls_container_ref")).contains("cert-1");
      assertThat(Json.number(l, "client_timeout")).contains(30L);
      assertThat(Json.bool(l, "insert_headers", "X-Forwarded-Host")).contains(false);
    });
    assertThat(cloud.listeners.values()).extracting(l -> Json.string(l, "name").orElse(""))
        .containsExactlyInAnyOrder("web_TERMINATED_HTTPS_443", "web_TERMINATED_HTTPS_80");
    assertThat(cloud.pools.values()).allSatisfy(p -> assertThat(Json.string(p, "protocol")).contains("HTTP"));
    assertThat(cloud.monitors.values()).allSatisfy(m -> {
      assertThat(Json.string(m, "type")).contains("HTTP");
      assertThat(Json.string(m, "url_path")).contains("/healthz");
    });
  }

  @Test
  void aPendingElbEndsTheCallWithRetryAfterAndTheNextCallContinues() {
    V1Service svc = service("web", 80);
    List<V1Node> nodes = List.of(node("n1", "10.0.0.1"));
    cloud.pendingReads = 1000;

    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, nodes, cfg().build()))
        .isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("PENDING_CREATE");
    // the wait is bounded: a handful of polls within the call budget of the (test) clock
    assertThat(sleeps.get()).isBetween(3, 20);
    assertThat(cloud.lbs).hasSize(1);
    assertThat(cloud.listeners).isEmpty();

    cloud.pendingReads = 0;
    cloud.pending.clear();
    elb.ensure(CLUSTER, svc, nodes, cfg().build());
    assertThat(cloud.lbs).hasSize(1);
    assertThat(cloud.members).hasSize(1);
  }

  @Test
  void anElbThatEndsInErrorIsReportedAndProvisionedAgainByTheNextCall() {
    V1Service svc = service("web", 80);
    List<V1Node> nodes = List.of(node("n1", "10.0.0.1"));
    elb.ensure(CLUSTER, svc, nodes, cfg().build());
    cloud.errorOnNextChange = true;
    ElbServiceConfig changed = cfg().lbAlgorithm("SOURCE_IP").build();

    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, nodes, changed))
        .isInstanceOf(CloudProviderException.class)
        .isNotInstanceOf(RetryAfterException.class)
        .hasMessageContaining("ERROR");
    assertThat(Json.string(onlyLb(), "provisioning_status")).contains("ERROR");

    cloud.writes.clear();
    elb.ensure(CLUSTER, svc, nodes, changed);
    assertThat(cloud.writes()).singleElement().satisfies(w -> assertThat(w).startsWith("PUT /v2/elb/loadbalancers/"));
    assertThat(Json.string(onlyLb(), "provisioning_status")).contains("ACTIVE");
    assertThat(Json.string(cloud.pools.values().iterator().next(), "lb_algorithm")).contains("SOURCE_IP");
  }

  @Test
  void aReusedElbInErrorGetsOurListenerButNoChangeToTheElbItself() {
    JsonObject lb = cloud.addLoadBalancer("theirs", "v2");
    lb.addProperty("provisioning_status", "ERROR");
    String lbId = Json.string(lb, "id").orElseThrow();
    V1Service svc = service("web", 80);
    elb.ensure(CLUSTER, svc, List.of(), cfg().elbId(Optional.of(lbId)).build());
    // the listener went on (ERROR ended with our change), and nothing else was sent to someone else's ELB
    assertThat(cloud.writes()).noneMatch(w -> w.contains("/loadbalancers"));
  }

  @Test
  void autoCreatedEipIsBoundShownAndDeletedWithTheElb() {
    V1Service svc = service("web", 80);
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER",
        "traffic", Optional.empty()))).build();
    V1LoadBalancerStatus status = elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);

    JsonObject eip = cloud.eips.values().iterator().next();
    assertThat(Json.string(eip, "port_id")).contains(Json.string(onlyLb(), "vip_port_id").orElseThrow());
    assertThat(Json.string(eip, "bandwidth_name")).contains("ns_web");
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(Json.string(eip, "public_ip_address").orElseThrow());

    elb.delete(CLUSTER, svc, Optional.of(c));
    assertThat(cloud.lbs).isEmpty();
    assertThat(cloud.listeners).isEmpty();
    assertThat(cloud.pools).isEmpty();
    assertThat(cloud.members).isEmpty();
    assertThat(cloud.monitors).isEmpty();
    assertThat(cloud.eips).isEmpty();
    elb.delete(CLUSTER, svc, Optional.of(c));
  }

  @Test
  void keepEipUnbindsButKeepsIt() {
    V1Service svc = service("web", 80);
    ElbServiceConfig c = cfg().keepEip(true).eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp",
        OptionalInt.of(5), "PER", "traffic", Optional.empty()))).build();
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);
    elb.delete(CLUSTER, svc, Optional.of(c));
    assertThat(cloud.lbs).isEmpty();
    assertThat(cloud.eips.values()).singleElement().satisfies(e -> assertThat(Json.string(e, "port_id")).contains(""));
  }

  @Test
  void aNamedEipIsBoundAndOnlyUnboundOnDelete() {
    JsonObject mine = cloud.eip(null, "someone");
    String id = Json.string(mine, "id").orElseThrow();
    V1Service svc = service("web", 80);
    ElbServiceConfig c = cfg().eipId(Optional.of(id)).build();
    V1LoadBalancerStatus status = elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(Json.string(mine, "public_ip_address").orElseThrow());
    elb.delete(CLUSTER, svc, Optional.of(c));
    assertThat(cloud.eips).containsKey(id);
  }

  @Test
  void aMissingNamedEipIsAConfigurationErrorBeforeAnyWrite() {
    V1Service svc = service("web", 80);
    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, List.of(), cfg().eipId(Optional.of("nope")).build()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("kubernetes.io/elb.eip-id");
    assertThat(cloud.writes()).isEmpty();
  }

  @Test
  void aFailedEipBindRollsTheNewElbBack() {
    cloud.failEipBind = true;
    V1Service svc = service("web", 80);
    ElbServiceConfig c = cfg().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER",
        "traffic", Optional.empty()))).build();
    assertThatThrownBy(() -> elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c))
        .isInstanceOf(CloudProviderException.class);
    assertThat(cloud.lbs).isEmpty();
    assertThat(cloud.eips).isEmpty();

    cloud.failEipBind = false;
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);
    assertThat(cloud.lbs).hasSize(1);
    assertThat(cloud.eips).hasSize(1);
  }

  @Test
  void aReusedElbOnlyGetsOurListenersAndIsNeverDeleted() {
    JsonObject lb = cloud.addLoadBalancer("theirs", "v2");
    String lbId = Json.string(lb, "id").orElseThrow();
    JsonObject foreign = new JsonObject();
    foreign.addProperty("id", "foreign-listener");
    foreign.addProperty("name", "other_TCP_8080");
    foreign.addProperty("protocol", "TCP");
    foreign.addProperty("protocol_port", 8080);
    foreign.addProperty("loadbalancer_id", lbId);
    cloud.listeners.put("foreign-listener", foreign);

    V1Service svc = service("web", 80);
    svc.getMetadata().getAnnotations().put("kubernetes.io/elb.id", lbId);
    ElbServiceConfig c = cfg().elbId(Optional.of(lbId)).build();
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), c);
    assertThat(cloud.listenersOf(lbId)).hasSize(2);
    assertThat(elb.get(CLUSTER, svc, c)).isPresent();

    V1Service clash = service("clash", 8080);
    ElbServiceConfig cc = cfg().elbId(Optional.of(lbId)).build();
    cloud.writes.clear();
    assertThatThrownBy(() -> elb.ensure(CLUSTER, clash, List.of(), cc))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("8080");
    assertThat(cloud.writes()).isEmpty();

    elb.delete(CLUSTER, svc, Optional.of(c));
    assertThat(cloud.lbs).containsKey(lbId);
    assertThat(cloud.listeners).containsOnlyKeys("foreign-listener");
  }

  @Test
  void deleteOfAServiceWhoseAnnotationsNoLongerParseStillCleansUp() {
    V1Service svc = service("web", 80);
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), cfg().build());
    elb.delete(CLUSTER, svc, Optional.empty());
    assertThat(cloud.lbs).isEmpty();
    assertThat(cloud.listeners).isEmpty();
  }

  @Test
  void podBackendsComeFromReadyEndpoints() {
    V1Service svc = service("web", 80);
    svc.getSpec().setAllocateLoadBalancerNodePorts(false);
    svc.getSpec().getPorts().get(0).setNodePort(null);
    cloud.endpointSlices = "{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSliceList\",\"items\":[{"
        + "\"addressType\":\"IPv4\",\"metadata\":{\"name\":\"web-1\"},\"ports\":[{\"name\":\"p0\",\"port\":8080,"
        + "\"protocol\":\"TCP\"}],\"endpoints\":[{\"addresses\":[\"172.16.0.5\"],\"conditions\":{\"ready\":true},"
        + "\"nodeName\":\"n1\"},{\"addresses\":[\"172.16.0.6\"],\"conditions\":{\"ready\":false},"
        + "\"nodeName\":\"n1\"}]}]}";
    elb.ensure(CLUSTER, svc, List.of(node("n1", "10.0.0.1")), cfg().build());
    assertThat(cloud.members.values()).singleElement().satisfies(m -> {
      assertThat(Json.string(m, "address")).contains("172.16.0.5");
      assertThat(Json.number(m, "protocol_port")).contains(8080L);
      assertThat(Json.string(m, "subnet_id")).contains(FakeElb.NODE_SUBNET);
    });
  }

  @Test
  void unsupportedOrClashingPortsAreConfigurationErrors() {
    V1Service sctp = service("web", 80);
    sctp.getSpec().getPorts().get(0).setProtocol("SCTP");
    assertThatThrownBy(() -> elb.ensure(CLUSTER, sctp, List.of(), cfg().build()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("SCTP");
    V1Service twice = service("web", 80, 81);
    twice.getSpec().getPorts().get(1).setPort(80);
    assertThatThrownBy(() -> elb.ensure(CLUSTER, twice, List.of(), cfg().build()))
        .isInstanceOf(ServiceConfigurationException.class);
    assertThat(cloud.writes()).isEmpty();
  }

  @Test
  void obsoleteListenersOfOurElbAreRemoved() {
    V1Service svc = service("web", 80, 443);
    List<V1Node> nodes = List.of(node("n1", "10.0.0.1"));
    elb.ensure(CLUSTER, svc, nodes, cfg().build());
    elb.ensure(CLUSTER, service("web", 80), nodes, cfg().build());
    assertThat(cloud.listeners.values()).extracting(l -> Json.string(l, "name").orElse(""))
        .containsExactly("web_TCP_80");
    assertThat(cloud.pools).hasSize(1);
    assertThat(cloud.members).hasSize(1);
  }

  @Test
  void theWaitBudgetIsShort() {
    ActiveWait w = ActiveWait.standard(clock, d -> clock.advance(d));
    JsonObject pendingLb = new JsonObject();
    pendingLb.addProperty("provisioning_status", "PENDING_UPDATE");
    var start = clock.instant();
    assertThatThrownBy(() -> w.awaitActive(id -> pendingLb, "x", "test", w.deadline()))
        .isInstanceOf(RetryAfterException.class);
    assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(ActiveWait.CALL_BUDGET);
  }
}
