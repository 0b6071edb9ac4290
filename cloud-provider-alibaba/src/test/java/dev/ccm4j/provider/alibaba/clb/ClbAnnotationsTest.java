package dev.ccm4j.provider.alibaba.clb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ServiceConfigurationException;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClbAnnotationsTest {
  private static final List<V1ServicePort> TCP_80_443 = List.of(port(80, "TCP"), port(443, "TCP"));

  /** One good value (with what it needs alongside), its canonical form, and one bad value per annotation. */
  private record Case(ClbAnnotation annotation, String good, String canonical, String bad, Map<String, String> with) {}

  private static final Map<ClbAnnotation, Case> CASES = new EnumMap<>(ClbAnnotation.class);

  private static void add(ClbAnnotation a, String good, String canonical, String bad, String... with) {
    Map<String, String> w = new HashMap<>();
    for (int i = 0; i < with.length; i += 2) {
      w.put(ClbAnnotations.PREFIX + with[i], with[i + 1]);
    }
    CASES.put(a, new Case(a, good, canonical, bad, w));
  }

  static {
    add(ClbAnnotation.LOADBALANCER_ID, "lb-bp1abc", "lb-bp1abc", "my lb");
    add(ClbAnnotation.FORCE_OVERRIDE_LISTENERS, "TRUE", "true", "yes");
    add(ClbAnnotation.ADDRESS_TYPE, "intranet", "intranet", "private");
    add(ClbAnnotation.NETWORK_TYPE, "vpc", "vpc", "vxlan");
    add(ClbAnnotation.CHARGE_TYPE, "PayByBandwidth", "paybybandwidth", "free");
    add(ClbAnnotation.BANDWIDTH, "100", "100", "0", "loadbalancer-charge-type", "paybybandwidth");
    add(ClbAnnotation.SPEC, "slb.s2.medium", "slb.s2.medium", "slb.s9.huge");
    add(ClbAnnotation.INSTANCE_CHARGE_TYPE, "paybyspec", "PayBySpec", "PayByHour");
    add(ClbAnnotation.NAME, "my-lb", "my-lb", "has space");
    add(ClbAnnotation.RESOURCE_GROUP_ID, "rg-acf123", "rg-acf123", "group1");
    add(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS, "team=web,empty=", "team=web,empty=", "novalue");
    add(ClbAnnotation.DELETE_PROTECTION, "off", "off", "disabled");
    add(ClbAnnotation.MODIFICATION_PROTECTION, "NonProtection", "NonProtection", "Locked");
    add(ClbAnnotation.PRESERVE_LB_ON_DELETE, "true", "true", null);
    add(ClbAnnotation.VSWITCH_ID, "vsw-bp1x", "vsw-bp1x", "subnet-1");
    add(ClbAnnotation.MASTER_ZONE_ID, "cn-hangzhou-b", "cn-hangzhou-b", "Zone B");
    add(ClbAnnotation.SLAVE_ZONE_ID, "cn-hangzhou-d", "cn-hangzhou-d", "zone_d");
    add(ClbAnnotation.IP_VERSION, "ipv6", "ipv6", "dualstack");
    add(ClbAnnotation.IP, "192.168.0.10", "192.168.0.10", "192.168.0.300", "loadbalancer-address-type",
        "intranet");
    add(ClbAnnotation.EXTERNAL_IP_TYPE, "eip", "eip", "public");
    add(ClbAnnotation.HOSTNAME, "web.example.com", "web.example.com", "Web_Example");
    add(ClbAnnotation.PROTOCOL_PORT, "http:80,tcp:443", "http:80,tcp:443", "http80");
    add(ClbAnnotation.CERT_ID, "123-cn-hangzhou", "123-cn-hangzhou", "a,b");
    add(ClbAnnotation.TLS_CIPHER_POLICY, "tls_cipher_policy_1_2", "tls_cipher_policy_1_2", "tls13");
    add(ClbAnnotation.HTTP2_ENABLED, "on", "on", "true");
    add(ClbAnnotation.DOMAIN_EXTENSIONS, "*.example.com:cert-1", "*.example.com:cert-1", "example.com",
        "loadbalancer-protocol-port", "https:443", "loadbalancer-cert-id", "cert-0");
    add(ClbAnnotation.FORWARD_PORT, "80:443", "80:443", "80-443", "loadbalancer-protocol-port",
        "http:80,https:443", "loadbalancer-cert-id", "cert-0");
    add(ClbAnnotation.SCHEDULER, "WRR", "wrr", "random");
    add(ClbAnnotation.PERSISTENCE_TIMEOUT, "0", "0", "3601");
    add(ClbAnnotation.ESTABLISHED_TIMEOUT, "900", "900", "9");
    add(ClbAnnotation.STICKY_SESSION, "off", "off", "maybe");
    add(ClbAnnotation.STICKY_SESSION_TYPE, "insert", "insert", "copy", "loadbalancer-cookie-timeout", "60");
    add(ClbAnnotation.COOKIE_TIMEOUT, "86400", "86400", "86401");
    add(ClbAnnotation.COOKIE, "SESSIONID", "SESSIONID", "a;b");
    add(ClbAnnotation.IDLE_TIMEOUT, "60", "60", "61");
    add(ClbAnnotation.REQUEST_TIMEOUT, "180", "180", "0");
    add(ClbAnnotation.CONNECTION_DRAIN, "off", "off", "1");
    add(ClbAnnotation.CONNECTION_DRAIN_TIMEOUT, "10", "10", "901");
    add(ClbAnnotation.PROXY_PROTOCOL, "on", "on", "v2");
    add(ClbAnnotation.ACL_STATUS, "on", "on", "enabled", "loadbalancer-acl-id", "acl-1",
        "loadbalancer-acl-type", "white");
    add(ClbAnnotation.ACL_ID, "acl-bp1x", "acl-bp1x", "list-1");
    add(ClbAnnotation.ACL_TYPE, "black", "black", "grey");
    add(ClbAnnotation.HEALTH_CHECK_FLAG, "on", "on", "yes");
    add(ClbAnnotation.HEALTH_CHECK_SWITCH, "off", "off", "no");
    add(ClbAnnotation.HEALTH_CHECK_TYPE, "http", "http", "icmp");
    add(ClbAnnotation.HEALTH_CHECK_URI, "/healthz", "/healthz", "healthz");
    add(ClbAnnotation.HEALTH_CHECK_DOMAIN, "$_ip", "$_ip", "bad domain");
    add(ClbAnnotation.HEALTH_CHECK_HTTP_CODE, "http_2xx,HTTP_3xx", "http_2xx,http_3xx", "200");
    add(ClbAnnotation.HEALTH_CHECK_METHOD, "GET", "get", "post");
    add(ClbAnnotation.HEALTH_CHECK_CONNECT_PORT, "-520", "-520", "70000");
    add(ClbAnnotation.HEALTHY_THRESHOLD, "10", "10", "1");
    add(ClbAnnotation.UNHEALTHY_THRESHOLD, "2", "2", "11");
    add(ClbAnnotation.HEALTH_CHECK_INTERVAL, "50", "50", "51");
    add(ClbAnnotation.HEALTH_CHECK_CONNECT_TIMEOUT, "300", "300", "301");
    add(ClbAnnotation.HEALTH_CHECK_TIMEOUT, "1", "1", "five");
    add(ClbAnnotation.XFORWARDEDFOR_PROTO, "on", "on", "1");
    add(ClbAnnotation.XFORWARDEDFOR_SLBPORT, "off", "off", "0");
    add(ClbAnnotation.XFORWARDEDFOR_CLIENTSRCPORT, "on", "on", "enable");
    add(ClbAnnotation.VGROUP_PORT, "rsp-abc:80", "rsp-abc:80", "rsp-abc", "loadbalancer-id", "lb-1");
    add(ClbAnnotation.BACKEND_LABEL, "pool=web,tier=front", "pool=web,tier=front", "pool");
    add(ClbAnnotation.REMOVE_UNSCHEDULED_BACKEND, "on", "on", "true");
    add(ClbAnnotation.BACKEND_IP_VERSION, "ipv4", "ipv4", "v4");
    add(ClbAnnotation.WEIGHT, "60", "60", "101");
    add(ClbAnnotation.DEFAULT_WEIGHT, "0", "0", "-1");
    add(ClbAnnotation.IGNORE_WEIGHT_UPDATE, "on", "on", "skip");
    add(ClbAnnotation.LOADBALANCER_TYPE, "clb", "clb", "alb");
  }

  static Stream<Case> cases() {
    return CASES.values().stream();
  }

  static Stream<Arguments> badCases() {
    return CASES.values().stream().filter(c -> c.bad() != null).map(c -> Arguments.of(c));
  }

  @Test
  void everyAnnotationHasATestCase() {
    assertThat(CASES.keySet()).containsExactlyInAnyOrder(ClbAnnotation.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goodValueParsesToItsCanonicalForm(Case c) {
    Map<String, String> a = new HashMap<>(c.with());
    a.put(c.annotation().key(), c.good());
    ClbSettings s = ClbAnnotations.parse(a, TCP_80_443);
    assertThat(s.get(c.annotation())).contains(c.canonical());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void legacyPrefixIsAccepted(Case c) {
    Map<String, String> a = new HashMap<>(c.with());
    a.put(c.annotation().legacyKey(), c.good());
    assertThat(ClbAnnotations.parse(a, TCP_80_443).get(c.annotation())).contains(c.canonical());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCases")
  void badValueIsRefusedNamingAnnotationValueAndAcceptedValues(Case c) {
    Map<String, String> a = new HashMap<>(c.with());
    a.put(c.annotation().key(), c.bad());
    assertThatThrownBy(() -> ClbAnnotations.parse(a, TCP_80_443))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(c.annotation().key())
        .hasMessageContaining("\"" + c.bad() + "\"");
  }

  @Test
  void badValueUnderTheLegacyPrefixNamesTheLegacyKey() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.SCHEDULER.legacyKey(), "fastest"),
        TCP_80_443))
        .hasMessageContaining("service.beta.kubernetes.io/alicloud-loadbalancer-scheduler: \"fastest\"")
        .hasMessageContaining("one of rr, wrr, wlc");
  }

  @Test
  void newPrefixWinsOverLegacy() {
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.SCHEDULER.legacyKey(), "not-valid",
        ClbAnnotation.SCHEDULER.key(), "wlc"), TCP_80_443);
    assertThat(s.get(ClbAnnotation.SCHEDULER)).contains("wlc");
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(
        ClbAnnotation.SCHEDULER.key(), "fastest",
        ClbAnnotation.HEALTHY_THRESHOLD.key(), "99",
        ClbAnnotation.ADDRESS_TYPE.key(), "public"), TCP_80_443))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageStartingWith("3 problems")
        .hasMessageContaining("loadbalancer-scheduler: \"fastest\" must be one of rr, wrr, wlc")
        .hasMessageContaining("loadbalancer-healthy-threshold: \"99\" must be an integer from 2 to 10")
        .hasMessageContaining("loadbalancer-address-type: \"public\" must be one of internet, intranet");
  }

  @Test
  void unknownSuffixesAndNlbAnnotationsAreIgnored() {
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotations.PREFIX + "loadbalancer-zone-maps", "x",
        ClbAnnotations.PREFIX + "something-new", "y", "other.io/key", "z"), TCP_80_443);
    assertThat(s.values()).isEmpty();
  }

  @Test
  void emptyValuesCountAsNotSet() {
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.LOADBALANCER_ID.key(), "",
        ClbAnnotation.SCHEDULER.key(), "  ", ClbAnnotation.HEALTHY_THRESHOLD.legacyKey(), ""), TCP_80_443);
    assertThat(s.values()).isEmpty();
    assertThat(s.reusedLoadBalancerId()).isEmpty();
  }

  @Test
  void httpsNeedsACertificate() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.PROTOCOL_PORT.key(), "https:443"),
        TCP_80_443)).hasMessageContaining(ClbAnnotation.CERT_ID.key() + " is required");
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.PROTOCOL_PORT.key(), "https:443,http:80",
        ClbAnnotation.CERT_ID.key(), "cert-1"), TCP_80_443);
    assertThat(s.protocolFor(443, "TCP")).isEqualTo(ListenerProtocol.HTTPS);
    assertThat(s.protocolFor(80, "TCP")).isEqualTo(ListenerProtocol.HTTP);
    assertThat(s.protocolFor(53, "UDP")).isEqualTo(ListenerProtocol.UDP);
  }

  @Test
  void protocolMustMatchThePortsTransport() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.PROTOCOL_PORT.key(), "http:53"),
        List.of(port(53, "UDP")))).hasMessageContaining("maps UDP port 53 to http");
  }

  @Test
  void sctpIsRefused() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(), List.of(port(9000, "SCTP"))))
        .hasMessageContaining("spec.ports[0].protocol: \"SCTP\" is not supported by CLB");
  }

  @Test
  void bandwidthNeedsPayByBandwidth() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.BANDWIDTH.key(), "20"), TCP_80_443))
        .hasMessageContaining("loadbalancer-bandwidth: \"20\" only takes effect with")
        .hasMessageContaining("paybybandwidth");
  }

  @Test
  void specNeedsPayBySpec() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.SPEC.key(), "slb.s1.small",
        ClbAnnotation.INSTANCE_CHARGE_TYPE.key(), "PayByCLCU"), TCP_80_443))
        .hasMessageContaining("a spec needs PayBySpec");
  }

  @Test
  void stickySessionRules() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.STICKY_SESSION.key(), "on"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.STICKY_SESSION_TYPE.key());
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.STICKY_SESSION.key(), "on",
        ClbAnnotation.STICKY_SESSION_TYPE.key(), "insert"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.COOKIE_TIMEOUT.key());
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.STICKY_SESSION.key(), "on",
        ClbAnnotation.STICKY_SESSION_TYPE.key(), "server"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.COOKIE.key());
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.STICKY_SESSION.key(), "on",
        ClbAnnotation.STICKY_SESSION_TYPE.key(), "server", ClbAnnotation.COOKIE.key(), "SID"), TCP_80_443);
    assertThat(s.isOn(ClbAnnotation.STICKY_SESSION)).isTrue();
  }

  @Test
  void drainAndAclNeedTheirCompanions() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.CONNECTION_DRAIN.key(), "on"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.CONNECTION_DRAIN_TIMEOUT.key());
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.ACL_STATUS.key(), "on"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.ACL_ID.key())
        .hasMessageContaining("needs " + ClbAnnotation.ACL_TYPE.key());
  }

  @Test
  void forwardPortNeedsHttpSourceAndHttpsTarget() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.FORWARD_PORT.key(), "80:443"), TCP_80_443))
        .hasMessageContaining("forwards port 80, which is not an http listener")
        .hasMessageContaining("forwards to port 443, which is not an https listener");
    ClbSettings s = ClbAnnotations.parse(Map.of(ClbAnnotation.FORWARD_PORT.key(), "80:443",
        ClbAnnotation.PROTOCOL_PORT.key(), "http:80,https:443", ClbAnnotation.CERT_ID.key(), "c"), TCP_80_443);
    assertThat(s.forwardPorts()).containsExactly(Map.entry(80, 443));
  }

  @Test
  void structuredListsAreParsed() {
    ClbSettings s = ClbAnnotations.parse(Map.of(
        ClbAnnotation.ADDITIONAL_RESOURCE_TAGS.key(), "team=web, costcenter=42,flag=",
        ClbAnnotation.BACKEND_LABEL.key(), "pool=web,example.com/tier=front",
        ClbAnnotation.DOMAIN_EXTENSIONS.key(), "a.example.com:c1,b.example.com:c2",
        ClbAnnotation.PROTOCOL_PORT.key(), "https:443", ClbAnnotation.CERT_ID.key(), "c0",
        ClbAnnotation.LOADBALANCER_ID.key(), "lb-1", ClbAnnotation.VGROUP_PORT.key(), "rsp-1:80,rsp-2:443"),
        TCP_80_443);
    assertThat(s.additionalTags()).containsExactly(Map.entry("team", "web"), Map.entry("costcenter", "42"),
        Map.entry("flag", ""));
    assertThat(s.backendLabels()).containsEntry("example.com/tier", "front").containsEntry("pool", "web");
    assertThat(s.domainExtensions()).containsExactly(new ClbSettings.DomainExtension("a.example.com", "c1"),
        new ClbSettings.DomainExtension("b.example.com", "c2"));
    assertThat(s.vgroupPorts()).containsEntry(80, "rsp-1").containsEntry(443, "rsp-2");
    assertThat(s.reusedLoadBalancerId()).contains("lb-1");
  }

  @Test
  void reservedAndDuplicateTagsAreRefused() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.ADDITIONAL_RESOURCE_TAGS.key(),
        "ack.aliyun.com=other,a=1,a=2,aliyun-x=1"), TCP_80_443))
        .hasMessageContaining("sets tag \"ack.aliyun.com\", which the controller manages itself")
        .hasMessageContaining("sets tag \"a\" twice")
        .hasMessageContaining("keys starting with aliyun or acs: are reserved");
  }

  @Test
  void vgroupPortNeedsAReusedLoadBalancerAndAServicePort() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.VGROUP_PORT.key(), "rsp-1:8080"),
        TCP_80_443))
        .hasMessageContaining("names port 8080, which is not a port of this Service")
        .hasMessageContaining("needs " + ClbAnnotation.LOADBALANCER_ID.key());
  }

  @Test
  void enisAreRefusedWithTheReason() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotations.BACKEND_TYPE, "eni"), TCP_80_443))
        .hasMessageContaining(ClbAnnotations.BACKEND_TYPE + ": \"eni\" is not supported")
        .hasMessageContaining("accepted: ecs");
    assertThat(ClbAnnotations.parse(Map.of(ClbAnnotations.BACKEND_TYPE, "ecs"), TCP_80_443).values()).isEmpty();
  }

  @Test
  void layer4SchedulersAreRefusedOnHttpListeners() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.SCHEDULER.key(), "sch",
        ClbAnnotation.PROTOCOL_PORT.key(), "http:80"), TCP_80_443))
        .hasMessageContaining("layer-4 scheduler");
  }

  @Test
  void addressChoicesThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.IP.key(), "10.0.0.5"), TCP_80_443))
        .hasMessageContaining("needs " + ClbAnnotation.ADDRESS_TYPE.key() + ": intranet");
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.NETWORK_TYPE.key(), "classic",
        ClbAnnotation.VSWITCH_ID.key(), "vsw-1"), TCP_80_443)).hasMessageContaining("which has no vSwitch");
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.HOSTNAME.key(), "a.example.com",
        ClbAnnotation.EXTERNAL_IP_TYPE.key(), "eip"), TCP_80_443)).hasMessageContaining("either a host name");
    assertThatThrownBy(() -> ClbAnnotations.parse(Map.of(ClbAnnotation.LOADBALANCER_TYPE.key(), "nlb"),
        TCP_80_443)).hasMessageContaining("spec.loadBalancerClass: alibabacloud.com/nlb");
  }

  @Test
  void preserveOnDeleteIsAnyNonEmptyValue() {
    assertThat(ClbAnnotations.parse(Map.of(ClbAnnotation.PRESERVE_LB_ON_DELETE.key(), "yes"), TCP_80_443)
        .preserveOnDelete()).isTrue();
    assertThat(ClbAnnotations.parse(Map.of(ClbAnnotation.PRESERVE_LB_ON_DELETE.key(), ""), TCP_80_443)
        .preserveOnDelete()).isFalse();
  }

  @Test
  void listenerParametersApplyOnlyToTheirProtocols() {
    assertThat(ClbAnnotation.CERT_ID.appliesTo(ListenerProtocol.HTTPS)).isTrue();
    assertThat(ClbAnnotation.CERT_ID.appliesTo(ListenerProtocol.HTTP)).isFalse();
    assertThat(ClbAnnotation.PERSISTENCE_TIMEOUT.appliesTo(ListenerProtocol.TCP)).isTrue();
    assertThat(ClbAnnotation.PERSISTENCE_TIMEOUT.appliesTo(ListenerProtocol.UDP)).isFalse();
    assertThat(ClbAnnotation.HEALTH_CHECK_FLAG.listenerParameter()).contains("HealthCheck");
    assertThat(ClbAnnotation.XFORWARDEDFOR_SLBPORT.listenerParameter()).contains("XForwardedFor_SLBPORT");
    assertThat(ClbAnnotation.NAME.listenerParameter()).isEmpty();
  }

  private static V1ServicePort port(int port, String protocol) {
    return new V1ServicePort().port(port).protocol(protocol).nodePort(30000 + port % 1000);
  }
}
