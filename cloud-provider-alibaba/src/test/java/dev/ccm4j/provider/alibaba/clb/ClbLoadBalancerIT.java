package dev.ccm4j.provider.alibaba.clb;

import dev.ccm4j.testkit.logging.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.LoadBalancers;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.api.ThrottledException;
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
import dev.ccm4j.provider.alibaba.emulator.EipAddress;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ClbLoadBalancer} against the Alibaba emulator over real HTTP, signed as the provider signs. */
class ClbLoadBalancerIT {
  private static final String CLUSTER = "test-cluster";
  private static final Set<String> READS = Set.of("Describe", "List");

  private AlibabaEmulator emulator;
  private AlibabaApi api;
  private ClbLoadBalancer clb;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("LTAItestkey", "test-secret-value").instances(3).build().start();
    AlibabaCloudConfig config = AlibabaCloudConfig.parse(CloudConfig.of(emulator.cloudConfig()), Map.of());
    api = AlibabaApi.create(config, Map.of(), "ccm4j-test");
    clb = new ClbLoadBalancer(api, config);
  }

  @AfterEach
  void stop() {
    api.close();
    emulator.close();
  }

  @Test
  void createsWithUpstreamDefaultsAndTags() {
    V1Service svc = service("web", Map.of(), port(80, 30080, "TCP"));
    V1LoadBalancerStatus status = clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    ControlLoadBalancer lb = only();
    assertThat(status.getIngress()).hasSize(1);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(lb.addresses().get(0)).startsWith("198.1");
    assertThat(lb.name()).isEqualTo(LoadBalancers.defaultName(svc));
    assertThat(lb.tags()).containsEntry(ClbTags.DO_NOT_DELETE, LoadBalancers.defaultName(svc))
        .containsEntry(ClbTags.CLUSTER, CLUSTER);
    Map<String, String> create = lastParams("CreateLoadBalancer");
    assertThat(create).containsEntry("AddressType", "internet").containsEntry("DeleteProtection", "on")
        .containsEntry("ModificationProtectionStatus", "ConsoleProtection")
        .containsEntry("ModificationProtectionReason", "managed.by.ack")
        .containsEntry("InstanceChargeType", "PayByCLCU").containsKey("ClientToken");
    assertThat(lb.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
    assertThat(lb.backends()).extracting(b -> b.instanceId()).containsExactlyInAnyOrderElementsOf(instanceIds());
    assertThat(lb.backends()).allSatisfy(b -> assertThat(b.weight()).isEqualTo(100));

    JsonObject listener = listeners(lb.id()).get(0);
    assertThat(Json.string(listener, "Description")).contains("k8s/80/web/default/" + CLUSTER);
    assertThat(Json.string(listener, "Status")).contains("running");
    assertThat(Json.string(listener, "Scheduler")).contains("rr");
    assertThat(clb.getLoadBalancer(CLUSTER, svc)).contains(status);
    assertThat(clb.adoptedFinalizers()).containsExactly("service.k8s.alibaba/resources");
  }

  @Test
  void secondEnsureWithTheSameInputWritesNothing() {
    V1Service svc = service("web", Map.of(ClbAnnotation.PROTOCOL_PORT.key(), "http:80",
        ClbAnnotation.HEALTH_CHECK_FLAG.key(), "on", ClbAnnotation.HEALTH_CHECK_URI.key(), "/healthz"),
        port(80, 30080, "TCP"), port(53, 30053, "UDP"));
    V1LoadBalancerStatus first = clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    emulator.server().journal().clear();

    V1LoadBalancerStatus second = clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    assertThat(second).isEqualTo(first);
    assertThat(writes()).isEmpty();
  }

  @Test
  void everyProtocolGetsItsListenerAndHttpsItsCertificate() {
    String cert = uploadCertificate();
    V1Service svc = service("multi", Map.of(
        ClbAnnotation.PROTOCOL_PORT.key(), "http:80,https:443,tcp:8080",
        ClbAnnotation.CERT_ID.key(), cert,
        ClbAnnotation.TLS_CIPHER_POLICY.key(), "tls_cipher_policy_1_2",
        ClbAnnotation.HTTP2_ENABLED.key(), "on",
        ClbAnnotation.STICKY_SESSION.key(), "on", ClbAnnotation.STICKY_SESSION_TYPE.key(), "insert",
        ClbAnnotation.COOKIE_TIMEOUT.key(), "1800",
        ClbAnnotation.PERSISTENCE_TIMEOUT.key(), "60"),
        port(80, 30080, "TCP"), port(443, 30443, "TCP"), port(8080, 30880, "TCP"), port(53, 30053, "UDP"));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    Map<String, JsonObject> byPort = listeners(only().id()).stream()
        .collect(Collectors.toMap(l -> Json.string(l, "ListenerPort").orElseThrow(), l -> l));
    assertThat(byPort.keySet()).containsExactlyInAnyOrder("80", "443", "8080", "53");
    assertThat(Json.string(byPort.get("80"), "ListenerProtocol")).contains("http");
    assertThat(Json.string(byPort.get("80"), "HTTPListenerConfig", "StickySessionType")).contains("insert");
    assertThat(Json.string(byPort.get("80"), "HTTPListenerConfig", "CookieTimeout")).contains("1800");
    assertThat(Json.string(byPort.get("443"), "ListenerProtocol")).contains("https");
    assertThat(Json.string(byPort.get("443"), "HTTPSListenerConfig", "ServerCertificateId")).contains(cert);
    assertThat(Json.string(byPort.get("443"), "HTTPSListenerConfig", "TLSCipherPolicy"))
        .contains("tls_cipher_policy_1_2");
    assertThat(Json.string(byPort.get("443"), "HTTPSListenerConfig", "EnableHttp2")).contains("on");
    assertThat(Json.string(byPort.get("8080"), "ListenerProtocol")).contains("tcp");
    assertThat(Json.string(byPort.get("8080"), "TCPListenerConfig", "PersistenceTimeout")).contains("60");
    assertThat(Json.string(byPort.get("53"), "ListenerProtocol")).contains("udp");
    assertThat(Json.string(byPort.get("53"), "UDPListenerConfig", "PersistenceTimeout")).isEmpty();
    // one VServer group per port, each named as upstream names them
    JsonObject groups = api.call(Product.SLB, "DescribeVServerGroups",
        RpcParams.create().put("LoadBalancerId", only().id()));
    assertThat(Json.objects(groups, "VServerGroups")).extracting(g -> Json.string(g, "VServerGroupName").orElse(""))
        .containsExactlyInAnyOrder("k8s/30080/multi/default/" + CLUSTER, "k8s/30443/multi/default/" + CLUSTER,
            "k8s/30880/multi/default/" + CLUSTER, "k8s/30053/multi/default/" + CLUSTER);
  }

  @Test
  void httpForwardsToHttpsAndSniCertificatesAreAttached() {
    String cert = uploadCertificate();
    String sni = uploadCertificate();
    V1Service svc = service("fwd", Map.of(
        ClbAnnotation.PROTOCOL_PORT.key(), "http:80,https:443",
        ClbAnnotation.CERT_ID.key(), cert,
        ClbAnnotation.FORWARD_PORT.key(), "80:443",
        ClbAnnotation.DOMAIN_EXTENSIONS.key(), "shop.example.com:" + sni),
        port(80, 30080, "TCP"), port(443, 30443, "TCP"));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    JsonObject http = listeners(only().id()).stream()
        .filter(l -> Json.string(l, "ListenerProtocol").orElse("").equals("http")).findFirst().orElseThrow();
    assertThat(Json.string(http, "HTTPListenerConfig", "ListenerForward")).contains("on");
    assertThat(Json.string(http, "HTTPListenerConfig", "ForwardPort")).contains("443");
    JsonObject sniList = api.call(Product.SLB, "DescribeDomainExtensions",
        RpcParams.create().put("LoadBalancerId", only().id()).put("ListenerPort", 443));
    assertThat(Json.objects(sniList, "DomainExtensions")).singleElement()
        .satisfies(d -> assertThat(Json.string(d, "Domain")).contains("shop.example.com"))
        .satisfies(d -> assertThat(Json.string(d, "ServerCertificateId")).contains(sni));
    emulator.server().journal().clear();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(writes()).isEmpty();
  }

  @Test
  void aclAndHealthCheckAnnotationsReachTheListener() {
    String acl = Json.string(api.call(Product.SLB, "CreateAccessControlList",
        RpcParams.create().put("AclName", "office")), "AclId").orElseThrow();
    Map<String, String> a = new HashMap<>(Map.of(
        ClbAnnotation.ACL_STATUS.key(), "on", ClbAnnotation.ACL_ID.key(), acl, ClbAnnotation.ACL_TYPE.key(), "white",
        ClbAnnotation.HEALTH_CHECK_TYPE.key(), "http", ClbAnnotation.HEALTH_CHECK_URI.key(), "/ready",
        ClbAnnotation.HEALTH_CHECK_DOMAIN.key(), "$_ip", ClbAnnotation.HEALTHY_THRESHOLD.key(), "4"));
    a.putAll(Map.of(ClbAnnotation.UNHEALTHY_THRESHOLD.key(), "5", ClbAnnotation.HEALTH_CHECK_INTERVAL.key(), "3",
        ClbAnnotation.HEALTH_CHECK_CONNECT_TIMEOUT.key(), "8", ClbAnnotation.SCHEDULER.key(), "wlc"));
    V1Service svc = service("guarded", a, port(80, 30080, "TCP"));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    JsonObject l = listeners(only().id()).get(0);
    assertThat(Json.string(l, "AclStatus")).contains("on");
    assertThat(Json.string(l, "AclId")).contains(acl);
    assertThat(Json.string(l, "AclType")).contains("white");
    assertThat(Json.string(l, "Scheduler")).contains("wlc");
    assertThat(Json.string(l, "TCPListenerConfig", "HealthCheckType")).contains("http");
    assertThat(Json.string(l, "TCPListenerConfig", "HealthCheckURI")).contains("/ready");
    assertThat(Json.string(l, "TCPListenerConfig", "HealthyThreshold")).contains("4");
    assertThat(Json.string(l, "TCPListenerConfig", "UnhealthyThreshold")).contains("5");
    assertThat(Json.string(l, "TCPListenerConfig", "HealthCheckInterval")).contains("3");
    assertThat(Json.string(l, "TCPListenerConfig", "HealthCheckConnectTimeout")).contains("8");

    // a changed annotation is applied to the existing listener in place
    V1Service changed = withAnnotation(svc, ClbAnnotation.HEALTHY_THRESHOLD.key(), "6");
    emulator.server().journal().clear();
    clb.ensureLoadBalancer(CLUSTER, changed, nodes());
    assertThat(writes()).containsExactly("SetLoadBalancerTCPListenerAttribute");
    assertThat(Json.string(listeners(only().id()).get(0), "TCPListenerConfig", "HealthyThreshold")).contains("6");
  }

  @Test
  void aChangedPortMovesTheListener() {
    V1Service svc = service("mover", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    V1Service moved = service("mover", Map.of(), port(8080, 30080, "TCP"));
    moved.getMetadata().setUid(svc.getMetadata().getUid());
    clb.ensureLoadBalancer(CLUSTER, moved, nodes());

    assertThat(only().listeners()).containsExactly(new ControlListener("tcp", 8080, 30080));
    // the node port did not change, so the VServer group is reused rather than recreated
    assertThat(emulator.server().journal().count("CreateVServerGroup")).isEqualTo(1);

    V1Service newNodePort = service("mover", Map.of(), port(8080, 31000, "TCP"));
    newNodePort.getMetadata().setUid(svc.getMetadata().getUid());
    clb.ensureLoadBalancer(CLUSTER, newNodePort, nodes());
    assertThat(only().listeners()).containsExactly(new ControlListener("tcp", 8080, 31000));
    JsonObject groups = api.call(Product.SLB, "DescribeVServerGroups",
        RpcParams.create().put("LoadBalancerId", only().id()));
    assertThat(Json.objects(groups, "VServerGroups")).extracting(g -> Json.string(g, "VServerGroupName").orElse(""))
        .containsExactly("k8s/31000/mover/default/" + CLUSTER);
  }

  @Test
  void backendsAreAddedAndRemovedInBatchesOfForty() {
    for (int i = 0; i < 82; i++) {
      emulator.state().ecs().create("node-" + i, emulator.state().zoneId(), null, "ecs.g6.large");
    }
    List<V1Node> all = nodes();
    assertThat(all).hasSize(85);
    V1Service svc = service("big", Map.of(), port(80, 30080, "TCP"));

    clb.ensureLoadBalancer(CLUSTER, svc, all);

    assertThat(emulator.server().journal().count("AddVServerGroupBackendServers")).isEqualTo(3);
    assertThat(emulator.server().journal().entries("AddVServerGroupBackendServers"))
        .extracting(e -> Json.parse("{\"a\":" + e.params().get("BackendServers") + "}").getAsJsonArray("a").size())
        .containsExactly(40, 40, 5);
    assertThat(only().backends()).hasSize(85);

    emulator.server().journal().clear();
    clb.updateLoadBalancer(CLUSTER, svc, all.subList(0, 40));
    assertThat(emulator.server().journal().count("RemoveVServerGroupBackendServers")).isEqualTo(2);
    assertThat(emulator.server().journal().count("AddVServerGroupBackendServers")).isZero();
    assertThat(only().backends()).extracting(b -> b.instanceId())
        .containsExactlyInAnyOrderElementsOf(all.subList(0, 40).stream().map(ClbLoadBalancerIT::instanceOf)
            .toList());
  }

  @Test
  void aFullGroupGetsItsRemovesBeforeTheAddIsRetried() {
    V1Service svc = service("full", Map.of(), port(80, 30080, "TCP"));
    List<V1Node> nodes = nodes();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes.subList(0, 2));
    emulator.server().faults().add(FaultRule.builder().operation("AddVServerGroupBackendServers")
        .failTimes(1, 400, "InstanceBackendServerNumberOverLimit", "too many backends").build());
    emulator.server().journal().clear();

    clb.updateLoadBalancer(CLUSTER, svc, nodes.subList(1, 3));

    List<String> calls = emulator.server().journal().entries().stream().map(JournalEntry::operation)
        .filter(op -> op.contains("BackendServers")).toList();
    assertThat(calls).containsExactly("AddVServerGroupBackendServers", "RemoveVServerGroupBackendServers",
        "AddVServerGroupBackendServers");
    assertThat(only().backends()).extracting(b -> b.instanceId())
        .containsExactlyInAnyOrder(instanceOf(nodes.get(1)), instanceOf(nodes.get(2)));
  }

  @Test
  void removingABackendTheCloudNoLongerKnowsCountsAsRemoved() {
    V1Service svc = service("released", Map.of(), port(80, 30080, "TCP"));
    List<V1Node> nodes = nodes();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes);
    // SLB refuses a whole batch when one of its instances was released, and then that instance on its own
    emulator.server().faults().add(FaultRule.builder().operation("RemoveVServerGroupBackendServers")
        .failTimes(2, 400, "InvalidBackendServers.ServerIdNotExist", "The specified ServerId does not exist.")
        .build());
    emulator.server().journal().clear();

    clb.updateLoadBalancer(CLUSTER, svc, nodes.subList(0, 1));

    List<JournalEntry> removes = emulator.server().journal().entries("RemoveVServerGroupBackendServers");
    assertThat(removes).extracting(e -> Json.parse("{\"a\":" + e.params().get("BackendServers") + "}")
        .getAsJsonArray("a").size()).containsExactly(2, 1, 1);
    assertThat(removes).extracting(JournalEntry::errorCode).containsExactly(
        "InvalidBackendServers.ServerIdNotExist", "InvalidBackendServers.ServerIdNotExist", "");
    // the instance the cloud called gone is dropped from the diff; the other stale one is really removed
    assertThat(only().backends()).extracting(b -> b.instanceId())
        .containsExactlyInAnyOrder(instanceOf(nodes.get(0)), instanceOf(nodes.get(1)));

    // any other refusal still fails the sync
    emulator.server().faults().add(FaultRule.builder().operation("RemoveVServerGroupBackendServers")
        .failTimes(1, 400, "IncorrectStatus.VServerGroup", "busy").build());
    assertThatThrownBy(() -> clb.updateLoadBalancer(CLUSTER, svc, List.of()))
        .hasMessageContaining("IncorrectStatus.VServerGroup");
  }

  @Test
  void aReleasedInstanceWhoseNodeStillExistsDoesNotKeepTheOtherNodesOut() {
    V1Service svc = service("lingering", Map.of(), port(80, 30080, "TCP"));
    List<V1Node> nodes = nodes();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes.subList(0, 1));
    // the instance of node 2 is released; its Node object lingers until the lifecycle controller deletes it
    emulator.control().terminateInstance(instanceOf(nodes.get(2)));
    emulator.server().journal().clear();

    clb.updateLoadBalancer(CLUSTER, svc, nodes);

    assertThat(emulator.server().journal().entries("AddVServerGroupBackendServers"))
        .extracting(JournalEntry::errorCode)
        .containsExactly("InvalidBackendServers.ServerIdNotExist", "", "InvalidBackendServers.ServerIdNotExist");
    assertThat(only().backends()).extracting(b -> b.instanceId())
        .containsExactlyInAnyOrder(instanceOf(nodes.get(0)), instanceOf(nodes.get(1)));
  }

  @Test
  void releasedInstancesLeaveTheGroupAndTheNextSyncSucceeds() {
    V1Service svc = service("terminated", Map.of(), port(80, 30080, "TCP"));
    List<V1Node> nodes = nodes();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes);

    emulator.control().terminateInstance(instanceOf(nodes.get(2)));
    clb.updateLoadBalancer(CLUSTER, svc, nodes.subList(0, 2));

    assertThat(only().backends()).extracting(b -> b.instanceId())
        .containsExactlyInAnyOrder(instanceOf(nodes.get(0)), instanceOf(nodes.get(1)));
  }

  @Test
  void weightAnnotationsSetBackendWeights() {
    V1Service svc = service("weighted", Map.of(ClbAnnotation.DEFAULT_WEIGHT.key(), "30"), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(only().backends()).allSatisfy(b -> assertThat(b.weight()).isEqualTo(30));

    V1Service total = withAnnotation(svc, ClbAnnotation.WEIGHT.key(), "60");
    clb.ensureLoadBalancer(CLUSTER, total, nodes());
    assertThat(only().backends()).allSatisfy(b -> assertThat(b.weight()).isEqualTo(20));
    assertThat(emulator.server().journal().count("SetVServerGroupAttribute")).isEqualTo(1);
  }

  @Test
  void nodesWithoutAParsableProviderIdOrExcludedAreSkipped() {
    List<V1Node> nodes = new ArrayList<>(nodes());
    nodes.add(new V1Node().metadata(new V1ObjectMeta().name("no-id")).spec(new V1NodeSpec()));
    nodes.get(0).getMetadata().setLabels(Map.of("node.kubernetes.io/exclude-from-external-load-balancers", ""));
    clb.ensureLoadBalancer(CLUSTER, service("skip", Map.of(), port(80, 30080, "TCP")), nodes);
    assertThat(only().backends()).hasSize(2);
  }

  @Test
  void reuseWithoutForceOverrideLeavesListenersAloneAndNeverDeletes() {
    String id = userClb("shared");
    userListener(id, 9000);
    V1Service svc = service("reuser", Map.of(ClbAnnotation.LOADBALANCER_ID.key(), id), port(80, 30080, "TCP"));

    V1LoadBalancerStatus status = clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    ControlLoadBalancer lb = only();
    assertThat(status.getIngress().get(0).getIp()).isEqualTo(lb.addresses().get(0));
    assertThat(lb.tags()).containsEntry(ClbTags.REUSED, "true").doesNotContainKey(ClbTags.DO_NOT_DELETE);
    assertThat(lb.listeners()).extracting(ControlListener::port).containsExactly(9000);
    assertThat(emulator.server().journal().count("CreateVServerGroup")).isEqualTo(1);

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);

    assertThat(emulator.control().loadBalancers()).singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(id))
        .satisfies(l -> assertThat(l.tags()).doesNotContainKey(ClbTags.REUSED))
        .satisfies(l -> assertThat(l.listeners()).extracting(ControlListener::port).containsExactly(9000));
    assertThat(emulator.server().journal().count("DeleteLoadBalancer")).isZero();
  }

  @Test
  void reuseWithForceOverrideManagesOnlyItsOwnListeners() {
    String id = userClb("shared");
    userListener(id, 9000);
    V1Service svc = service("reuser", Map.of(ClbAnnotation.LOADBALANCER_ID.key(), id,
        ClbAnnotation.FORCE_OVERRIDE_LISTENERS.key(), "true"), port(80, 30080, "TCP"));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(only().listeners()).extracting(ControlListener::port).containsExactlyInAnyOrder(80, 9000);

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(only().id()).isEqualTo(id);
    assertThat(only().listeners()).extracting(ControlListener::port).containsExactly(9000);
    assertThat(emulator.server().journal().count("DeleteLoadBalancer")).isZero();
  }

  @Test
  void userVServerGroupsGetOurBackendsAndKeepTheirOwn() {
    String id = userClb("shared");
    List<EcsInstance> instances = emulator.state().ecs().instances();
    String userBackend = "[{\"ServerId\":\"" + instances.get(0).instanceId() + "\",\"Port\":8080,"
        + "\"Description\":\"by hand\"}]";
    String group = Json.string(api.call(Product.SLB, "CreateVServerGroup", RpcParams.create()
        .put("LoadBalancerId", id).put("VServerGroupName", "users").put("BackendServers", userBackend)),
        "VServerGroupId").orElseThrow();
    V1Service svc = service("vg", Map.of(ClbAnnotation.LOADBALANCER_ID.key(), id,
        ClbAnnotation.VGROUP_PORT.key(), group + ":80"), port(80, 30080, "TCP"));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    JsonObject attr = api.call(Product.SLB, "DescribeVServerGroupAttribute",
        RpcParams.create().put("VServerGroupId", group));
    assertThat(Json.objects(attr, "BackendServers")).hasSize(4);
    // no group of our own for a port that uses the user's
    assertThat(emulator.server().journal().count("CreateVServerGroup")).isEqualTo(1);

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);
    attr = api.call(Product.SLB, "DescribeVServerGroupAttribute", RpcParams.create().put("VServerGroupId", group));
    assertThat(Json.objects(attr, "BackendServers")).singleElement()
        .satisfies(b -> assertThat(Json.string(b, "Description")).contains("by hand"));
  }

  @Test
  void twoServicesWithTheSameNameAnnotationNeverShareOrDeleteEachOthersClb() {
    Map<String, String> named = Map.of(ClbAnnotation.NAME.key(), "shop-frontend");
    V1Service first = service("first", named, port(80, 30080, "TCP"));
    V1Service second = service("second", named, port(8080, 30081, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, first, nodes());
    String firstId = only().id();

    clb.ensureLoadBalancer(CLUSTER, second, nodes());

    List<ControlLoadBalancer> all = emulator.control().loadBalancers();
    assertThat(all).hasSize(2);
    ControlLoadBalancer firstLb = all.stream().filter(l -> l.id().equals(firstId)).findFirst().orElseThrow();
    assertThat(firstLb.listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
    assertThat(clb.getLoadBalancer(CLUSTER, second)).isPresent();

    clb.ensureLoadBalancerDeleted(CLUSTER, second);

    assertThat(only().id()).isEqualTo(firstId);
    assertThat(only().listeners()).containsExactly(new ControlListener("tcp", 80, 30080));
  }

  @Test
  void worksWithTheClassicHmacSha1Signature() {
    JsonObject cfg = Json.parse(emulator.cloudConfig());
    cfg.getAsJsonObject("Global").addProperty("signatureAlgorithm", "HMAC-SHA1");
    AlibabaCloudConfig sha1 = AlibabaCloudConfig.parse(CloudConfig.of(cfg.toString()), Map.of());
    try (AlibabaApi classic = AlibabaApi.create(sha1, Map.of(), "ccm4j-test")) {
      ClbLoadBalancer lb = new ClbLoadBalancer(classic, sha1);
      V1Service svc = service("sha1", Map.of(), port(80, 30080, "TCP"));
      lb.ensureLoadBalancer(CLUSTER, svc, nodes());
      assertThat(lastParams("CreateLoadBalancer")).containsEntry("SignatureMethod", "HMAC-SHA1");
      lb.ensureLoadBalancerDeleted(CLUSTER, svc);
      assertThat(emulator.control().loadBalancers()).isEmpty();
    }
  }

  @Test
  void aClbOfAnotherServiceCannotBeReused() {
    V1Service first = service("first", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, first, nodes());
    String id = only().id();
    emulator.server().journal().clear();

    V1Service thief = service("thief", Map.of(ClbAnnotation.LOADBALANCER_ID.key(), id), port(80, 30081, "TCP"));
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, thief, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("created by the controller for another Service");
    assertThat(writes()).isEmpty();
  }

  @Test
  void aForeignClbIsNeverDeletedEvenWhenItsNameMatches() {
    V1Service svc = service("web", Map.of(), port(80, 30080, "TCP"));
    String foreign = userClb(LoadBalancers.defaultName(svc));

    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(emulator.control().loadBalancers()).hasSize(2);
    assertThat(clb.getLoadBalancer(CLUSTER, svc)).isPresent();

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(emulator.control().loadBalancers()).singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(foreign));

    // nor when the Service points its name at it and the cloud has no CLB of ours
    V1Service named = service("named", Map.of(ClbAnnotation.NAME.key(), LoadBalancers.defaultName(svc)),
        port(80, 30080, "TCP"));
    assertThat(clb.getLoadBalancer(CLUSTER, named)).isEmpty();
    clb.ensureLoadBalancerDeleted(CLUSTER, named);
    assertThat(emulator.control().loadBalancers()).extracting(ControlLoadBalancer::id).containsExactly(foreign);
  }

  @Test
  void anotherClustersClbIsNeverDeleted() {
    V1Service svc = service("web", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer("other-cluster", svc, nodes());

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);

    assertThat(emulator.control().loadBalancers()).hasSize(1);
    assertThat(emulator.server().journal().count("DeleteLoadBalancer")).isZero();
  }

  @Test
  void deletionTurnsProtectionOffFirst() {
    V1Service svc = service("gone", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    emulator.server().journal().clear();

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);

    assertThat(emulator.control().loadBalancers()).isEmpty();
    assertThat(writes()).containsExactly("SetLoadBalancerDeleteProtection", "SetLoadBalancerModificationProtection",
        "DeleteLoadBalancer");
    assertThat(clb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    // deleting again is a no-op
    clb.ensureLoadBalancerDeleted(CLUSTER, svc);
  }

  @Test
  void anEndpointWithoutTheDeleteActionNeverCountsAsDeleted() {
    V1Service svc = service("private-cloud", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    // a private deployment that lacks the action answers with a code that ends in NotFound, like a missing CLB
    emulator.server().faults().add(FaultRule.builder().operation("DeleteLoadBalancer")
        .failTimes(1, 404, "InvalidAction.NotFound", "Specified api is not found").build());

    assertThatThrownBy(() -> clb.ensureLoadBalancerDeleted(CLUSTER, svc))
        .hasMessageContaining("InvalidAction.NotFound");
    assertThat(emulator.control().loadBalancers()).hasSize(1);

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(emulator.control().loadBalancers()).isEmpty();
  }

  @Test
  void preserveOnDeleteKeepsTheClbWithoutOwnershipTags() {
    V1Service svc = service("keep", Map.of(ClbAnnotation.PRESERVE_LB_ON_DELETE.key(), "true",
        ClbAnnotation.ADDITIONAL_RESOURCE_TAGS.key(), "team=web"), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());

    clb.ensureLoadBalancerDeleted(CLUSTER, svc);

    ControlLoadBalancer lb = only();
    assertThat(lb.tags()).doesNotContainKeys(ClbTags.DO_NOT_DELETE, ClbTags.CLUSTER).containsEntry("team", "web");
    JsonObject attr = api.call(Product.SLB, "DescribeLoadBalancerAttribute",
        RpcParams.create().put("LoadBalancerId", lb.id()));
    assertThat(Json.string(attr, "DeleteProtection")).contains("off");
    assertThat(emulator.server().journal().count("DeleteLoadBalancer")).isZero();
  }

  @Test
  void aBadAnnotationChangesNothingInTheCloud() {
    V1Service bad = service("bad", Map.of(ClbAnnotation.SCHEDULER.key(), "fastest"), port(80, 30080, "TCP"));
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, bad, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("service.beta.kubernetes.io/alibaba-cloud-loadbalancer-scheduler: \"fastest\"");
    assertThat(writes()).isEmpty();
    assertThat(emulator.server().journal().entries()).isEmpty();

    V1Service good = service("good", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, good, nodes());
    emulator.server().journal().clear();
    V1Service broken = withAnnotation(good, ClbAnnotation.HEALTHY_THRESHOLD.key(), "99");
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, broken, nodes()))
        .isInstanceOf(ServiceConfigurationException.class);
    assertThatThrownBy(() -> clb.updateLoadBalancer(CLUSTER, broken, nodes().subList(0, 1)))
        .isInstanceOf(ServiceConfigurationException.class);
    assertThat(writes()).isEmpty();
    // deletion still works for a Service whose annotations went bad
    clb.ensureLoadBalancerDeleted(CLUSTER, broken);
    assertThat(emulator.control().loadBalancers()).isEmpty();
  }

  @Test
  void anImmutableChangeIsRefusedBeforeAnyWrite() {
    V1Service svc = service("fixed", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    emulator.server().journal().clear();

    V1Service changed = withAnnotation(svc, ClbAnnotation.ADDRESS_TYPE.key(), "intranet");
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, changed, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(ClbAnnotation.ADDRESS_TYPE.key() + ": \"intranet\" cannot be applied: the CLB has "
            + "internet");
    assertThat(writes()).isEmpty();
  }

  @Test
  void modifiableAttributesAreApplied() {
    V1Service svc = service("mod", Map.of(), port(80, 30080, "TCP"));
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    V1Service changed = withAnnotation(withAnnotation(withAnnotation(svc, ClbAnnotation.NAME.key(), "renamed"),
        ClbAnnotation.SPEC.key(), "slb.s2.small"), ClbAnnotation.DELETE_PROTECTION.key(), "off");
    emulator.server().journal().clear();

    clb.ensureLoadBalancer(CLUSTER, changed, nodes());

    assertThat(writes()).containsExactlyInAnyOrder("SetLoadBalancerName", "SetLoadBalancerDeleteProtection",
        "ModifyLoadBalancerInstanceChargeType");
    JsonObject attr = api.call(Product.SLB, "DescribeLoadBalancerAttribute",
        RpcParams.create().put("LoadBalancerId", only().id()));
    assertThat(Json.string(attr, "LoadBalancerName")).contains("renamed");
    assertThat(Json.string(attr, "LoadBalancerSpec")).contains("slb.s2.small");
    assertThat(Json.string(attr, "InstanceChargeType")).contains("PayBySpec");
    assertThat(Json.string(attr, "DeleteProtection")).contains("off");
    // found by its tag even though the name changed
    assertThat(clb.getLoadBalancer(CLUSTER, changed)).isPresent();
  }

  @Test
  void intranetClbGetsAnAddressFromTheVSwitch() {
    V1Service svc = service("inside", Map.of(ClbAnnotation.ADDRESS_TYPE.key(), "intranet"), port(80, 30080, "TCP"));
    V1LoadBalancerStatus status = clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(status.getIngress().get(0).getIp()).startsWith("192.168.");
    assertThat(lastParams("CreateLoadBalancer")).containsKeys("VSwitchId", "VpcId");
  }

  @Test
  void eipAndHostnameIngress() {
    V1Service svc = service("eip", Map.of(ClbAnnotation.EXTERNAL_IP_TYPE.key(), "eip"), port(80, 30080, "TCP"));
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .hasMessageContaining("no EIP is bound to CLB");
    EipAddress eip = emulator.state().vpc().allocateEip("5", "PayByTraffic");
    emulator.state().vpc().associateEip(eip.allocationId(), "SlbInstance", only().id());
    assertThat(clb.ensureLoadBalancer(CLUSTER, svc, nodes()).getIngress().get(0).getIp())
        .isEqualTo(eip.ipAddress());

    V1Service host = service("host", Map.of(ClbAnnotation.HOSTNAME.key(), "web.example.com"), port(80, 30081, "TCP"));
    assertThat(clb.ensureLoadBalancer(CLUSTER, host, nodes()).getIngress().get(0).getHostname())
        .isEqualTo("web.example.com");
  }

  @Test
  void throttlingSurfacesAsThrottledException() {
    emulator.server().faults().add(FaultRule.builder().operation("DescribeLoadBalancers")
        .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.").build());
    V1Service svc = service("slow", Map.of(), port(80, 30080, "TCP"));

    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, svc, nodes())).isInstanceOf(ThrottledException.class);
    assertThat(writes()).isEmpty();
    clb.ensureLoadBalancer(CLUSTER, svc, nodes());
    assertThat(emulator.control().loadBalancers()).hasSize(1);
  }

  @Test
  void classedServicesBelongElsewhere() {
    V1Service nlb = service("nlb", Map.of(), port(80, 30080, "TCP"));
    nlb.getSpec().setLoadBalancerClass("alibabacloud.com/nlb");
    assertThatThrownBy(() -> clb.ensureLoadBalancer(CLUSTER, nlb, nodes()))
        .isInstanceOf(ImplementedElsewhereException.class);
    V1Service other = service("other", Map.of(ClbAnnotations.CLASS, "someone-else"), port(80, 30080, "TCP"));
    assertThatThrownBy(() -> clb.updateLoadBalancer(CLUSTER, other, nodes()))
        .isInstanceOf(ImplementedElsewhereException.class);
    assertThat(clb.getLoadBalancer(CLUSTER, nlb)).isEmpty();
    clb.ensureLoadBalancerDeleted(CLUSTER, other);
    assertThat(emulator.server().journal().entries()).isEmpty();
  }

  @Test
  void noSecretReachesALogLineOrAnException() {
    String secret = emulator.accessKeySecret();
    String encoded = java.util.Base64.getEncoder().encodeToString(secret.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    List<String> messages = new ArrayList<>();
    try (LogCapture logs = LogCapture.of("dev.ccm4j")) {
      V1Service svc = service("quiet", Map.of(ClbAnnotation.PROTOCOL_PORT.key(), "http:80"), port(80, 30080, "TCP"));
      clb.ensureLoadBalancer(CLUSTER, svc, nodes());
      clb.updateLoadBalancer(CLUSTER, svc, nodes().subList(0, 1));
      emulator.server().faults().add(FaultRule.builder().operation("DescribeLoadBalancers")
          .failTimes(1, 400, "Throttling.User", "Request was denied due to user flow control.").build());
      try {
        clb.ensureLoadBalancer(CLUSTER, svc, nodes());
      } catch (RuntimeException e) {
        messages.add(String.valueOf(e));
      }
      try {
        clb.ensureLoadBalancer(CLUSTER, withAnnotation(svc, ClbAnnotation.SCHEDULER.key(), "x"), nodes());
      } catch (RuntimeException e) {
        messages.add(String.valueOf(e));
      }
      clb.ensureLoadBalancerDeleted(CLUSTER, svc);
      assertThat(logs.lines()).isNotEmpty();
      assertThat(logs.text()).doesNotContain(secret).doesNotContain(encoded);
    }
    assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).doesNotContain(secret).doesNotContain(encoded));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private ControlLoadBalancer only() {
    List<ControlLoadBalancer> all = emulator.control().loadBalancers();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private List<String> writes() {
    return emulator.server().journal().entries().stream().map(JournalEntry::operation)
        .filter(op -> READS.stream().noneMatch(op::startsWith)).toList();
  }

  private Map<String, String> lastParams(String operation) {
    List<JournalEntry> e = emulator.server().journal().entries(operation);
    assertThat(e).isNotEmpty();
    return e.get(e.size() - 1).params();
  }

  private List<JsonObject> listeners(String id) {
    return Json.objects(api.call(Product.SLB, "DescribeLoadBalancerListeners",
        RpcParams.create().putList("LoadBalancerId", List.of(id))), "Listeners");
  }

  private String uploadCertificate() {
    JsonObject r = api.call(Product.SLB, "UploadServerCertificate", RpcParams.create()
        .put("ServerCertificate", "-----BEGIN CERTIFICATE-----\n" + UUID.randomUUID() + "\n-----END CERTIFICATE-----")
        .put("PrivateKey", "-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----"));
    return Json.string(r, "ServerCertificateId").orElseThrow();
  }

  /** A CLB created outside Kubernetes: no ownership tags. */
  private String userClb(String name) {
    JsonObject r = api.call(Product.SLB, "CreateLoadBalancer", RpcParams.create().put("LoadBalancerName", name));
    return Json.string(r, "LoadBalancerId").orElseThrow();
  }

  private void userListener(String id, int port) {
    api.call(Product.SLB, "CreateLoadBalancerTCPListener", RpcParams.create().put("LoadBalancerId", id)
        .put("ListenerPort", port).put("BackendServerPort", port).put("Bandwidth", -1)
        .put("Description", "made by hand"));
  }

  private List<String> instanceIds() {
    return emulator.state().ecs().instances().stream().map(EcsInstance::instanceId).toList();
  }

  private List<V1Node> nodes() {
    List<V1Node> out = new ArrayList<>();
    for (EcsInstance i : emulator.state().ecs().instances()) {
      out.add(new V1Node().metadata(new V1ObjectMeta().name(i.instanceName()).labels(new HashMap<>()))
          .spec(new V1NodeSpec().providerID(i.regionId() + "." + i.instanceId())));
    }
    return out;
  }

  private static String instanceOf(V1Node n) {
    String p = n.getSpec().getProviderID();
    return p.substring(p.indexOf('.') + 1);
  }

  private static V1Service service(String name, Map<String, String> annotations, V1ServicePort... ports) {
    return new V1Service()
        .metadata(new V1ObjectMeta().name(name).namespace("default").uid(UUID.randomUUID().toString())
            .annotations(new HashMap<>(annotations)))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(ports)));
  }

  private static V1Service withAnnotation(V1Service s, String key, String value) {
    Map<String, String> a = new HashMap<>(Optional.ofNullable(s.getMetadata().getAnnotations()).orElse(Map.of()));
    a.put(key, value);
    return new V1Service()
        .metadata(new V1ObjectMeta().name(s.getMetadata().getName()).namespace(s.getMetadata().getNamespace())
            .uid(s.getMetadata().getUid()).annotations(a))
        .spec(s.getSpec());
  }

  private static V1ServicePort port(int port, int nodePort, String protocol) {
    return new V1ServicePort().port(port).nodePort(nodePort).protocol(protocol);
  }
}
