package dev.ccm4j.provider.huawei.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.classic.ClassicElb.Member;
import dev.ccm4j.provider.huawei.classic.ClassicElb.Wanted;
import dev.ccm4j.provider.huawei.elb.EipAutoCreate;
import dev.ccm4j.provider.huawei.elb.ElbClass;
import dev.ccm4j.provider.huawei.elb.ElbServiceConfig;
import dev.ccm4j.provider.huawei.elb.HealthCheck;
import io.kubernetes.client.openapi.models.V1NodeBuilder;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceBuilder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The classic ELB v1.0 request bodies, names and the Service-to-listener mapping, without a cloud. */
class ClassicElbBodiesTest {
  private static final ElbServiceConfig CFG = ElbServiceConfig.builder(ElbClass.ELASTICITY).build();

  private static V1Service svc(String protocol, Integer nodePort) {
    return new V1ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
        .withNewSpec().withType("LoadBalancer").addNewPort().withProtocol(protocol).withPort(80)
        .withNodePort(nodePort).endPort().endSpec().build();
  }

  @Test
  void anInternalLoadBalancerIsFlatWithTheSubnetAndSecurityGroup() {
    JsonObject body = ClassicElb.createLoadBalancerBody("k8s_service_c_shop_web", "d", "vpc-1", svc("TCP", 30080),
        CFG, Optional.of("subnet-1"), Optional.of("sg-1"));
    assertThat(body).isEqualTo(JsonParser.parseString("{\"name\":\"k8s_service_c_shop_web\",\"description\":\"d\","
        + "\"vpc_id\":\"vpc-1\",\"admin_state_up\":1,\"type\":\"Internal\",\"vip_subnet_id\":\"subnet-1\","
        + "\"security_group_id\":\"sg-1\"}"));
  }

  @Test
  void theSubnetAnnotationWinsAndLoadBalancerIpIsTheVip() {
    V1Service s = svc("TCP", 30080);
    s.getSpec().setLoadBalancerIP("192.168.0.50");
    ElbServiceConfig cfg = CFG.toBuilder().subnetId(Optional.of("subnet-annotated")).build();
    JsonObject body = ClassicElb.createLoadBalancerBody("n", "d", "vpc-1", s, cfg, Optional.of("subnet-1"),
        Optional.empty());
    assertThat(body.get("vip_subnet_id").getAsString()).isEqualTo("subnet-annotated");
    assertThat(body.get("vip_address").getAsString()).isEqualTo("192.168.0.50");
    assertThat(body.has("security_group_id")).isFalse();
  }

  @Test
  void anEipAutoCreateOptionMakesAnExternalLoadBalancerWithItsBandwidth() {
    ElbServiceConfig cfg = CFG.toBuilder().eipAutoCreate(Optional.of(new EipAutoCreate("5_bgp", OptionalInt.of(7),
        "PER", "bandwidth", Optional.empty()))).build();
    JsonObject body = ClassicElb.createLoadBalancerBody("n", "d", "vpc-1", svc("TCP", 30080), cfg, Optional.empty(),
        Optional.empty());
    assertThat(body.get("type").getAsString()).isEqualTo("External");
    assertThat(body.get("bandwidth").getAsInt()).isEqualTo(7);
    assertThat(body.get("charge_mode").getAsString()).isEqualTo("bandwidth");
    assertThat(body.has("vip_subnet_id")).isFalse();
  }

  @Test
  void anInternalLoadBalancerWithoutAnySubnetIsAConfigurationError() {
    assertThatThrownBy(() -> ClassicElb.createLoadBalancerBody("n", "d", "vpc-1", svc("TCP", 30080), CFG,
        Optional.empty(), Optional.empty()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("kubernetes.io/elb.subnet-id").hasMessageContaining("[Vpc] subnet-id");
  }

  @Test
  void aListenerForwardsTheServicePortToTheNodePortInClassicSpelling() {
    JsonObject body = ClassicElb.listenerBody("lb-1", "web_TCP_80", "TCP", 80, 30080, "leastconn");
    assertThat(body).isEqualTo(JsonParser.parseString("{\"name\":\"web_TCP_80\",\"loadbalancer_id\":\"lb-1\","
        + "\"protocol\":\"TCP\",\"port\":80,\"backend_protocol\":\"TCP\",\"backend_port\":30080,"
        + "\"lb_algorithm\":\"leastconn\"}"));
    assertThat(ClassicElb.lbAlgorithm(CFG.toBuilder().lbAlgorithm("LEAST_CONNECTIONS").build()))
        .isEqualTo("leastconn");
    assertThat(ClassicElb.lbAlgorithm(CFG.toBuilder().lbAlgorithm("SOURCE_IP").build())).isEqualTo("source");
    assertThat(ClassicElb.lbAlgorithm(CFG.toBuilder().lbAlgorithm("ROUND_ROBIN").build())).isEqualTo("roundrobin");
  }

  @Test
  void onlyDriftedListenerFieldsAreSent() {
    JsonObject current = JsonParser.parseString("{\"backend_port\":30080,\"lb_algorithm\":\"roundrobin\"}")
        .getAsJsonObject();
    assertThat(ClassicElb.listenerChanges(current, new Wanted("n", "TCP", 80, 30080), "roundrobin").size()).isZero();
    assertThat(ClassicElb.listenerChanges(current, new Wanted("n", "TCP", 80, 31000), "source"))
        .isEqualTo(JsonParser.parseString("{\"backend_port\":31000,\"lb_algorithm\":\"source\"}"));
  }

  @Test
  void healthChecksProbeTheNodePortAndMapTheRetries() {
    JsonObject tcp = ClassicElb.healthCheckBody(new HealthCheck(5, 3, 2, Optional.empty(), Optional.empty()), 30080);
    assertThat(tcp).isEqualTo(JsonParser.parseString("{\"healthcheck_protocol\":\"TCP\","
        + "\"healthcheck_connect_port\":30080,\"healthcheck_interval\":5,\"healthcheck_timeout\":3,"
        + "\"healthy_threshold\":2,\"unhealthy_threshold\":2}"));
    JsonObject http = ClassicElb.healthCheckBody(new HealthCheck(4, 3, 3, Optional.of("HTTP"),
        Optional.of("/healthz")), 30080);
    assertThat(http.get("healthcheck_protocol").getAsString()).isEqualTo("HTTP");
    assertThat(http.get("healthcheck_uri").getAsString()).isEqualTo("/healthz");
    JsonObject wide = ClassicElb.healthCheckBody(new HealthCheck(30, 60, 10, Optional.empty(), Optional.empty()), 1);
    assertThat(wide.get("healthcheck_interval").getAsInt()).as("classic's 1-5 s").isEqualTo(5);
    assertThat(wide.get("healthcheck_timeout").getAsInt()).as("classic's 1-50 s").isEqualTo(50);
  }

  @Test
  void membersAreABareArrayAndRemovalNamesMemberIds() {
    assertThat(ClassicElb.addMembersBody(List.of(new Member("srv-1", "10.0.0.5"))))
        .isEqualTo(JsonParser.parseString("[{\"server_id\":\"srv-1\",\"address\":\"10.0.0.5\"}]"));
    assertThat(ClassicElbClient.removeMembersBody(List.of("m-1", "m-2")))
        .isEqualTo(JsonParser.parseString("{\"removeMember\":[{\"id\":\"m-1\"},{\"id\":\"m-2\"}]}"));
  }

  @Test
  void membersComeFromProviderIdsAndInternalIps() {
    var ours = new V1NodeBuilder().withNewMetadata().withName("a").endMetadata()
        .withNewSpec().withProviderID("huaweicloud://0f8a3c1e-7c9d-4a51-9d0e-2b7f4c3a1e01").endSpec()
        .withNewStatus().addNewAddress().withType("Hostname").withAddress("a").endAddress()
        .addNewAddress().withType("InternalIP").withAddress("10.0.0.5").endAddress().endStatus().build();
    var foreign = new V1NodeBuilder().withNewMetadata().withName("b").endMetadata()
        .withNewSpec().withProviderID("aws:///i-1").endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.6").endAddress().endStatus()
        .build();
    assertThat(ClassicElb.members(List.of(ours, foreign)))
        .containsExactly(new Member("0f8a3c1e-7c9d-4a51-9d0e-2b7f4c3a1e01", "10.0.0.5"));
  }

  @Test
  void servicePortsBecomeListenersAndUnsupportedOnesAreConfigurationErrors() {
    assertThat(ClassicElb.wanted(svc("UDP", 30053), CFG)).containsExactly(new Wanted("web_UDP_80", "UDP", 80, 30053));
    assertThatThrownBy(() -> ClassicElb.wanted(svc("SCTP", 30080), CFG))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("SCTP");
    assertThatThrownBy(() -> ClassicElb.wanted(svc("TCP", null), CFG))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("NodePort");
  }

  @Test
  void listenerExistsIsRecognisedInBothSpellings() {
    assertThat(ClassicElbClient.listenerExists(apiError("ELB.6101", "listener exist, the port repeat"))).isTrue();
    assertThat(ClassicElbClient.listenerExists(apiError("", "ElbError6101: listener exists"))).isTrue();
    assertThat(ClassicElbClient.listenerExists(apiError("ELB.1001", "Request parameters error"))).isFalse();
  }

  private static dev.ccm4j.vendor.client.CloudApiException apiError(String code, String message) {
    return new dev.ccm4j.vendor.client.CloudApiException("CreateClassicListener",
        dev.ccm4j.vendor.client.VendorError.builder(400).code(code).message(message).build(), message, null);
  }

  @Test
  void namesFitClassicElbsSixtyFourCharactersAndAlphabet() {
    assertThat(ClassicElb.fit("k8s_service_prod.eu_shop_web")).isEqualTo("k8s_service_prod_eu_shop_web");
    String longName = "k8s_service_" + "c".repeat(40) + "_namespace_a-very-long-service-name";
    String fitted = ClassicElb.fit(longName);
    assertThat(fitted).hasSize(ClassicElb.MAX_NAME).startsWith("k8s_service_ccc");
    assertThat(ClassicElb.fit(longName + "2")).isNotEqualTo(fitted).hasSize(ClassicElb.MAX_NAME);
    assertThat(ClassicElb.fit(longName)).as("stable").isEqualTo(fitted);
  }

  @Test
  void theDescriptionHasNoAngleBracketsAndAtMost128Characters() {
    V1Service s = svc("TCP", 30080);
    assertThat(ClassicElb.description("c", s)).isEqualTo("Created by the ELB service(shop/web) of the k8s cluster(c).");
    assertThat(ClassicElb.description("x".repeat(200), s)).hasSize(ClassicElb.MAX_DESCRIPTION);
  }
}
