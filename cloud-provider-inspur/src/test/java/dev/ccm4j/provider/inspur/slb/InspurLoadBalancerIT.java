package dev.ccm4j.provider.inspur.slb;

import static dev.ccm4j.provider.inspur.Nodes.node;
import static dev.ccm4j.provider.inspur.Nodes.service;
import static dev.ccm4j.provider.inspur.Nodes.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.api.ThrottledException;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.inspur.InspurCloudProvider;
import dev.ccm4j.provider.inspur.InspurCloudProviderFactory;
import dev.ccm4j.provider.inspur.emulator.InspurEmulator;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load balancer against the emulated SLB API, reading the results back from the emulator's own state. */
class InspurLoadBalancerIT {
  private static final String CLUSTER = "it-cluster";
  private static final Set<String> WRITES = Set.of("CreateListener", "ModifyListener", "DeleteListener",
      "CreateBackends", "RemoveBackends", "ModifyLoadBalancer", "DeleteLoadBalancer");
  private static final InspurEmulator EMULATOR = InspurEmulator.builder()
      .clientId("it-client").clientSecret("it secret&=+").instances(0).build().start();

  private InspurCloudProvider provider;
  private InspurLoadBalancer lb;

  @BeforeEach
  void open() {
    provider = new InspurCloudProviderFactory().create(CloudConfig.of(EMULATOR.cloudConfig()),
        java.time.Clock.systemUTC());
    lb = (InspurLoadBalancer) provider.loadBalancer().orElseThrow();
    EMULATOR.control().clearFaults();
    EMULATOR.control().clearJournal();
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @AfterAll
  static void stop() {
    EMULATOR.close();
  }

  private static List<JsonObject> listeners(String slbId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : EMULATOR.state().listeners(slbId)) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  private static List<JsonObject> members(String slbId, JsonObject listener) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : EMULATOR.state().members(slbId, listener.get("listenerId").getAsString())) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  private static JsonObject listenerOn(String slbId, int port) {
    return listeners(slbId).stream().filter(l -> l.get("port").getAsInt() == port).findFirst().orElseThrow();
  }

  private static List<String> writes() {
    return EMULATOR.control().journal().stream().map(JournalEntry::operation).filter(WRITES::contains).toList();
  }

  private static V1Service annotated(String slbId, Map<String, String> more, List<io.kubernetes.client.openapi.models.V1ServicePort> ports) {
    Map<String, String> a = new java.util.HashMap<>(more);
    a.put(InspurAnnotations.SLB_ID, slbId);
    return service("web", a, ports);
  }

  private static final List<V1Node> NODES = List.of(
      node("node-a", "10.0.0.11", "ins-a", null),
      node("node-b", "10.0.0.12", null, "incloud://ins-b"),
      node("node-c", "10.0.0.13", null, null));

  @Test
  void oneListenerPerServicePortWithTheNodesAsMembersOnTheNodePort() {
    String slbId = EMULATOR.createLoadBalancer("front");
    V1Service svc = annotated(slbId, Map.of(), List.of(tcp(80, 30080), tcp(443, 30443)));

    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, NODES);

    String name = lb.getLoadBalancerName(CLUSTER, svc);
    assertThat(listeners(slbId)).extracting(l -> l.get("listenerName").getAsString() + "@" + l.get("port"))
        .containsExactlyInAnyOrder("ccm4j_" + name + "_TCP_80@80", "ccm4j_" + name + "_TCP_443@443");
    assertThat(members(slbId, listenerOn(slbId, 80)))
        .extracting(m -> m.get("serverId").getAsString() + " " + m.get("serverIp").getAsString() + ":"
            + m.get("port").getAsInt() + " w" + m.get("weight").getAsInt() + " " + m.get("serverName").getAsString())
        .containsExactlyInAnyOrder("ins-a 10.0.0.11:30080 w10 node-a", "ins-b 10.0.0.12:30080 w10 node-b",
            "node-c 10.0.0.13:30080 w10 node-c");
    String businessIp = EMULATOR.state().describeLoadBalancer(slbId).get("businessIp").getAsString();
    assertThat(status.getIngress()).extracting(V1LoadBalancerIngress::getIp).containsExactly(businessIp);
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).contains(status);

    EMULATOR.control().clearJournal();
    assertThat(lb.ensureLoadBalancer(CLUSTER, svc, NODES)).isEqualTo(status);
    assertThat(writes()).as("a second ensure writes nothing").isEmpty();
  }

  @Test
  void aNewNodePortKeepsTheListenerAndReplacesTheMembers() {
    String slbId = EMULATOR.createLoadBalancer("front");
    V1Service svc = annotated(slbId, Map.of(), List.of(tcp(80, 30080)));
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    String listenerId = listenerOn(slbId, 80).get("listenerId").getAsString();

    V1Service moved = annotated(slbId, Map.of(), List.of(tcp(80, 31080)));
    moved.getMetadata().setUid(svc.getMetadata().getUid());
    lb.ensureLoadBalancer(CLUSTER, moved, NODES);

    JsonObject listener = listenerOn(slbId, 80);
    assertThat(listener.get("listenerId").getAsString()).as("keyed by Service port, not NodePort")
        .isEqualTo(listenerId);
    assertThat(members(slbId, listener)).extracting(m -> m.get("port").getAsInt()).containsOnly(31080).hasSize(3);
  }

  @Test
  void updatesAddAndRemoveOnlyTheDifference() {
    String slbId = EMULATOR.createLoadBalancer("front");
    V1Service svc = annotated(slbId, Map.of(), List.of(tcp(80, 30080)));
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    Map<String, String> before = members(slbId, listenerOn(slbId, 80)).stream()
        .collect(Collectors.toMap(m -> m.get("serverId").getAsString(), m -> m.get("backendId").getAsString()));
    EMULATOR.control().clearJournal();

    List<V1Node> next = List.of(NODES.get(1), NODES.get(2), node("node-d", "10.0.0.14", "ins-d", null));
    lb.updateLoadBalancer(CLUSTER, svc, next);

    assertThat(writes()).containsExactly("RemoveBackends", "CreateBackends");
    JournalEntry removal = EMULATOR.control().journal("RemoveBackends").get(0);
    assertThat(removal.params().toString()).contains(before.get("ins-a"));
    Map<String, String> after = members(slbId, listenerOn(slbId, 80)).stream()
        .collect(Collectors.toMap(m -> m.get("serverId").getAsString(), m -> m.get("backendId").getAsString()));
    assertThat(after).containsOnlyKeys("ins-b", "node-c", "ins-d");
    assertThat(after.get("ins-b")).as("unchanged members are kept").isEqualTo(before.get("ins-b"));
    assertThat(after.get("node-c")).isEqualTo(before.get("node-c"));

    lb.updateLoadBalancer(CLUSTER, svc, List.of());
    assertThat(members(slbId, listenerOn(slbId, 80))).isEmpty();
  }

  @Test
  void listenersOfTheUserAndOfOtherServicesAreNeverTouched() {
    String slbId = EMULATOR.createLoadBalancer("shared");
    JsonObject user = new JsonObject();
    user.addProperty("slbId", slbId);
    user.addProperty("listenerName", "user-web");
    user.addProperty("protocol", "TCP");
    user.addProperty("port", 8080);
    String userListener = EMULATOR.state().createListener(slbId, user).get("listenerId").getAsString();
    V1Service one = annotated(slbId, Map.of(), List.of(tcp(80, 30080)));
    V1Service two = annotated(slbId, Map.of(), List.of(tcp(81, 30081)));
    lb.ensureLoadBalancer(CLUSTER, one, NODES);
    lb.ensureLoadBalancer(CLUSTER, two, NODES);

    V1Service clash = annotated(slbId, Map.of(), List.of(tcp(8080, 30090)));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, clash, NODES))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("user-web").hasMessageContaining("8080");

    lb.ensureLoadBalancerDeleted(CLUSTER, one);
    assertThat(listeners(slbId)).extracting(l -> l.get("port").getAsInt()).containsExactlyInAnyOrder(8080, 81);
    assertThat(EMULATOR.state().listener(slbId, userListener).get("listenerName").getAsString())
        .isEqualTo("user-web");
    assertThat(lb.getLoadBalancer(CLUSTER, one)).isEmpty();
    assertThat(lb.getLoadBalancer(CLUSTER, two)).isPresent();

    lb.ensureLoadBalancerDeleted(CLUSTER, two);
    lb.ensureLoadBalancerDeleted(CLUSTER, two);
    assertThat(EMULATOR.state().describeLoadBalancer(slbId).get("slbId").getAsString())
        .as("the SLB itself is never deleted").isEqualTo(slbId);
    assertThat(listeners(slbId)).extracting(l -> l.get("port").getAsInt()).containsExactly(8080);
  }

  @Test
  void aServiceWithoutTheSlbIdAnnotationIsRefusedWithoutCallingTheCloud() {
    V1Service svc = service("plain", Map.of(), List.of(tcp(80, 30080)));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, NODES))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(InspurAnnotations.SLB_ID)
        .hasMessageContaining("create the SLB");
    assertThatThrownBy(() -> lb.updateLoadBalancer(CLUSTER, svc, NODES))
        .isInstanceOf(ServiceConfigurationException.class);
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(EMULATOR.control().journal()).as("no call at all, not even a token").isEmpty();
  }

  @Test
  void invalidAnnotationsAreAllNamedAndNothingChanges() {
    String slbId = EMULATOR.createLoadBalancer("front");
    V1Service svc = annotated(slbId, Map.of(InspurAnnotations.FORWARD_RULE, "LC",
        InspurAnnotations.IS_HEALTHCHECK, "yes", InspurAnnotations.HEALTHCHECK_PATH, "healthz"),
        List.of(tcp(80, 30080)));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, NODES))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(InspurAnnotations.FORWARD_RULE)
        .hasMessageContaining(InspurAnnotations.IS_HEALTHCHECK)
        .hasMessageContaining(InspurAnnotations.HEALTHCHECK_PATH);
    assertThat(EMULATOR.control().journal()).isEmpty();
    assertThat(listeners(slbId)).isEmpty();
  }

  @Test
  void annotationsReachTheListenerAndAChangeModifiesItOnce() {
    String slbId = EMULATOR.createLoadBalancer("front");
    Map<String, String> a = Map.of(InspurAnnotations.FORWARD_RULE, "wrr", InspurAnnotations.IS_HEALTHCHECK, "true",
        InspurAnnotations.HEALTHCHECK_TYPE, "http", InspurAnnotations.HEALTHCHECK_PATH, "/healthz",
        InspurAnnotations.HEALTHCHECK_DOMAIN, "www.example.com", InspurAnnotations.HEALTHCHECK_PERIOD, "10",
        InspurAnnotations.HEALTHCHECK_TIMEOUT, "3", InspurAnnotations.HEALTHCHECK_MAX, "4",
        InspurAnnotations.HEALTHCHECK_PORT, "10256");
    V1Service svc = annotated(slbId, a, List.of(tcp(80, 30080)));
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    JsonObject l = listenerOn(slbId, 80);
    assertThat(l.get("forwardRule").getAsString()).isEqualTo("WRR");
    assertThat(l.get("isHealthCheck").getAsString()).isEqualTo("1");
    assertThat(l.get("typeHealthCheck").getAsString()).isEqualTo("http");
    assertThat(l.get("pathHealthCheck").getAsString()).isEqualTo("/healthz");
    assertThat(l.get("domainHealthCheck").getAsString()).isEqualTo("www.example.com");
    assertThat(l.get("periodHealthCheck").getAsInt()).isEqualTo(10);
    assertThat(l.get("timeoutHealthCheck").getAsInt()).isEqualTo(3);
    assertThat(l.get("maxHealthCheck").getAsInt()).isEqualTo(4);
    assertThat(l.get("portHealthCheck").getAsInt()).isEqualTo(10256);

    Map<String, String> changed = new java.util.HashMap<>(a);
    changed.put(InspurAnnotations.FORWARD_RULE, "RR");
    V1Service svc2 = annotated(slbId, changed, List.of(tcp(80, 30080)));
    svc2.getMetadata().setUid(svc.getMetadata().getUid());
    EMULATOR.control().clearJournal();
    lb.ensureLoadBalancer(CLUSTER, svc2, NODES);
    lb.ensureLoadBalancer(CLUSTER, svc2, NODES);
    assertThat(writes()).containsExactly("ModifyListener");
    assertThat(listenerOn(slbId, 80).get("forwardRule").getAsString()).isEqualTo("RR");
  }

  @Test
  void anElasticIpIsASecondIngress() {
    String slbId = EMULATOR.createLoadBalancer("public", true);
    JsonObject described = EMULATOR.state().describeLoadBalancer(slbId);
    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, annotated(slbId, Map.of(), List.of(tcp(80,
        30080))), NODES);
    assertThat(status.getIngress()).extracting(V1LoadBalancerIngress::getIp)
        .containsExactly(described.get("businessIp").getAsString(), described.get("eipAddress").getAsString());
  }

  @Test
  void anInternalSlbAnnotationWorksAndAnUnknownSlbIsAnError() {
    String slbId = EMULATOR.createLoadBalancer("internal");
    V1Service svc = service("int", Map.of(InspurAnnotations.INTERNAL_SLB_ID, slbId), List.of(tcp(80, 30080)));
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    assertThat(listeners(slbId)).hasSize(1);

    V1Service missing = service("gone", Map.of(InspurAnnotations.SLB_ID, "slb-does-not-exist"),
        List.of(tcp(80, 30080)));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, missing, NODES))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("slb-does-not-exist")
        .hasMessageContaining("does not exist");
    assertThat(lb.getLoadBalancer(CLUSTER, missing)).isEmpty();
    lb.ensureLoadBalancerDeleted(CLUSTER, missing);
  }

  @Test
  void throttlingIsAThrottledExceptionWithTheCloudsDelay() {
    String slbId = EMULATOR.createLoadBalancer("busy");
    EMULATOR.control().addFault(FaultRule.builder().operation("DescribeListeners")
        .failTimes(1, 429, "TooManyRequests", "slow down").retryAfter(Duration.ofSeconds(3)).build());
    V1Service svc = annotated(slbId, Map.of(), List.of(tcp(80, 30080)));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, NODES))
        .isInstanceOfSatisfying(ThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    assertThat(listeners(slbId)).hasSize(1);
  }

  @Test
  void oneTokenServesManyCallsAndARevokedOneIsReplacedOnce() {
    String slbId = EMULATOR.createLoadBalancer("tokens");
    V1Service svc = annotated(slbId, Map.of(), List.of(tcp(80, 30080), tcp(81, 30081)));
    for (int i = 0; i < 5; i++) {
      lb.ensureLoadBalancer(CLUSTER, svc, NODES);
      lb.getLoadBalancer(CLUSTER, svc);
    }
    assertThat(EMULATOR.control().journal().size()).isGreaterThan(20);
    assertThat(EMULATOR.control().journal("Token")).hasSize(1);

    EMULATOR.revokeTokens();
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    lb.ensureLoadBalancer(CLUSTER, svc, NODES);
    assertThat(EMULATOR.control().journal("Token")).as("one refresh after the 401").hasSize(2);
  }
}
