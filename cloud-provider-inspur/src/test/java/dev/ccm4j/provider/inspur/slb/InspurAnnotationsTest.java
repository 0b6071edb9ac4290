package dev.ccm4j.provider.inspur.slb;

import static dev.ccm4j.provider.inspur.Nodes.service;
import static dev.ccm4j.provider.inspur.Nodes.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.inspur.slb.InspurAnnotations.ListenerSettings;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InspurAnnotationsTest {
  private static V1Service with(Map<String, String> annotations) {
    return service("s", annotations, List.of(tcp(80, 30080)));
  }

  private static ListenerSettings settings(String key, String value) {
    return InspurAnnotations.listenerSettings(with(Map.of(key, value)));
  }

  @Test
  void absentAnnotationsAreTheOriginalsDefaults() {
    ListenerSettings s = InspurAnnotations.listenerSettings(with(Map.of()));
    assertThat(s).isEqualTo(new ListenerSettings("RR", false, "tcp", 0, 30, 1, 1, "", "/"));
    assertThat(s.body("slb-1", "n", "TCP", 80).toString()).isEqualTo("{\"slbId\":\"slb-1\",\"listenerName\":\"n\","
        + "\"protocol\":\"TCP\",\"port\":80,\"forwardRule\":\"RR\",\"isHealthCheck\":\"0\",\"typeHealthCheck\":"
        + "\"tcp\",\"portHealthCheck\":0,\"periodHealthCheck\":30,\"timeoutHealthCheck\":1,\"maxHealthCheck\":1,"
        + "\"domainHealthCheck\":\"\",\"pathHealthCheck\":\"/\"}");
  }

  @ParameterizedTest
  @CsvSource({"RR,RR", "wrr,WRR", "WR,WR", " rr ,RR"})
  void forwardRules(String value, String sent) {
    assertThat(settings(InspurAnnotations.FORWARD_RULE, value).forwardRule()).isEqualTo(sent);
  }

  @ParameterizedTest
  @CsvSource({"1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true",
      "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false"})
  void healthCheckFlagIsParsedAsGoParseBool(String value, boolean on) {
    assertThat(settings(InspurAnnotations.IS_HEALTHCHECK, value).healthCheck()).isEqualTo(on);
  }

  @ParameterizedTest
  @CsvSource({
      "loadbalancer.inspur.com/forward-rule,LC,'must be RR, WRR or WR'",
      "loadbalancer.inspur.com/is-healthcheck,yes,must be a boolean",
      "loadbalancer.inspur.com/is-healthcheck,tRUE,must be a boolean",
      "loadbalancer.inspur.com/healthcheck-type,udp,must be tcp or http",
      "loadbalancer.inspur.com/healthcheck-port,65536,from 0 to 65535",
      "loadbalancer.inspur.com/healthcheck-port,-1,from 0 to 65535",
      "loadbalancer.inspur.com/healthcheck-period,0,from 1 to 300",
      "loadbalancer.inspur.com/healthcheck-period,abc,from 1 to 300",
      "loadbalancer.inspur.com/healthcheck-timeout,301,from 1 to 300",
      "loadbalancer.inspur.com/healthcheck-max,11,from 1 to 10",
      "loadbalancer.inspur.com/healthcheck-domain,bad_domain!,DNS name",
      "loadbalancer.inspur.com/healthcheck-path,healthz,must start with /",
      "loadbalancer.inspur.com/healthcheck-path,/a b,must start with /",
      "loadbalancer.inspur.com/health-check,1,not an annotation of the incloud provider"})
  void badValuesNameTheAnnotationAndTheAcceptedValues(String key, String value, String accepted) {
    assertThatThrownBy(() -> settings(key, value)).isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(key).hasMessageContaining(accepted);
  }

  @Test
  void goodHealthCheckValues() {
    ListenerSettings s = InspurAnnotations.listenerSettings(with(Map.of(
        InspurAnnotations.HEALTHCHECK_TYPE, "HTTP", InspurAnnotations.HEALTHCHECK_PORT, "65535",
        InspurAnnotations.HEALTHCHECK_PERIOD, "300", InspurAnnotations.HEALTHCHECK_TIMEOUT, "1",
        InspurAnnotations.HEALTHCHECK_MAX, "10", InspurAnnotations.HEALTHCHECK_DOMAIN, "svc.example.com",
        InspurAnnotations.HEALTHCHECK_PATH, "/ready?full=1")));
    assertThat(s).isEqualTo(new ListenerSettings("RR", false, "http", 65535, 300, 1, 10, "svc.example.com",
        "/ready?full=1"));
  }

  @Test
  void everyProblemIsInOneMessage() {
    assertThatThrownBy(() -> InspurAnnotations.listenerSettings(with(Map.of(
        InspurAnnotations.FORWARD_RULE, "X", InspurAnnotations.HEALTHCHECK_MAX, "0",
        InspurAnnotations.HEALTHCHECK_PATH, "x"))))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining(InspurAnnotations.FORWARD_RULE)
        .hasMessageContaining(InspurAnnotations.HEALTHCHECK_MAX)
        .hasMessageContaining(InspurAnnotations.HEALTHCHECK_PATH);
  }

  @Test
  void slbIdAnnotations() {
    assertThat(InspurAnnotations.slbId(with(Map.of()))).isEmpty();
    assertThat(InspurAnnotations.slbId(with(Map.of(InspurAnnotations.SLB_ID, " slb-1 ")))).contains("slb-1");
    assertThat(InspurAnnotations.slbId(with(Map.of(InspurAnnotations.INTERNAL_SLB_ID, "slb-2")))).contains("slb-2");
    assertThat(InspurAnnotations.slbId(with(Map.of(InspurAnnotations.SLB_ID, "slb-3",
        InspurAnnotations.INTERNAL_SLB_ID, "slb-3")))).contains("slb-3");
    assertThatThrownBy(() -> InspurAnnotations.slbId(with(Map.of(InspurAnnotations.SLB_ID, "slb-3",
        InspurAnnotations.INTERNAL_SLB_ID, "slb-4")))).isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("different SLBs");
    assertThatThrownBy(() -> InspurAnnotations.slbId(with(Map.of(InspurAnnotations.SLB_ID, "../x"))))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining(InspurAnnotations.SLB_ID);
  }
}
