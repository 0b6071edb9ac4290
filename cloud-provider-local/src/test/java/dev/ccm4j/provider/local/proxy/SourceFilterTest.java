package dev.ccm4j.provider.local.proxy;

import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.TestBackends.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceFilterTest {

  @Test
  void specWinsOverTheAnnotation() {
    V1Service svc = service("s", tcp(80, 30080));
    svc.getSpec().loadBalancerSourceRanges(List.of("10.0.0.0/8"));
    svc.getMetadata().annotations(Map.of(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES, "192.168.0.0/16"));
    SourceFilter f = SourceFilter.of(svc);
    assertThat(f.allows(ip("10.1.2.3"))).isTrue();
    assertThat(f.allows(ip("192.168.1.1"))).isFalse();
    assertThat(f.allows(ip("::ffff:10.1.2.3"))).isTrue();
  }

  @Test
  void annotationAppliesWithoutSpecAndNothingAllowsAll() {
    V1Service svc = service("s", tcp(80, 30080));
    assertThat(SourceFilter.of(svc).allows(ip("203.0.113.1"))).isTrue();
    svc.getMetadata().annotations(Map.of(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES,
        " 192.168.0.0/16 ,fd00::/8,"));
    SourceFilter f = SourceFilter.of(svc);
    assertThat(f.allows(ip("192.168.7.7"))).isTrue();
    assertThat(f.allows(ip("fd00::1"))).isTrue();
    assertThat(f.allows(ip("203.0.113.1"))).isFalse();
  }

  @Test
  void invalidRangesNameTheirSource() {
    V1Service spec = service("s", tcp(80, 30080));
    spec.getSpec().loadBalancerSourceRanges(List.of("10.0.0.1"));
    assertThatThrownBy(() -> SourceFilter.of(spec)).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("10.0.0.1").hasMessageContaining("spec.loadBalancerSourceRanges");

    V1Service annotated = service("s", tcp(80, 30080));
    annotated.getMetadata().annotations(Map.of(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES, "nope/8"));
    assertThatThrownBy(() -> SourceFilter.of(annotated)).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("nope").hasMessageContaining(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES);
  }
}
