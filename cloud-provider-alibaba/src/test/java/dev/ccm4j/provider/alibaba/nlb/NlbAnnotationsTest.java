package dev.ccm4j.provider.alibaba.nlb;

import static dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.HealthCheck;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ListenerSettings;
import dev.ccm4j.provider.alibaba.nlb.NlbAnnotations.ZoneMapping;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NlbAnnotationsTest {
  private static final String ZONES = "cn-hangzhou-k:vsw-aaa,cn-hangzhou-j:vsw-bbb";

  static V1Service service(Map<String, String> annotations, V1ServicePort... ports) {
    Map<String, String> all = new LinkedHashMap<>();
    if (!annotations.containsKey(PREFIX + "loadbalancer-zone-maps")) {
      all.put(PREFIX + "loadbalancer-zone-maps", ZONES);
    }
    all.putAll(annotations);
    List<V1ServicePort> list = ports.length == 0
        ? List.of(new V1ServicePort().port(80).protocol("TCP").nodePort(30080)) : List.of(ports);
    return new V1Service().metadata(new V1ObjectMeta().name("web").namespace("shop").uid("u-1").annotations(all))
        .spec(new V1ServiceSpec().type("LoadBalancer").loadBalancerClass("alibabacloud.com/nlb").ports(list));
  }

  static NlbAnnotations parse(Map<String, String> annotations, V1ServicePort... ports) {
    return NlbAnnotations.parse(service(annotations, ports), Map.of(), null);
  }

  static Map<String, String> a(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(PREFIX + kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsMatchUpstream() {
    NlbAnnotations n = parse(Map.of());
    assertThat(n.addressType()).isEqualTo("Internet");
    assertThat(n.ipVersion()).isEqualTo("ipv4");
    assertThat(n.deletionProtection()).isTrue();
    assertThat(n.modificationProtection()).isEqualTo("ConsoleProtection");
    assertThat(n.serverGroup().type()).isEqualTo("Instance");
    assertThat(n.securityGroupIds()).isEmpty();
    assertThat(n.zoneMappings()).containsExactly(
        new ZoneMapping("cn-hangzhou-k", "vsw-aaa", Optional.empty(), Optional.empty()),
        new ZoneMapping("cn-hangzhou-j", "vsw-bbb", Optional.empty(), Optional.empty()));
    assertThat(n.listeners()).singleElement().satisfies(l -> {
      assertThat(l.protocol()).isEqualTo("TCP");
      assertThat(l.servicePort()).isEqualTo(80);
      assertThat(l.nodePort()).isEqualTo(30080);
    });
  }

  static Stream<Arguments> goodValues() {
    return Stream.of(
        Arguments.of("loadbalancer-address-type", "intranet", (Function<NlbAnnotations, Object>)
            NlbAnnotations::addressType, "Intranet"),
        Arguments.of("loadbalancer-ip-version", "DualStack", f(NlbAnnotations::ipVersion), "DualStack"),
        Arguments.of("loadbalancer-name", "my-nlb.1", f(n -> n.name().orElseThrow()), "my-nlb.1"),
        Arguments.of("loadbalancer-id", "nlb-abc123", f(n -> n.loadBalancerId().orElseThrow()), "nlb-abc123"),
        Arguments.of("loadbalancer-force-override-listeners", "true", f(NlbAnnotations::forceOverrideListeners),
            true),
        Arguments.of("loadbalancer-preserve-lb-on-delete", "yes", f(NlbAnnotations::preserveOnDelete), true),
        Arguments.of("loadbalancer-security-group-ids", "sg-1,sg-2", f(n -> n.securityGroupIds().orElseThrow()),
            List.of("sg-1", "sg-2")),
        Arguments.of("loadbalancer-security-group-ids", "", f(n -> n.securityGroupIds().orElseThrow()), List.of()),
        Arguments.of("loadbalancer-bandwidth-package-id", "cbwp-9", f(n -> n.bandwidthPackageId().orElseThrow()),
            "cbwp-9"),
        Arguments.of("loadbalancer-cross-zone-enabled", "off", f(n -> n.crossZoneEnabled().orElseThrow()), false),
        Arguments.of("loadbalancer-resource-group-id", "rg-7", f(n -> n.resourceGroupId().orElseThrow()), "rg-7"),
        Arguments.of("loadbalancer-additional-resource-tags", "team=web,empty=",
            f(NlbAnnotations::additionalTags), Map.of("team", "web", "empty", "")),
        Arguments.of("loadbalancer-delete-protection", "off", f(NlbAnnotations::deletionProtection), false),
        Arguments.of("loadbalancer-modification-protection", "NonProtection",
            f(NlbAnnotations::modificationProtection), "NonProtection"),
        Arguments.of("loadbalancer-scheduler", "WRR", f(n -> n.serverGroup().scheduler().orElseThrow()), "Wrr"),
        Arguments.of("loadbalancer-scheduler", "sch", f(n -> n.serverGroup().scheduler().orElseThrow()), "sch"),
        Arguments.of("loadbalancer-server-group-type", "ip", f(n -> n.serverGroup().type()), "Ip"),
        Arguments.of("loadbalancer-preserve-client-ip", "on", f(n -> n.serverGroup().preserveClientIp()
            .orElseThrow()), true),
        Arguments.of("loadbalancer-cps", "5000", f(n -> settings(n).cps().orElseThrow()), 5000),
        Arguments.of("loadbalancer-idle-timeout", "60", f(n -> settings(n).idleTimeout().orElseThrow()), 60),
        Arguments.of("loadbalancer-proxy-protocol", "on", f(n -> settings(n).proxyProtocol().orElseThrow()), true));
  }

  private static Function<NlbAnnotations, Object> f(Function<NlbAnnotations, Object> fn) {
    return fn;
  }

  private static ListenerSettings settings(NlbAnnotations n) {
    return n.listeners().get(0).settings();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("goodValues")
  void acceptsGoodValue(String suffix, String value, Function<NlbAnnotations, Object> read, Object expected) {
    assertThat(read.apply(parse(a(suffix, value)))).isEqualTo(expected);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("loadbalancer-address-type", "public", "is not one of Internet, Intranet"),
        Arguments.of("loadbalancer-ip-version", "ipv6", "is not one of ipv4, DualStack"),
        Arguments.of("loadbalancer-ipv6-address-type", "internet", "needs " + PREFIX + "loadbalancer-ip-version"),
        Arguments.of("loadbalancer-ipv6-address-type", "both", "is not one of Internet, Intranet"),
        Arguments.of("loadbalancer-name", "1bad", "is not a valid NLB name"),
        Arguments.of("loadbalancer-id", "lb-123", "expected nlb-"),
        Arguments.of("loadbalancer-force-override-listeners", "yes", "is not one of true, false"),
        Arguments.of("loadbalancer-zone-maps", "cn-hangzhou-k:vsw-aaa", "needs at least two zones"),
        Arguments.of("loadbalancer-zone-maps", "cn-hangzhou-k", "must be zone:vsw-id"),
        Arguments.of("loadbalancer-zone-maps", "cn-hangzhou-k:vsw-a,cn-hangzhou-k:vsw-b", "names zone cn-hangzhou-k"
            + " twice"),
        Arguments.of("loadbalancer-zone-maps", "cn-hangzhou-k:vsw-a:10.0.0.300,cn-hangzhou-j:vsw-b",
            "must be zone:vsw-id"),
        Arguments.of("loadbalancer-zone-maps", "cn-hangzhou-k:subnet-a,cn-hangzhou-j:vsw-b", "must be zone:vsw-id"),
        Arguments.of("loadbalancer-security-group-ids", "sg-1,web", "starting with sg-"),
        Arguments.of("loadbalancer-bandwidth-package-id", "bwp-1", "expected cbwp-"),
        Arguments.of("loadbalancer-cross-zone-enabled", "true", "is not one of on, off"),
        Arguments.of("loadbalancer-resource-group-id", "group-1", "expected rg-"),
        Arguments.of("loadbalancer-additional-resource-tags", "novalue", "must be k1=v1,k2=v2"),
        Arguments.of("loadbalancer-additional-resource-tags", "ack.aliyun.com=x", "reserved tag key"),
        Arguments.of("loadbalancer-additional-resource-tags", "aliyun-x=1", "reserved tag key"),
        Arguments.of("loadbalancer-delete-protection", "enabled", "is not one of on, off"),
        Arguments.of("loadbalancer-modification-protection", "Locked", "ConsoleProtection, NonProtection"),
        Arguments.of("loadbalancer-protocol-port", "http:80", "protocol one of tcp, udp, tcpssl"),
        Arguments.of("loadbalancer-protocol-port", "tcp:81", "names port 81, which is not a port of this service"),
        Arguments.of("loadbalancer-protocol-port", "tcpssl:80", PREFIX + "loadbalancer-cert-id is required"),
        Arguments.of("loadbalancer-listener-port-range", "2000-1000:80", "1 <= start < end <= 65535"),
        Arguments.of("loadbalancer-listener-port-range", "1000-2000:80", "needs pod (ENI) backends"),
        Arguments.of("loadbalancer-cert-id", "cert-1", "applies to TCPSSL listeners only"),
        Arguments.of("loadbalancer-alpn", "on", "applies to TCPSSL listeners only"),
        Arguments.of("loadbalancer-alpn", "maybe", "is not one of on, off"),
        Arguments.of("loadbalancer-alpn-policy", "HTTP3", "is not one of HTTP1Only, HTTP2Only, HTTP2Preferred,"
            + " HTTP2Optional"),
        Arguments.of("loadbalancer-cacert", "on", "needs " + PREFIX + "loadbalancer-cacert-id"),
        Arguments.of("loadbalancer-tls-cipher-policy", "bad policy", "is not a TLS policy id"),
        Arguments.of("loadbalancer-cps", "-1", "is not an integer from 0 to 1000000"),
        Arguments.of("loadbalancer-cps", "lots", "is not an integer from 0 to 1000000"),
        Arguments.of("loadbalancer-idle-timeout", "901", "is not an integer from 1 to 900"),
        Arguments.of("loadbalancer-proxy-protocol", "yes", "is not one of on, off"),
        Arguments.of("loadbalancer-ppv2-pvl-ep-id-enabled", "on", "needs " + PREFIX + "loadbalancer-proxy-protocol"),
        Arguments.of("loadbalancer-ppv2-pvl-eps-id-enabled", "1", "is not one of on, off"),
        Arguments.of("loadbalancer-ppv2-pvl-vpc-id-enabled", "on", "needs " + PREFIX + "loadbalancer-proxy-protocol"),
        Arguments.of("loadbalancer-scheduler", "wlc", "is not one of Wrr, rr, sch, tch, qch"),
        Arguments.of("loadbalancer-server-group-type", "eni", "is not one of Instance, Ip"),
        Arguments.of("loadbalancer-preserve-client-ip", "true", "is not one of on, off"),
        Arguments.of("loadbalancer-connection-drain", "yes", "is not one of on, off"),
        Arguments.of("loadbalancer-connection-drain-timeout", "5", "is not an integer from 10 to 900"),
        Arguments.of("loadbalancer-health-check-flag", "enabled", "is not one of on, off"),
        Arguments.of("loadbalancer-health-check-type", "udp", "is not one of TCP, HTTP"),
        Arguments.of("loadbalancer-health-check-connect-port", "70000", "is not an integer from 0 to 65535"),
        Arguments.of("loadbalancer-healthy-threshold", "1", "is not an integer from 2 to 10"),
        Arguments.of("loadbalancer-unhealthy-threshold", "11", "is not an integer from 2 to 10"),
        Arguments.of("loadbalancer-health-check-connect-timeout", "0", "is not an integer from 1 to 300"),
        Arguments.of("loadbalancer-health-check-interval", "51", "is not an integer from 1 to 50"),
        Arguments.of("loadbalancer-health-check-uri", "healthz", "is not a path starting with /"),
        Arguments.of("loadbalancer-health-check-domain", "bad domain", "is not $_ip or a domain name"),
        Arguments.of("loadbalancer-health-check-httpcode", "200", "http_2xx, http_3xx, http_4xx, http_5xx"),
        Arguments.of("loadbalancer-health-check-method", "POST", "is not one of GET, HEAD"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badValues")
  void rejectsBadValueNamingAnnotationValueAndAccepted(String suffix, String value, String expected) {
    assertThatThrownBy(() -> parse(a(suffix, value)))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("shop/web")
        .hasMessageContaining(PREFIX + suffix)
        .hasMessageContaining(expected);
  }

  @Test
  void reportsEveryProblemInOneMessage() {
    assertThatThrownBy(() -> parse(a("loadbalancer-address-type", "public", "loadbalancer-scheduler", "fast",
        "loadbalancer-cps", "x")))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("\"public\"")
        .hasMessageContaining("\"fast\"")
        .hasMessageContaining("\"x\"");
  }

  @Test
  void zoneMapsWithAddressAndEip() {
    NlbAnnotations n = parse(a("loadbalancer-zone-maps",
        "cn-hangzhou-k:vsw-aaa:192.168.0.10:eip-1,cn-hangzhou-j:vsw-bbb::eip-2"));
    assertThat(n.zoneMappings()).containsExactly(
        new ZoneMapping("cn-hangzhou-k", "vsw-aaa", Optional.of("192.168.0.10"), Optional.of("eip-1")),
        new ZoneMapping("cn-hangzhou-j", "vsw-bbb", Optional.empty(), Optional.of("eip-2")));
  }

  @Test
  void zoneMapsFallBackToTheCloudConfigsVSwitchesAndAreRequiredOtherwise() {
    V1Service s = service(a("loadbalancer-zone-maps", ""));
    NlbAnnotations n = NlbAnnotations.parse(s, Map.of("cn-hangzhou-a", "vsw-1", "cn-hangzhou-b", "vsw-2"), null);
    assertThat(n.zoneMappings()).extracting(ZoneMapping::vSwitchId).containsExactlyInAnyOrder("vsw-1", "vsw-2");
    assertThatThrownBy(() -> NlbAnnotations.parse(s, Map.of("cn-hangzhou-a", "vsw-1"), null))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(PREFIX + "loadbalancer-zone-maps is required");
    // a reused NLB already has its zones
    assertThat(NlbAnnotations.parse(service(a("loadbalancer-zone-maps", "", "loadbalancer-id", "nlb-1")), Map.of(),
        null).zoneMappings()).isEmpty();
  }

  @Test
  void emptyValuesCountAsNotSetAsOnTheClbSide() {
    NlbAnnotations n = parse(a("loadbalancer-scheduler", "", "loadbalancer-address-type", " ",
        "loadbalancer-healthy-threshold", "", "loadbalancer-delete-protection", "", "loadbalancer-id", "",
        "loadbalancer-cross-zone-enabled", "", "loadbalancer-name", "", "loadbalancer-protocol-port", ""));
    assertThat(n.serverGroup().scheduler()).isEmpty();
    assertThat(n.addressType()).isEqualTo("Internet");
    assertThat(n.deletionProtection()).isTrue();
    assertThat(n.loadBalancerId()).isEmpty();
    assertThat(n.crossZoneEnabled()).isEmpty();
    assertThat(n.name()).isEmpty();
    assertThat(n.listeners()).extracting(NlbAnnotations.ListenerSpec::protocol).containsExactly("TCP");
  }

  @Test
  void legacyPrefixIsReadAndTheNewOneWins() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("service.beta.kubernetes.io/alicloud-loadbalancer-address-type", "intranet");
    assertThat(parse(m).addressType()).isEqualTo("Intranet");
    m.put(PREFIX + "loadbalancer-address-type", "internet");
    assertThat(parse(m).addressType()).isEqualTo("Internet");
    Map<String, String> bad = Map.of("service.beta.kubernetes.io/alicloud-loadbalancer-cps", "x");
    assertThatThrownBy(() -> parse(bad)).hasMessageContaining("service.beta.kubernetes.io/alicloud-loadbalancer-cps");
  }

  @Test
  void resourceGroupFallsBackToTheCloudConfig() {
    assertThat(NlbAnnotations.parse(service(Map.of()), Map.of(), "rg-cfg").resourceGroupId()).contains("rg-cfg");
    assertThat(NlbAnnotations.parse(service(a("loadbalancer-resource-group-id", "rg-svc")), Map.of(), "rg-cfg")
        .resourceGroupId()).contains("rg-svc");
  }

  @Test
  void tcpsslListenerWithCertificatesAlpnAndMutualTls() {
    NlbAnnotations n = parse(a("loadbalancer-protocol-port", "tcpssl:443,udp:53", "loadbalancer-cert-id", "c-1,c-2",
        "loadbalancer-additional-cert-ids", "c-3", "loadbalancer-cacert-id", "ca-1", "loadbalancer-cacert", "on",
        "loadbalancer-tls-cipher-policy", "tls_cipher_policy_1_2", "loadbalancer-alpn", "on",
        "loadbalancer-alpn-policy", "http2preferred"),
        new V1ServicePort().port(443).protocol("TCP").nodePort(30443),
        new V1ServicePort().port(53).protocol("UDP").nodePort(30053));
    assertThat(n.listeners()).extracting(NlbAnnotations.ListenerSpec::protocol).containsExactly("TCPSSL", "UDP");
    assertThat(n.listeners().get(0).serverGroupProtocol()).isEqualTo("TCP");
    ListenerSettings s = settings(n);
    assertThat(s.certificateIds()).containsExactly("c-1", "c-2");
    assertThat(s.additionalCertificateIds()).containsExactly("c-3");
    assertThat(s.caCertificateIds()).containsExactly("ca-1");
    assertThat(s.caEnabled()).contains(true);
    assertThat(s.securityPolicyId()).contains("tls_cipher_policy_1_2");
    assertThat(s.alpnEnabled()).contains(true);
    assertThat(s.alpnPolicy()).contains("HTTP2Preferred");
  }

  @Test
  void tcpsslOnAUdpPortIsRejected() {
    assertThatThrownBy(() -> parse(a("loadbalancer-protocol-port", "tcpssl:53", "loadbalancer-cert-id", "c-1"),
        new V1ServicePort().port(53).protocol("UDP").nodePort(30053)))
        .hasMessageContaining("TCPSSL needs a TCP service port");
  }

  @Test
  void sctpPortIsRejectedByField() {
    assertThatThrownBy(() -> parse(Map.of(), new V1ServicePort().port(9).protocol("SCTP").nodePort(30009)))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("spec.ports[0].protocol");
  }

  @Test
  void healthCheckSettings() {
    NlbAnnotations n = parse(a("loadbalancer-health-check-flag", "on", "loadbalancer-health-check-type", "http",
        "loadbalancer-health-check-connect-port", "0", "loadbalancer-healthy-threshold", "3",
        "loadbalancer-unhealthy-threshold", "4", "loadbalancer-health-check-connect-timeout", "5",
        "loadbalancer-health-check-interval", "6", "loadbalancer-health-check-uri", "/healthz",
        "loadbalancer-health-check-domain", "$_ip", "loadbalancer-health-check-httpcode", "http_2xx,http_3xx",
        "loadbalancer-health-check-method", "head", "loadbalancer-connection-drain", "on",
        "loadbalancer-connection-drain-timeout", "30"));
    HealthCheck h = n.serverGroup().healthCheck().orElseThrow();
    assertThat(h).isEqualTo(new HealthCheck(true, Optional.of("HTTP"), Optional.of(0), Optional.of(3),
        Optional.of(4), Optional.of(5), Optional.of(6), Optional.of("/healthz"), Optional.of("$_ip"),
        List.of("http_2xx", "http_3xx"), Optional.of("HEAD")));
    assertThat(n.serverGroup().connectionDrain()).contains(true);
    assertThat(n.serverGroup().connectionDrainTimeout()).contains(30);
  }

  @Test
  void healthCheckDetailsNeedTheFlagAndHttpDetailsNeedHttp() {
    assertThatThrownBy(() -> parse(a("loadbalancer-healthy-threshold", "3")))
        .hasMessageContaining("health check annotations need " + PREFIX + "loadbalancer-health-check-flag");
    assertThatThrownBy(() -> parse(a("loadbalancer-health-check-flag", "on", "loadbalancer-health-check-uri", "/x")))
        .hasMessageContaining("applies to HTTP health checks only");
    assertThatThrownBy(() -> parse(a("loadbalancer-connection-drain-timeout", "30")))
        .hasMessageContaining("needs " + PREFIX + "loadbalancer-connection-drain: on");
  }

  @Test
  void ppv2OptionsWithProxyProtocol() {
    ListenerSettings s = settings(parse(a("loadbalancer-proxy-protocol", "on", "loadbalancer-ppv2-pvl-ep-id-enabled",
        "on", "loadbalancer-ppv2-pvl-eps-id-enabled", "off", "loadbalancer-ppv2-pvl-vpc-id-enabled", "on")));
    assertThat(s.ppv2EndpointId()).contains(true);
    assertThat(s.ppv2EndpointServiceId()).contains(false);
    assertThat(s.ppv2VpcId()).contains(true);
  }

  @Test
  void tooManyTagsAreRejected() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 19; i++) {
      tags.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
    }
    assertThatThrownBy(() -> parse(a("loadbalancer-additional-resource-tags", tags.toString())))
        .hasMessageContaining("at most 18");
  }
}
