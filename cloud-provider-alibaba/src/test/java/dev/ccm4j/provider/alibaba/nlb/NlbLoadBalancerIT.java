package dev.ccm4j.provider.alibaba.nlb;

import dev.ccm4j.testkit.time.OffsetClock;

import static dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.LoadBalancers;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.cloud.emulator.ControlBackend;
import dev.ccm4j.cloud.emulator.ControlListener;
import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.emulator.EcsInstance;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NlbLoadBalancer} over real HTTP against the emulator's NLB product, with the emulator clock driven. */
class NlbLoadBalancerIT {
  private static final String CLUSTER = "kubernetes";
  private static final Duration STEP = Duration.ofSeconds(3);

  private final OffsetClock clock = new OffsetClock();
  private AlibabaEmulator emulator;
  private AlibabaApi api;
  private AlibabaCloudConfig config;
  private NlbLoadBalancer nlb;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("AKIDnlbtest", "nlb-test-secret").instances(3).clock(clock)
        .build().start();
    config = AlibabaCloudConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = AlibabaApi.create(config, Map.of(), "ccm4j-test");
    // a short wait budget: every job outlives it, so each test sees the RetryAfter path and drives the clock
    nlb = new NlbLoadBalancer(api, config, Duration.ofMillis(80), Duration.ofMillis(30), Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static V1Service service(String name, String uid, Map<String, String> annotations,
      V1ServicePort... ports) {
    List<V1ServicePort> list = ports.length == 0 ? List.of(
        new V1ServicePort().name("http").port(80).protocol("TCP").nodePort(30080),
        new V1ServicePort().name("dns").port(53).protocol("UDP").nodePort(30053)) : List.of(ports);
    return new V1Service()
        .metadata(new V1ObjectMeta().name(name).namespace("default").uid(uid).annotations(annotations))
        .spec(new V1ServiceSpec().type("LoadBalancer").loadBalancerClass(NlbLoadBalancer.LOAD_BALANCER_CLASS)
            .ports(list));
  }

  private List<V1Node> nodes() {
    return emulator.state().ecs().instances().stream().map(this::node).collect(Collectors.toList());
  }

  private V1Node node(EcsInstance i) {
    return new V1Node().metadata(new V1ObjectMeta().name(i.instanceName()))
        .spec(new V1NodeSpec().providerID(i.regionId() + "." + i.instanceId()));
  }

  /** Calls {@code action} until it stops asking to be called again, moving the clock on each time. */
  private <T> Converged<T> converge(Supplier<T> action) {
    int retries = 0;
    while (true) {
      try {
        return new Converged<>(action.get(), retries);
      } catch (RetryAfterException e) {
        assertThat(++retries).as("retries before converging: " + e.getMessage()).isLessThan(40);
        clock.advance(STEP);
      }
    }
  }

  private record Converged<T>(T value, int retries) {}

  private ControlLoadBalancer only() {
    List<ControlLoadBalancer> lbs = emulator.control().loadBalancers().stream()
        .filter(l -> l.id().startsWith("nlb-")).collect(Collectors.toList());
    assertThat(lbs).hasSize(1);
    return lbs.get(0);
  }

  private List<String> operations() {
    return emulator.control().journal().stream().map(JournalEntry::operation).collect(Collectors.toList());
  }

  private List<JsonObject> serverGroups() {
    List<JsonObject> out = new ArrayList<>();
    Json.array(api.call(Product.NLB, "ListServerGroups", RpcParams.create().put("MaxResults", 100)), "ServerGroups")
        .forEach(e -> out.add(e.getAsJsonObject()));
    return out;
  }

  @Test
  void createsWhileProvisioningThenConvergesWithListenersAndServerGroupsPerPort() {
    V1Service svc = service("web", "11111111-2222-3333-4444-555555555555", Map.of());
    assertThatThrownBy(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("NLB");
    Converged<V1LoadBalancerStatus> done = converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    assertThat(done.retries()).isPositive();

    ControlLoadBalancer lb = only();
    assertThat(lb.tags()).containsEntry(NlbAnnotations.TAG_SERVICE, "a11111111222233334444555555555555".substring(0,
        32)).containsEntry(NlbAnnotations.TAG_CLUSTER, CLUSTER);
    assertThat(lb.listeners()).containsExactlyInAnyOrder(new ControlListener("tcp", 80, 30080),
        new ControlListener("udp", 53, 30053));
    Set<String> ids = emulator.state().ecs().instances().stream().map(EcsInstance::instanceId)
        .collect(Collectors.toSet());
    assertThat(lb.backends()).hasSize(6).allSatisfy(b -> {
      assertThat(ids).contains(b.instanceId());
      assertThat(b.weight()).isEqualTo(100);
    });
    assertThat(lb.backends()).extracting(ControlBackend::port).containsOnly(30080, 30053);
    assertThat(serverGroups()).extracting(g -> Json.str(g, "ServerGroupName")).containsExactlyInAnyOrder(
        "k8s.30080.TCP.web.default." + CLUSTER, "k8s.30053.UDP.web.default." + CLUSTER);

    V1LoadBalancerStatus status = done.value();
    assertThat(status.getIngress()).first().extracting(V1LoadBalancerIngress::getHostname)
        .asString().endsWith(".nlb.aliyuncsslb.com");
    assertThat(status.getIngress()).filteredOn(i -> i.getIp() != null).hasSize(2);
    assertThat(nlb.getLoadBalancer(CLUSTER, svc)).contains(status);
  }

  @Test
  void secondEnsureWithNothingChangedMakesNoWrite() {
    V1Service svc = service("web", "21111111-2222-3333-4444-555555555555", Map.of());
    V1LoadBalancerStatus first = converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes())).value();
    emulator.control().clearJournal();
    assertThat(nlb.ensureLoadBalancer(CLUSTER, svc, nodes())).isEqualTo(first);
    assertThat(operations()).isNotEmpty().allSatisfy(op -> assertThat(op).matches("(Get|List).*"));
  }

  @Test
  void updateLoadBalancerChangesOnlyServersInBatches() {
    V1Service svc = service("web", "31111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    List<V1Node> all = nodes();

    emulator.control().clearJournal();
    converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, all.subList(0, 1));
      return null;
    });
    assertThat(only().backends()).hasSize(1);
    assertThat(operations()).contains("RemoveServersFromServerGroup")
        .doesNotContain("AddServersToServerGroup", "CreateListener", "CreateServerGroup", "UpdateListenerAttribute");

    // 45 more instances: added in batches of at most 40 (the cloud-config's sgBatchSize default)
    for (int i = 0; i < 45; i++) {
      emulator.state().ecs().create("extra-" + i, null, null, null);
    }
    emulator.control().clearJournal();
    converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, nodes());
      return null;
    });
    assertThat(only().backends()).hasSize(48);
    List<JournalEntry> adds = emulator.control().journal("AddServersToServerGroup").stream()
        .filter(e -> e.status() == 200).collect(Collectors.toList());
    assertThat(adds).hasSize(2);
    assertThat(adds).extracting(e -> e.params().keySet().stream().filter(k -> k.matches("Servers\\.\\d+\\.ServerId"))
        .count()).containsExactlyInAnyOrder(40L, 7L);
  }

  @Test
  void removingAServerTheCloudNoLongerKnowsCountsAsRemoved() {
    V1Service svc = service("gone", "41111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    List<V1Node> all = nodes();
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, all));
    // NLB refuses a whole batch when one of its instances was released, and then that instance on its own
    emulator.server().faults().add(FaultRule.builder().operation("RemoveServersFromServerGroup")
        .failTimes(2, 404, "ResourceNotFound.ecs", "The specified ECS instance is not found.").build());
    emulator.control().clearJournal();

    converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, all.subList(0, 1));
      return null;
    });

    List<JournalEntry> removes = emulator.control().journal("RemoveServersFromServerGroup");
    assertThat(removes).extracting(JournalEntry::errorCode).startsWith("ResourceNotFound.ecs",
        "ResourceNotFound.ecs", "");
    assertThat(removes.get(0).params().keySet().stream().filter(k -> k.matches("Servers\\.\\d+\\.ServerId")))
        .hasSize(2);
    assertThat(only().backends()).extracting(ControlBackend::instanceId)
        .containsExactly(all.get(0).getSpec().getProviderID().substring("cn-hangzhou.".length()));

    // any other refusal still fails the sync
    emulator.server().faults().add(FaultRule.builder().operation("RemoveServersFromServerGroup")
        .failTimes(1, 400, "IncorrectStatus.serverGroup", "busy").build());
    assertThatThrownBy(() -> converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, List.of());
      return null;
    })).hasMessageContaining("IncorrectStatus.serverGroup");
  }

  @Test
  void aReleasedInstanceWhoseNodeStillExistsDoesNotKeepTheOtherNodesOut() {
    V1Service svc = service("lingering", "61111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    List<V1Node> all = nodes();
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, all.subList(0, 1)));
    String gone = all.get(2).getSpec().getProviderID().substring("cn-hangzhou.".length());
    // the instance is released; its Node object lingers until the lifecycle controller deletes it
    emulator.control().terminateInstance(gone);
    emulator.control().clearJournal();

    converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, all);
      return null;
    });

    assertThat(emulator.control().journal("AddServersToServerGroup")).extracting(JournalEntry::errorCode)
        .contains("ResourceNotFound.ecs");
    assertThat(only().backends()).extracting(ControlBackend::instanceId).containsExactlyInAnyOrder(
        all.get(0).getSpec().getProviderID().substring("cn-hangzhou.".length()),
        all.get(1).getSpec().getProviderID().substring("cn-hangzhou.".length()));
  }

  @Test
  void aReleasedInstanceLeavesItsServerGroupsAndTheNextSyncConverges() {
    V1Service svc = service("released", "51111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    List<V1Node> all = nodes();
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, all));
    String gone = all.get(2).getSpec().getProviderID().substring("cn-hangzhou.".length());

    emulator.control().terminateInstance(gone);
    converge(() -> {
      nlb.updateLoadBalancer(CLUSTER, svc, all.subList(0, 2));
      return null;
    });

    assertThat(only().backends()).extracting(ControlBackend::instanceId).hasSize(2).doesNotContain(gone);
  }

  @Test
  void anEndpointThatDoesNotKnowTheActionNeverMakesTheNlbLookGone() {
    V1Service svc = service("private", "71111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    emulator.server().faults().add(FaultRule.builder().operation("GetLoadBalancerAttribute")
        .failTimes(1, 404, "InvalidAction.NotFound", "Specified api is not found").build());

    assertThatThrownBy(() -> nlb.ensureLoadBalancerDeleted(CLUSTER, svc))
        .hasMessageContaining("InvalidAction.NotFound");
    assertThat(operations()).doesNotContain("DeleteServerGroup");
    assertThat(only().id()).startsWith("nlb-");
  }

  @Test
  void deletionRemovesTheNlbAndItsServerGroups() {
    V1Service svc = service("web", "41111111-2222-3333-4444-555555555555", Map.of());
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    assertThat(serverGroups()).hasSize(2);
    converge(() -> {
      nlb.ensureLoadBalancerDeleted(CLUSTER, svc);
      return null;
    });
    // the delete job removes the NLB once it finishes
    clock.advance(STEP);
    assertThat(emulator.control().loadBalancers()).noneMatch(l -> l.id().startsWith("nlb-"));
    assertThat(serverGroups()).isEmpty();
    assertThat(nlb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    // and again: nothing left, nothing to do
    nlb.ensureLoadBalancerDeleted(CLUSTER, svc);
  }

  @Test
  void foreignNlbsAreNeverDeleted() {
    V1Service svc = service("web", "51111111-2222-3333-4444-555555555555", Map.of());
    String ourName = LoadBalancers.defaultName(svc);
    // same service tag, other cluster: not ours
    String foreign = createRawNlb(Map.of(NlbAnnotations.TAG_SERVICE, ourName, NlbAnnotations.TAG_CLUSTER, "other"));
    converge(() -> {
      nlb.ensureLoadBalancerDeleted(CLUSTER, svc);
      return null;
    });
    assertThat(emulator.control().loadBalancers()).extracting(ControlLoadBalancer::id).contains(foreign);
    assertThat(operations()).doesNotContain("DeleteLoadBalancer");

    // ensure makes its own instead of taking the foreign one over
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    assertThat(emulator.control().loadBalancers()).hasSize(2);
  }

  @Test
  void reusedNlbGetsListenersOnlyWithForceOverrideAndIsNeverDeleted() {
    String reused = createRawNlb(Map.of("owner", "team-a"));
    clock.advance(STEP);
    V1Service plain = service("web", "61111111-2222-3333-4444-555555555555", Map.of(PREFIX + "loadbalancer-id",
        reused));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, plain, nodes()));
    assertThat(only().listeners()).isEmpty();

    V1Service forced = service("web", "61111111-2222-3333-4444-555555555555", Map.of(PREFIX + "loadbalancer-id",
        reused, PREFIX + "loadbalancer-force-override-listeners", "true"));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, forced, nodes()));
    assertThat(only().listeners()).hasSize(2);

    converge(() -> {
      nlb.ensureLoadBalancerDeleted(CLUSTER, forced);
      return null;
    });
    clock.advance(STEP);
    ControlLoadBalancer left = only();
    assertThat(left.id()).isEqualTo(reused);
    assertThat(left.listeners()).isEmpty();
    assertThat(serverGroups()).isEmpty();
    assertThat(operations()).doesNotContain("DeleteLoadBalancer");
  }

  @Test
  void badAnnotationMakesNoCloudCallAtAll() {
    V1Service svc = service("web", "71111111-2222-3333-4444-555555555555",
        Map.of(PREFIX + "loadbalancer-address-type", "public"));
    emulator.control().clearJournal();
    assertThatThrownBy(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(PREFIX + "loadbalancer-address-type");
    assertThatThrownBy(() -> nlb.updateLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(ServiceConfigurationException.class);
    assertThat(operations()).isEmpty();
  }

  @Test
  void throttlingSurfacesAsThrottledException() {
    V1Service svc = service("web", "81111111-2222-3333-4444-555555555555", Map.of());
    emulator.control().addFault(FaultRule.builder().operation("ListLoadBalancers")
        .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.").build());
    assertThatThrownBy(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(ThrottledException.class);
    // no private retry loop: one call, then the core's backoff decides
    assertThat(emulator.control().journal("ListLoadBalancers")).hasSize(1);
  }

  @Test
  void changedAnnotationsUpdateTheNlbServerGroupsAndListeners() {
    V1Service svc = service("web", "91111111-2222-3333-4444-555555555555", Map.of(),
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes()));
    Map<String, String> changed = new LinkedHashMap<>();
    changed.put(PREFIX + "loadbalancer-name", "renamed-nlb");
    changed.put(PREFIX + "loadbalancer-scheduler", "rr");
    changed.put(PREFIX + "loadbalancer-cps", "100");
    V1Service edited = service("web", "91111111-2222-3333-4444-555555555555", changed,
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    emulator.control().clearJournal();
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, edited, nodes()));
    assertThat(operations()).contains("UpdateLoadBalancerAttribute", "UpdateServerGroupAttribute",
        "UpdateListenerAttribute").doesNotContain("CreateListener", "CreateServerGroup");
    assertThat(only().name()).isEqualTo("renamed-nlb");
    assertThat(Json.str(serverGroups().get(0), "Scheduler")).isEqualTo("rr");

    // a port that goes away takes its listener and server group with it
    V1Service fewer = service("web", "91111111-2222-3333-4444-555555555555", changed,
        new V1ServicePort().port(443).protocol("TCP").nodePort(30443));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, fewer, nodes()));
    assertThat(only().listeners()).containsExactly(new ControlListener("tcp", 443, 30443));
    assertThat(serverGroups()).extracting(g -> Json.str(g, "ServerGroupName"))
        .containsExactly("k8s.30443.TCP.web.default." + CLUSTER);
  }

  @Test
  void everyCloudFacingAnnotationReachesTheCloudAndASecondEnsureWritesNothing() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(PREFIX + "loadbalancer-protocol-port", "tcpssl:443");
    a.put(PREFIX + "loadbalancer-cert-id", "cert-main");
    a.put(PREFIX + "loadbalancer-additional-cert-ids", "cert-sni-1,cert-sni-2");
    a.put(PREFIX + "loadbalancer-cacert-id", "ca-1");
    a.put(PREFIX + "loadbalancer-cacert", "on");
    a.put(PREFIX + "loadbalancer-tls-cipher-policy", "tls_cipher_policy_1_2");
    a.put(PREFIX + "loadbalancer-alpn", "on");
    a.put(PREFIX + "loadbalancer-alpn-policy", "HTTP2Preferred");
    a.put(PREFIX + "loadbalancer-cps", "500");
    a.put(PREFIX + "loadbalancer-idle-timeout", "60");
    a.put(PREFIX + "loadbalancer-proxy-protocol", "on");
    a.put(PREFIX + "loadbalancer-ppv2-pvl-vpc-id-enabled", "on");
    a.put(PREFIX + "loadbalancer-scheduler", "sch");
    a.put(PREFIX + "loadbalancer-preserve-client-ip", "on");
    a.put(PREFIX + "loadbalancer-connection-drain", "on");
    a.put(PREFIX + "loadbalancer-connection-drain-timeout", "30");
    a.put(PREFIX + "loadbalancer-health-check-flag", "on");
    a.put(PREFIX + "loadbalancer-health-check-type", "http");
    a.put(PREFIX + "loadbalancer-health-check-uri", "/healthz");
    a.put(PREFIX + "loadbalancer-health-check-httpcode", "http_2xx,http_3xx");
    a.put(PREFIX + "loadbalancer-healthy-threshold", "3");
    a.put(PREFIX + "loadbalancer-health-check-interval", "5");
    a.put(PREFIX + "loadbalancer-security-group-ids", "sg-web");
    a.put(PREFIX + "loadbalancer-cross-zone-enabled", "off");
    a.put(PREFIX + "loadbalancer-additional-resource-tags", "team=edge");
    a.put(PREFIX + "loadbalancer-delete-protection", "off");
    a.put(PREFIX + "loadbalancer-modification-protection", "NonProtection");
    a.put(PREFIX + "loadbalancer-address-type", "intranet");
    V1Service svc = service("tls", "a1111111-2222-3333-4444-555555555555", a,
        new V1ServicePort().port(443).protocol("TCP").nodePort(30443));
    V1LoadBalancerStatus status = converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes())).value();
    assertThat(status.getIngress()).filteredOn(i -> i.getIp() != null)
        .allSatisfy(i -> assertThat(i.getIp()).startsWith("192.168."));

    String id = only().id();
    JsonObject lb = api.call(Product.NLB, "GetLoadBalancerAttribute", RpcParams.create().put("LoadBalancerId", id));
    assertThat(Json.str(lb, "AddressType")).isEqualTo("Intranet");
    assertThat(Json.bool(lb, "CrossZoneEnabled")).isFalse();
    assertThat(Json.strings(lb, "SecurityGroupIds")).containsExactly("sg-web");
    assertThat(Json.tags(lb)).containsEntry("team", "edge");
    assertThat(Json.bool(Json.obj(lb, "DeletionProtectionConfig"), "Enabled")).isFalse();
    assertThat(Json.str(Json.obj(lb, "ModificationProtectionConfig"), "Status")).isEqualTo("NonProtection");

    JsonObject listener = Json.objects(api.call(Product.NLB, "ListListeners", RpcParams.create()
        .putList("LoadBalancerIds", List.of(id))), "Listeners").get(0);
    assertThat(Json.str(listener, "ListenerProtocol")).isEqualTo("TCPSSL");
    assertThat(Json.strings(listener, "CertificateIds")).containsExactly("cert-main");
    assertThat(Json.strings(listener, "CaCertificateIds")).containsExactly("ca-1");
    assertThat(Json.bool(listener, "CaEnabled")).isTrue();
    assertThat(Json.str(listener, "SecurityPolicyId")).isEqualTo("tls_cipher_policy_1_2");
    assertThat(Json.bool(listener, "AlpnEnabled")).isTrue();
    assertThat(Json.str(listener, "AlpnPolicy")).isEqualTo("HTTP2Preferred");
    assertThat(Json.integer(listener, "Cps")).isEqualTo(500);
    assertThat(Json.integer(listener, "IdleTimeout")).isEqualTo(60);
    assertThat(Json.bool(listener, "ProxyProtocolEnabled")).isTrue();
    assertThat(Json.bool(Json.obj(listener, "ProxyProtocolV2Config"), "Ppv2VpcIdEnabled")).isTrue();
    List<String> extra = Json.objects(api.call(Product.NLB, "ListListenerCertificates", RpcParams.create()
        .put("ListenerId", Json.str(listener, "ListenerId"))), "Certificates").stream()
        .filter(c -> !Json.bool(c, "IsDefault")).map(c -> Json.str(c, "CertificateId")).collect(Collectors.toList());
    assertThat(extra).containsExactly("cert-sni-1", "cert-sni-2");

    JsonObject sg = serverGroups().get(0);
    assertThat(Json.str(sg, "Scheduler")).isEqualTo("sch");
    assertThat(Json.bool(sg, "PreserveClientIpEnabled")).isTrue();
    assertThat(Json.bool(sg, "ConnectionDrainEnabled")).isTrue();
    assertThat(Json.integer(sg, "ConnectionDrainTimeout")).isEqualTo(30);
    JsonObject hc = Json.obj(sg, "HealthCheck");
    assertThat(Json.bool(hc, "HealthCheckEnabled")).isTrue();
    assertThat(Json.str(hc, "HealthCheckType")).isEqualTo("HTTP");
    assertThat(Json.str(hc, "HealthCheckUrl")).isEqualTo("/healthz");
    assertThat(Json.strings(hc, "HealthCheckHttpCode")).containsExactly("http_2xx", "http_3xx");
    assertThat(Json.integer(hc, "HealthyThreshold")).isEqualTo(3);
    assertThat(Json.integer(hc, "HealthCheckInterval")).isEqualTo(5);

    emulator.control().clearJournal();
    nlb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(operations()).allSatisfy(op -> assertThat(op).matches("(Get|List).*"));

    // one SNI certificate swapped for another
    Map<String, String> swapped = new LinkedHashMap<>(a);
    swapped.put(PREFIX + "loadbalancer-additional-cert-ids", "cert-sni-1,cert-sni-3");
    V1Service edited = service("tls", "a1111111-2222-3333-4444-555555555555", swapped,
        new V1ServicePort().port(443).protocol("TCP").nodePort(30443));
    converge(() -> nlb.ensureLoadBalancer(CLUSTER, edited, nodes()));
    assertThat(operations()).contains("AssociateAdditionalCertificatesWithListener",
        "DisassociateAdditionalCertificatesWithListener");
  }

  @Test
  void addressTypeAndZonesFollowTheAnnotationsAndImmutablesAreRefusedWithoutAWrite() {
    String region = emulator.state().region();
    Map<String, String> a = new LinkedHashMap<>();
    V1Service svc = service("move", "b1111111-2222-3333-4444-555555555555", a,
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    V1LoadBalancerStatus internet = converge(() -> nlb.ensureLoadBalancer(CLUSTER, svc, nodes())).value();
    assertThat(internet.getIngress()).filteredOn(i -> i.getIp() != null)
        .allSatisfy(i -> assertThat(i.getIp()).doesNotStartWith("192.168."));

    String zoneA = emulator.state().vpc().vSwitchForZone(region + "-a").vSwitchId();
    String zoneC = emulator.state().vpc().vSwitchForZone(region + "-c").vSwitchId();
    a.put(PREFIX + "loadbalancer-address-type", "intranet");
    a.put(PREFIX + "loadbalancer-zone-maps", region + "-a:" + zoneA + "," + region + "-c:" + zoneC);
    V1Service moved = service("move", "b1111111-2222-3333-4444-555555555555", a,
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    emulator.control().clearJournal();
    V1LoadBalancerStatus intranet = converge(() -> nlb.ensureLoadBalancer(CLUSTER, moved, nodes())).value();
    assertThat(operations()).contains("UpdateLoadBalancerAddressTypeConfig", "UpdateLoadBalancerZones");
    assertThat(intranet.getIngress()).filteredOn(i -> i.getIp() != null).hasSize(2)
        .allSatisfy(i -> assertThat(i.getIp()).startsWith("192.168."));
    JsonObject lb = api.call(Product.NLB, "GetLoadBalancerAttribute", RpcParams.create()
        .put("LoadBalancerId", only().id()));
    assertThat(Json.objects(lb, "ZoneMappings")).extracting(z -> Json.str(z, "VSwitchId"))
        .containsExactlyInAnyOrder(zoneA, zoneC);

    a.put(PREFIX + "loadbalancer-ip-version", "dualstack");
    V1Service dual = service("move", "b1111111-2222-3333-4444-555555555555", a,
        new V1ServicePort().port(80).protocol("TCP").nodePort(30080));
    emulator.control().clearJournal();
    assertThatThrownBy(() -> nlb.ensureLoadBalancer(CLUSTER, dual, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(PREFIX + "loadbalancer-ip-version cannot change");
    assertThat(operations()).allSatisfy(op -> assertThat(op).matches("(Get|List).*"));
  }

  @Test
  void contributesAnEnabledClassControllerAndAdoptsTheUpstreamFinalizer() {
    LoadBalancerClassController c = (LoadBalancerClassController) nlb.controller();
    assertThat(c.name()).isEqualTo("nlb");
    assertThat(c.loadBalancerClass()).isEqualTo("alibabacloud.com/nlb");
    assertThat(c.enabledByDefault()).isTrue();
    assertThat(c.loadBalancer()).isSameAs(nlb);
    assertThat(nlb.adoptedFinalizers()).containsExactly("service.k8s.alibaba/nlb");
  }

  private String createRawNlb(Map<String, String> tags) {
    List<Map<String, String>> tagParams = new ArrayList<>();
    tags.forEach((k, v) -> tagParams.add(Map.of("Key", k, "Value", v)));
    List<Map<String, String>> zones = new ArrayList<>();
    config.vswitchIds().forEach((z, v) -> zones.add(Map.of("ZoneId", z, "VSwitchId", v)));
    JsonObject r = api.call(Product.NLB, "CreateLoadBalancer", RpcParams.create()
        .put("AddressType", "Intranet").put("VpcId", config.vpcId().orElseThrow())
        .putObjects("ZoneMappings", zones).putObjects("Tag", tagParams));
    return Optional.ofNullable(Json.str(r, "LoadbalancerId")).orElseThrow();
  }
}
