package dev.ccm4j.provider.huawei.elb;

import static dev.ccm4j.provider.huawei.elb.ElbAnnotations.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ElbAnnotationsTest {
  private static final String UUID = "5bc6d5d2-3a6f-4b28-9f2e-1c3c5d1f2e0a";

  static V1Service service(Map<String, String> annotations) {
    return new V1Service().metadata(new V1ObjectMeta().name("web").namespace("shop").annotations(annotations))
        .spec(new V1ServiceSpec().type("LoadBalancer")
            .ports(List.of(new V1ServicePort().port(80).protocol("TCP").nodePort(30080))));
  }

  /** Annotations by suffix under {@code kubernetes.io/elb.}, with {@code class=shared} unless given. */
  static Map<String, String> a(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ElbAnnotations.CLASS, "shared");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i].contains("/") ? kv[i] : PREFIX + kv[i], kv[i + 1]);
    }
    return m;
  }

  static ElbServiceConfig parse(Map<String, String> annotations) {
    return ElbAnnotations.parse(service(annotations), LoadBalancerConfig.defaults());
  }

  static ElbServiceConfig parse(Map<String, String> annotations, String loadBalancerOption) {
    return ElbAnnotations.parse(service(annotations),
        LoadBalancerConfig.parse(Map.of("loadBalancerOption", loadBalancerOption)));
  }

  static String problems(Map<String, String> annotations) {
    return problems(annotations, LoadBalancerConfig.defaults());
  }

  static String problems(Map<String, String> annotations, LoadBalancerConfig defaults) {
    try {
      ElbAnnotations.parse(service(annotations), defaults);
    } catch (ServiceConfigurationException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ServiceConfigurationException for " + annotations);
  }

  @Test
  void sharedWithNothingElseGetsTheOriginalDefaults() {
    ElbServiceConfig c = parse(a());
    assertThat(c.elbClass()).isEqualTo(ElbClass.SHARED);
    assertThat(c.elbId()).isEmpty();
    assertThat(c.subnetId()).isEmpty();
    assertThat(c.availabilityZones()).isEmpty();
    assertThat(c.eipId()).isEmpty();
    assertThat(c.eipAutoCreate()).isEmpty();
    assertThat(c.keepEip()).isFalse();
    assertThat(c.lbAlgorithm()).isEqualTo("ROUND_ROBIN");
    assertThat(c.sessionAffinity()).isEmpty();
    assertThat(c.healthCheck()).contains(new HealthCheck(5, 3, 3, Optional.empty(), Optional.empty()));
    assertThat(c.transparentClientIp()).isFalse();
    assertThat(c.xForwardedHost()).isFalse();
    assertThat(c.tlsContainerRef()).isEmpty();
    assertThat(c.idleTimeout()).isEmpty();
    assertThat(c.requestTimeout()).isEmpty();
    assertThat(c.responseTimeout()).isEmpty();
    assertThat(c.crossVpc()).isFalse();
    assertThat(c.l4FlavorId()).isEmpty();
    assertThat(c.l7FlavorId()).isEmpty();
    assertThat(c.connectionLimit()).isEmpty();
    assertThat(c.natGatewayId()).isEmpty();
    assertThat(c.primaryNicForce()).isFalse();
    assertThat(c.lbProvider()).isEqualTo("vlb");
    assertThat(c.businessName()).isEmpty();
  }

  @Test
  void everyAnnotationIsRead() {
    ElbServiceConfig c = parse(a(
        "class", "dedicated",
        "subnet-id", UUID,
        "availability-zones", " cn-north-4a ; cn-north-4b",
        "eip-id", "eip-1",
        "keep-eip", "true",
        "lb-algorithm", "least_connections",
        "session-affinity-flag", "on",
        "session-affinity-option", "{\"type\":\"HTTP_COOKIE\",\"persistence_timeout\":\"1440\"}",
        "health-check-flag", "on",
        "health-check-option", "{\"delay\":\"10\",\"timeout\":50,\"max_retries\":10,\"protocol\":\"http\","
            + "\"path\":\"/healthz\"}",
        "enable-transparent-client-ip", "TRUE",
        "x-forwarded-host", "true",
        "idle-timeout", "4000",
        "request-timeout", "300",
        "response-timeout", "1",
        "enable-cross-vpc", "true",
        "l4-flavor-id", "l4-f",
        "l7-flavor-id", "l7-f",
        "connection-limit", "2147483647",
        "mark", "anything at all"));
    assertThat(c.elbClass()).isEqualTo(ElbClass.DEDICATED);
    assertThat(c.subnetId()).contains(UUID);
    assertThat(c.availabilityZones()).containsExactly("cn-north-4a", "cn-north-4b");
    assertThat(c.eipId()).contains("eip-1");
    assertThat(c.keepEip()).isTrue();
    assertThat(c.lbAlgorithm()).isEqualTo("LEAST_CONNECTIONS");
    assertThat(c.sessionAffinity()).contains(new SessionPersistence("HTTP_COOKIE", Optional.empty(),
        OptionalInt.of(1440)));
    assertThat(c.healthCheck()).contains(new HealthCheck(10, 50, 10, Optional.of("HTTP"), Optional.of("/healthz")));
    assertThat(c.transparentClientIp()).isTrue();
    assertThat(c.xForwardedHost()).isTrue();
    assertThat(c.idleTimeout()).hasValue(4000);
    assertThat(c.requestTimeout()).hasValue(300);
    assertThat(c.responseTimeout()).hasValue(1);
    assertThat(c.crossVpc()).isTrue();
    assertThat(c.l4FlavorId()).contains("l4-f");
    assertThat(c.l7FlavorId()).contains("l7-f");
    assertThat(c.connectionLimit()).hasValue(Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @MethodSource("classes")
  void everyClassIsAccepted(String value, ElbClass expected) {
    Map<String, String> m = a("class", value, "availability-zones", "az1", "kubernetes.io/natgateway.id", "nat-1");
    assertThat(parse(m).elbClass()).isEqualTo(expected);
    assertThat(ElbAnnotations.classOf(service(m))).contains(expected);
    assertThat(expected.annotationValue()).isEqualTo(value.strip().toLowerCase(java.util.Locale.ROOT));
  }

  static Stream<Arguments> classes() {
    return Stream.of(Arguments.of("shared", ElbClass.SHARED), Arguments.of("dedicated", ElbClass.DEDICATED),
        Arguments.of("elasticity", ElbClass.ELASTICITY), Arguments.of(" DNAT ", ElbClass.DNAT));
  }

  @Test
  void classIsRequiredAlsoWithTheLoadBalancerClass() {
    Map<String, String> none = new LinkedHashMap<>();
    assertThat(problems(none)).contains(ElbAnnotations.CLASS + ": is required")
        .contains("shared, dedicated, elasticity or dnat");
    V1Service classed = service(none);
    classed.getSpec().setLoadBalancerClass("huaweicloud.com/elb");
    assertThatThrownBy(() -> ElbAnnotations.parse(classed, LoadBalancerConfig.defaults()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("also with spec.loadBalancerClass huaweicloud.com/elb");
    assertThat(problems(a("class", " "))).contains(ElbAnnotations.CLASS + ": is required");
  }

  @Test
  void unknownClassNamesTheValueAndTheOlderNames() {
    assertThat(problems(a("class", "union"))).contains("\"union\" is not accepted (union is the older name of "
        + "shared); accepted: shared, dedicated, elasticity or dnat");
    assertThat(problems(a("class", "performance"))).contains("older name of dedicated");
    assertThat(problems(a("class", "x".repeat(200)))).contains("a value of 200 characters")
        .doesNotContain("xxxxxxxxxx");
  }

  @Test
  void classOfIsTolerant() {
    assertThat(ElbAnnotations.classOf(service(a("class", "dedicated", "lb-algorithm", "nope",
        "health-check-option", "{")))).contains(ElbClass.DEDICATED);
    assertThat(ElbAnnotations.classOf(service(a("class", "bogus")))).isEmpty();
    assertThat(ElbAnnotations.classOf(service(null))).isEmpty();
    assertThat(ElbAnnotations.classOf(new V1Service())).isEmpty();
    assertThat(ElbAnnotations.classOf(null)).isEmpty();
  }

  @Test
  void dedicatedNeedsZonesAndZonesMustBeClean() {
    assertThat(problems(a("class", "dedicated"))).contains(ElbAnnotations.AVAILABILITY_ZONES
        + ": is required for kubernetes.io/elb.class=dedicated");
    for (String bad : List.of("az1;;az2", "az1;", ";", "az1;az1", "a z")) {
      assertThat(problems(a("class", "dedicated", "availability-zones", bad)))
          .as(bad).contains(ElbAnnotations.AVAILABILITY_ZONES + ": ").contains("no empty item")
          .doesNotContain("is required");
    }
    // other classes do not need zones
    assertThat(parse(a("availability-zones", "az1")).availabilityZones()).containsExactly("az1");
  }

  @Test
  void dnatNeedsTheNatGateway() {
    assertThat(problems(a("class", "dnat"))).contains(ElbAnnotations.NAT_GATEWAY_ID + ": is required for "
        + "kubernetes.io/elb.class=dnat");
    assertThat(problems(a("class", "dnat", "kubernetes.io/natgateway.id", " "))).contains("is required");
    assertThat(parse(a("class", "dnat", "kubernetes.io/natgateway.id", "nat-1")).natGatewayId()).contains("nat-1");
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void everyBadValueIsNamedWithWhatIsAccepted(String suffix, String value, String accepted) {
    String message = problems(a(suffix, value));
    String key = suffix.contains("/") ? suffix : PREFIX + suffix;
    assertThat(message).startsWith("invalid Huawei load balancer configuration: " + key + ": ")
        .contains(accepted);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("id", "has space", "accepted: up to 128 letters"),
        Arguments.of("id", "../../x", "accepted: up to 128 letters"),
        Arguments.of("subnet-id", "a/b", "accepted: up to 128 letters"),
        Arguments.of("eip-id", "{x}", "accepted: up to 128 letters"),
        Arguments.of("default-tls-container-ref", "a b", "accepted: up to 128 letters"),
        Arguments.of("l4-flavor-id", "a b", "accepted: up to 128 letters"),
        Arguments.of("l7-flavor-id", "a b", "accepted: up to 128 letters"),
        Arguments.of("keep-eip", "yes", "\"yes\" is not accepted; accepted: true, false"),
        Arguments.of("enable-transparent-client-ip", "1", "accepted: true, false"),
        Arguments.of("x-forwarded-host", "on", "accepted: true, false"),
        Arguments.of("enable-cross-vpc", "no", "accepted: true, false"),
        Arguments.of("lb-algorithm", "RANDOM", "\"RANDOM\" is not accepted; accepted: ROUND_ROBIN, "
            + "LEAST_CONNECTIONS, SOURCE_IP"),
        Arguments.of("session-affinity-flag", "true", "\"true\" is not accepted; accepted: on, off"),
        Arguments.of("health-check-flag", "yes", "accepted: on, off, or empty for on"),
        Arguments.of("idle-timeout", "4001", "accepted: an integer from 0 to 4000"),
        Arguments.of("idle-timeout", "-1", "accepted: an integer from 0 to 4000"),
        Arguments.of("idle-timeout", "1.5", "accepted: an integer from 0 to 4000"),
        Arguments.of("connection-limit", "-2", "accepted: an integer from -1 to 2147483647"),
        Arguments.of("connection-limit", "2147483648", "accepted: an integer from -1 to 2147483647"),
        Arguments.of("connection-limit", "many", "accepted: an integer from -1 to 2147483647"),
        Arguments.of("session-affinity-option", "{", "is not a JSON object"),
        Arguments.of("session-affinity-option", "[1]", "is not a JSON object"),
        Arguments.of("session-affinity-option", "{\"type\":\"COOKIE\"}", "type \"COOKIE\" is not accepted; "
            + "accepted: SOURCE_IP, HTTP_COOKIE, APP_COOKIE"),
        Arguments.of("session-affinity-option", "{\"persistence_timeout\":61}",
            "persistence_timeout is not accepted; accepted: an integer from 1 to 60 minutes for type SOURCE_IP"),
        Arguments.of("session-affinity-option", "{\"type\":\"HTTP_COOKIE\",\"persistence_timeout\":0}",
            "an integer from 1 to 1440 minutes for type HTTP_COOKIE"),
        Arguments.of("session-affinity-option", "{\"type\":\"APP_COOKIE\"}", "cookie_name is required for type "
            + "APP_COOKIE"),
        Arguments.of("session-affinity-option", "{\"type\":\"APP_COOKIE\",\"cookie_name\":\"s\","
            + "\"persistence_timeout\":5}", "persistence_timeout is not allowed with type APP_COOKIE"),
        Arguments.of("session-affinity-option", "{\"type\":\"SOURCE_IP\",\"cookie_name\":\"s\"}",
            "cookie_name applies to type APP_COOKIE only"),
        Arguments.of("session-affinity-option", "{\"type\":\"APP_COOKIE\",\"cookie_name\":\"a;b\"}",
            "cookie_name is not accepted"),
        Arguments.of("health-check-option", "not json", "is not a JSON object"),
        Arguments.of("health-check-option", "{\"delay\":0}", "delay is not accepted; accepted: an integer from 1 "
            + "to 50 seconds"),
        Arguments.of("health-check-option", "{\"timeout\":51}", "timeout is not accepted; accepted: an integer "
            + "from 1 to 50 seconds"),
        Arguments.of("health-check-option", "{\"max_retries\":11}", "max_retries is not accepted; accepted: an "
            + "integer from 1 to 10"),
        Arguments.of("health-check-option", "{\"max_retries\":true}", "max_retries is not accepted"),
        Arguments.of("health-check-option", "{\"delay\":\"five\"}", "delay is not accepted"),
        Arguments.of("health-check-option", "{\"protocol\":\"ICMP\"}", "protocol \"ICMP\" is not accepted; "
            + "accepted: TCP, UDP_CONNECT, HTTP, HTTPS"),
        Arguments.of("health-check-option", "{\"path\":\"healthz\"}", "path is not accepted; accepted: a URL path "
            + "starting with '/'"),
        Arguments.of("health-check-option", "{\"path\":{\"a\":1}}", "path must be a string"),
        Arguments.of("eip-auto-create-option", "{}", "ip_type is required"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5 bgp\",\"bandwidth_size\":5}",
            "ip_type \"5 bgp\" is not accepted"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\"}", "bandwidth_size is required with "
            + "share_type PER; accepted: 1 to 2000 Mbit/s"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":2001}",
            "bandwidth_size is not accepted; accepted: an integer from 1 to 2000 Mbit/s"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5,\"share_type\":"
            + "\"ALL\"}", "share_type \"ALL\" is not accepted; accepted: PER, WHOLE"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"share_type\":\"WHOLE\"}",
            "share_id is required with share_type WHOLE"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5,\"share_id\":\"b\"}",
            "share_id applies to share_type WHOLE only"),
        Arguments.of("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5,\"charge_mode\":"
            + "\"free\"}", "charge_mode \"free\" is not accepted; accepted: traffic, bandwidth"),
        Arguments.of("request-timeout", "30", "applies to HTTP and HTTPS listeners only"),
        Arguments.of("response-timeout", "30", "applies to HTTP and HTTPS listeners only"),
        Arguments.of("health-check-option", "{\"delay\":5.5}", "delay is not accepted"));
  }

  @Test
  void httpTimeoutsNeedAnHttpListenerAndARange() {
    assertThat(parse(a("default-tls-container-ref", "0123456789abcdef0123456789abcdef", "request-timeout", "60"))
        .requestTimeout()).hasValue(60);
    assertThat(problems(a("x-forwarded-host", "true", "request-timeout", "0")))
        .contains("accepted: an integer from 1 to 300");
    assertThat(problems(a("x-forwarded-host", "true", "response-timeout", "301")))
        .contains("accepted: an integer from 1 to 300");
  }

  @Test
  void eipAutoCreateDefaultsAndWhole() {
    assertThat(parse(a("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":\"5\"}"))
        .eipAutoCreate())
        .contains(new EipAutoCreate("5_bgp", OptionalInt.of(5), "PER", "traffic", Optional.empty()));
    assertThat(parse(a("eip-auto-create-option", "{\"ip_type\":\"5_sbgp\",\"share_type\":\"whole\","
        + "\"share_id\":\"" + UUID + "\",\"charge_mode\":\"bandwidth\",\"share_id_extra\":1}")).eipAutoCreate())
        .contains(new EipAutoCreate("5_sbgp", OptionalInt.empty(), "WHOLE", "bandwidth", Optional.of(UUID)));
    // the empty share_id the original's fix #266 was about reads as absent
    assertThat(parse(a("eip-auto-create-option", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":1,\"share_id\":\"\"}"))
        .eipAutoCreate()).hasValueSatisfying(e -> assertThat(e.shareId()).isEmpty());
  }

  @Test
  void eipIdAndAutoCreateTogetherIsAProblem() {
    assertThat(problems(a("eip-id", "eip-1", "eip-auto-create-option",
        "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5}")))
        .contains(ElbAnnotations.EIP_ID + " and " + ElbAnnotations.EIP_AUTO_CREATE_OPTION + ": set only one");
  }

  @Test
  void anExistingElbIgnoresTheEipAnnotationsAsTheOriginal() {
    ElbServiceConfig c = parse(a("id", UUID, "eip-id", "eip-1"));
    assertThat(c.elbId()).contains(UUID);
    assertThat(c.eipId()).isEmpty();
    ElbServiceConfig auto = parse(a("id", UUID, "eip-auto-create-option",
        "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":5}"));
    assertThat(auto.eipAutoCreate()).isEmpty();
    // still validated, so a later removal of elb.id cannot surprise
    assertThat(problems(a("id", UUID, "eip-auto-create-option", "{}"))).contains("ip_type is required");
  }

  @Test
  void sessionAffinity() {
    // 60 minutes unless set, as the original
    assertThat(parse(a("session-affinity-flag", "on")).sessionAffinity())
        .contains(new SessionPersistence("SOURCE_IP", Optional.empty(), OptionalInt.of(60)));
    assertThat(parse(a("session-affinity-flag", "on", "session-affinity-option", "{}")).sessionAffinity())
        .contains(new SessionPersistence("SOURCE_IP", Optional.empty(), OptionalInt.of(60)));
    assertThat(parse(a("session-affinity-flag", "on", "session-affinity-option", "{\"type\":\"HTTP_COOKIE\"}"))
        .sessionAffinity()).contains(new SessionPersistence("HTTP_COOKIE", Optional.empty(), OptionalInt.empty()));
    assertThat(parse(a("session-affinity-flag", "ON", "session-affinity-option",
        "{\"type\":\"source_ip\",\"persistence_timeout\":30}")).sessionAffinity())
        .contains(new SessionPersistence("SOURCE_IP", Optional.empty(), OptionalInt.of(30)));
    assertThat(parse(a("session-affinity-flag", "on", "session-affinity-option",
        "{\"type\":\"APP_COOKIE\",\"cookie_name\":\"JSESSIONID\"}")).sessionAffinity())
        .contains(new SessionPersistence("APP_COOKIE", Optional.of("JSESSIONID"), OptionalInt.empty()));
    // the option alone does not turn it on, as the original
    assertThat(parse(a("session-affinity-option", "{\"type\":\"HTTP_COOKIE\"}")).sessionAffinity()).isEmpty();
    assertThat(parse(a("session-affinity-flag", "off", "session-affinity-option", "{\"type\":\"HTTP_COOKIE\"}"))
        .sessionAffinity()).isEmpty();
  }

  @Test
  void healthCheckFlag() {
    assertThat(parse(a("health-check-flag", "")).healthCheck()).contains(HealthCheck.defaults());
    assertThat(parse(a("health-check-flag", "On")).healthCheck()).contains(HealthCheck.defaults());
    assertThat(parse(a("health-check-flag", "off")).healthCheck()).isEmpty();
    assertThat(parse(a("health-check-flag", "off", "health-check-option", "{\"delay\":9}")).healthCheck()).isEmpty();
    assertThat(parse(a("health-check-option", "{\"delay\":9,\"enable\":true,\"port\":8080}")).healthCheck())
        .contains(new HealthCheck(9, 3, 3, Optional.empty(), Optional.empty()));
  }

  @Test
  void blankAnnotationsFallBackToTheConfig() {
    ElbServiceConfig c = parse(a("lb-algorithm", "", "keep-eip", " ", "idle-timeout", "", "id", ""),
        "{\"lb-algorithm\":\"SOURCE_IP\",\"keep-eip\":\"true\",\"idle-timeout\":\"20\"}");
    assertThat(c.lbAlgorithm()).isEqualTo("SOURCE_IP");
    assertThat(c.keepEip()).isTrue();
    assertThat(c.idleTimeout()).hasValue(20);
    assertThat(c.elbId()).isEmpty();
  }

  @Test
  void absentAnnotationsFallBackToTheLoadBalancerConfig() {
    String option = "{\"lb-algorithm\":\"LEAST_CONNECTIONS\",\"lb-provider\":\"vlb2\",\"keep-eip\":\"true\","
        + "\"enable-cross-vpc\":\"true\",\"l4-flavor-id\":\"l4\",\"l7-flavor-id\":\"l7\","
        + "\"session-affinity-flag\":\"on\",\"session-affinity-option\":{\"type\":\"SOURCE_IP\","
        + "\"persistence_timeout\":15},\"enable-transparent-client-ip\":\"true\",\"idle-timeout\":\"100\","
        + "\"request-timeout\":\"30\",\"response-timeout\":\"40\",\"health-check-flag\":\"on\","
        + "\"health-check-option\":{\"delay\":7,\"timeout\":4,\"max_retries\":2},\"business-name\":\"biz\","
        + "\"primary-nic\":\"force\"}";
    ElbServiceConfig c = parse(a(), option);
    assertThat(c.lbAlgorithm()).isEqualTo("LEAST_CONNECTIONS");
    assertThat(c.lbProvider()).isEqualTo("vlb2");
    assertThat(c.keepEip()).isTrue();
    assertThat(c.crossVpc()).isTrue();
    assertThat(c.l4FlavorId()).contains("l4");
    assertThat(c.l7FlavorId()).contains("l7");
    assertThat(c.sessionAffinity()).contains(new SessionPersistence("SOURCE_IP", Optional.empty(),
        OptionalInt.of(15)));
    assertThat(c.transparentClientIp()).isTrue();
    assertThat(c.idleTimeout()).hasValue(100);
    // a cluster-wide HTTP timeout does not reach a TCP listener
    assertThat(c.requestTimeout()).isEmpty();
    assertThat(c.responseTimeout()).isEmpty();
    assertThat(c.healthCheck()).contains(new HealthCheck(7, 4, 2, Optional.empty(), Optional.empty()));
    assertThat(c.businessName()).contains("biz");
    assertThat(c.primaryNicForce()).isTrue();

    ElbServiceConfig http = parse(a("x-forwarded-host", "true"), option);
    assertThat(http.requestTimeout()).hasValue(30);
    assertThat(http.responseTimeout()).hasValue(40);

    // the annotation wins over the config
    ElbServiceConfig over = parse(a("lb-algorithm", "SOURCE_IP", "keep-eip", "false", "session-affinity-flag", "off",
        "health-check-flag", "off", "idle-timeout", "0", "l4-flavor-id", "mine"), option);
    assertThat(over.lbAlgorithm()).isEqualTo("SOURCE_IP");
    assertThat(over.keepEip()).isFalse();
    assertThat(over.sessionAffinity()).isEmpty();
    assertThat(over.healthCheck()).isEmpty();
    assertThat(over.idleTimeout()).hasValue(0);
    assertThat(over.l4FlavorId()).contains("mine");
  }

  @Test
  void healthCheckOffInTheConfigAndOnInTheAnnotation() {
    assertThat(parse(a(), "{\"health-check-flag\":\"off\"}").healthCheck()).isEmpty();
    assertThat(parse(a("health-check-flag", "on"), "{\"health-check-flag\":\"off\"}").healthCheck())
        .contains(HealthCheck.defaults());
  }

  @Test
  void badConfigValuesNameTheConfigKey() {
    String message = problems(a(), LoadBalancerConfig.parse(Map.of("loadBalancerOption",
        "{\"lb-algorithm\":\"FASTEST\",\"health-check-option\":{\"delay\":99},\"idle-timeout\":\"5000\"}")));
    assertThat(message).contains("loadbalancer-config loadBalancerOption.lb-algorithm: \"FASTEST\" is not accepted")
        .contains("loadbalancer-config loadBalancerOption.health-check-option: delay is not accepted")
        .contains("loadbalancer-config loadBalancerOption.idle-timeout: 5000 is out of range; accepted: 0 to 4000");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String message = problems(a("class", "dedicated", "lb-algorithm", "RANDOM", "keep-eip", "maybe",
        "idle-timeout", "9999", "health-check-option", "{\"delay\":0,\"timeout\":0}", "session-affinity-flag", "x",
        "connection-limit", "-5", "eip-auto-create-option", "{}", "request-timeout", "5", "keep-ep", "1"));
    assertThat(message).startsWith("11 problems in the Huawei load balancer configuration: ")
        .contains(ElbAnnotations.AVAILABILITY_ZONES + ": is required")
        .contains(ElbAnnotations.LB_ALGORITHM + ": \"RANDOM\"")
        .contains(ElbAnnotations.KEEP_EIP + ": \"maybe\"")
        .contains(ElbAnnotations.IDLE_TIMEOUT + ": \"9999\"")
        .contains(ElbAnnotations.HEALTH_CHECK_OPTION + ": delay is not accepted")
        .contains(ElbAnnotations.HEALTH_CHECK_OPTION + ": timeout is not accepted")
        .contains(ElbAnnotations.SESSION_AFFINITY_FLAG + ": \"x\"")
        .contains(ElbAnnotations.CONNECTION_LIMIT + ": \"-5\"")
        .contains(ElbAnnotations.EIP_AUTO_CREATE_OPTION + ": ip_type is required")
        .contains(ElbAnnotations.REQUEST_TIMEOUT + ": applies to HTTP and HTTPS listeners only")
        .contains(PREFIX + "keep-ep: is not an annotation of this provider");
  }

  @Test
  void aNearMissOfAKnownKeyIsAProblemOtherKeysUnderThePrefixAreLeftAlone() {
    assertThat(problems(a("lb-algorith", "ROUND_ROBIN"))).contains(PREFIX + "lb-algorith: is not an annotation "
        + "of this provider").contains("did you mean " + ElbAnnotations.LB_ALGORITHM + "?");
    // CCE's own controller reads kubernetes.io/elb.autocreate: a Service carrying it must not be refused
    assertThat(parse(a("autocreate", "{}"))).isNotNull();
    // other prefixes are somebody else's business
    assertThat(parse(a("kubernetes.io/ingress.class", "nginx", "kubernetes.io/natgateway.other", "x"))).isNotNull();
  }

  @Test
  void olderNamesWithAnotherMeaningAreNamed() {
    assertThat(problems(a("x-forwarded-for", "true"))).contains(PREFIX + "x-forwarded-for: is not read any more")
        .contains("use " + ElbAnnotations.X_FORWARDED_HOST);
    assertThat(problems(a("session-affinity-mode", "SOURCE_IP"))).contains(PREFIX + "session-affinity-mode: is not "
        + "read any more").contains(ElbAnnotations.SESSION_AFFINITY_FLAG + "=on");
  }

  @Test
  void theOptionsEnableSwitchDecidesOnlyWithoutAFlag() {
    String off = "{\"health-check-option\":{\"enable\":false,\"delay\":6}}";
    assertThat(parse(a(), off).healthCheck()).isEmpty();
    assertThat(parse(a("health-check-flag", "on"), off).healthCheck())
        .contains(new HealthCheck(6, 3, 3, Optional.empty(), Optional.empty()));
    assertThat(parse(a("health-check-option", "{\"enable\":\"false\"}")).healthCheck()).isEmpty();
    assertThat(parse(a("health-check-flag", "", "health-check-option", "{\"enable\":false}")).healthCheck())
        .contains(HealthCheck.defaults());
    assertThat(problems(a("health-check-option", "{\"enable\":\"sometimes\"}")))
        .contains(ElbAnnotations.HEALTH_CHECK_OPTION + ": enable is not accepted; accepted: true, false");
  }

  @Test
  void olderPluralSpellingsAreReadAndTheCurrentOneWins() {
    assertThat(parse(a("health-check-options", "{\"delay\":8}")).healthCheck())
        .hasValueSatisfying(h -> assertThat(h.delay()).isEqualTo(8));
    assertThat(parse(a("health-check-options", "{\"delay\":8}", "health-check-option", "{\"delay\":9}"))
        .healthCheck()).hasValueSatisfying(h -> assertThat(h.delay()).isEqualTo(9));
    assertThat(problems(a("session-affinity-options", "{\"type\":\"X\"}")))
        .contains(PREFIX + "session-affinity-options: type \"X\"");
    assertThat(parse(a("eip-auto-create-options", "{\"ip_type\":\"5_bgp\",\"bandwidth_size\":2}"))
        .eipAutoCreate()).isPresent();
  }

  @Test
  void nothingIsLoggedButNames() {
    String secret = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    try (LogCapture logs = LogCapture.of("dev.ccm4j.provider.huawei")) {
      parse(a("id", "elb-1", "eip-id", secret, "health-check-options", "{\"path\":\"/" + secret + "\"}",
          "health-check-option", "{}"));
      problems(a("lb-algorithm", secret, "eip-auto-create-option", "{\"ip_type\":\"" + secret + "\"}"));
      assertThat(logs.lines()).isNotEmpty();
      assertThat(logs.text()).doesNotContain(secret).doesNotContain("{");
    }
  }

  @Test
  void noSecretOrJsonTextIsEchoed() {
    String secret = "AKIAQWERTYSECRETVALUE0123456789abcdefSECRET";
    String message = problems(a("id", secret + " ", "eip-id", "x/" + secret, "subnet-id", secret + "!",
        "default-tls-container-ref", "-----BEGIN PRIVATE KEY-----" + secret,
        "health-check-option", "{\"path\":\"" + secret + "\",\"delay\":\"" + secret + "\"}",
        "eip-auto-create-option", "{\"ip_type\":\"" + secret + "\",\"share_id\":\"" + secret + " \"}",
        "session-affinity-option", "{\"type\":\"" + secret + "\",\"cookie_name\":\"" + secret + "\"}",
        "keep-eip", secret, "lb-algorithm", secret, "idle-timeout", secret,
        "l4-flavor-id", secret + " x", "mark", secret));
    assertThat(message).doesNotContain("SECRET").doesNotContain("PRIVATE");
    // an access key is 20 characters: longer than any enumerated value worth quoting
    String accessKey = "QTWAOYTTINDUT2QVKYUC";
    assertThat(problems(a("keep-eip", accessKey, "lb-algorithm", accessKey, "session-affinity-flag", accessKey,
        "health-check-flag", accessKey, "connection-limit", accessKey, "class", accessKey)))
        .doesNotContain(accessKey).contains("a value of 20 characters");
    assertThat(problems(a("health-check-option", "{\"path\": \"/" + secret))).doesNotContain("SECRET");
  }
}
