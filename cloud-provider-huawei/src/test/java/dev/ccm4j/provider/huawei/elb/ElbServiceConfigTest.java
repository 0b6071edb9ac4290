package dev.ccm4j.provider.huawei.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ElbServiceConfigTest {

  @Test
  void theBuilderStartsFromAnUnannotatedServicesDefaults() {
    ElbServiceConfig built = ElbServiceConfig.builder(ElbClass.SHARED).build();
    ElbServiceConfig parsed = ElbAnnotations.parse(ElbAnnotationsTest.service(ElbAnnotationsTest.a()),
        LoadBalancerConfig.defaults());
    assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
  }

  @Test
  void toBuilderRoundTripsAndDerivesChangedCopies() {
    ElbServiceConfig c = ElbServiceConfig.builder(ElbClass.DEDICATED).availabilityZones(List.of("az1", "az2"))
        .eipId(Optional.of("e")).idleTimeout(OptionalInt.of(9)).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder().keepEip(true).build()).isNotEqualTo(c);
    assertThat(c.toString()).contains("elbClass=DEDICATED").contains("availabilityZones=[az1, az2]")
        .contains("idleTimeout=OptionalInt[9]");
  }

  @Test
  void isImmutable() {
    List<String> zones = new ArrayList<>(List.of("az1"));
    ElbServiceConfig c = ElbServiceConfig.builder(ElbClass.DEDICATED).availabilityZones(zones).build();
    zones.add("az2");
    assertThat(c.availabilityZones()).containsExactly("az1");
    assertThatThrownBy(() -> c.availabilityZones().add("az3")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> ElbServiceConfig.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ElbServiceConfig.builder(ElbClass.SHARED).elbId(null).build())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new HealthCheck(5, 3, 3, null, Optional.empty()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SessionPersistence("SOURCE_IP", Optional.empty(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new EipAutoCreate("5_bgp", OptionalInt.empty(), "PER", null, Optional.empty()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void classesReadTheAnnotationSpelling() {
    for (ElbClass c : ElbClass.values()) {
      assertThat(ElbClass.fromAnnotation(c.annotationValue())).contains(c);
      assertThat(ElbClass.fromAnnotation(" " + c.annotationValue().toUpperCase(java.util.Locale.ROOT) + " "))
          .contains(c);
    }
    assertThat(ElbClass.fromAnnotation(null)).isEmpty();
    assertThat(ElbClass.fromAnnotation("union")).isEmpty();
    assertThat(ElbClass.fromAnnotation("")).isEmpty();
  }
}
