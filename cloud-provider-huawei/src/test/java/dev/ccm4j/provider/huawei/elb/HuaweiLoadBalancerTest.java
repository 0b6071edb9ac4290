package dev.ccm4j.provider.huawei.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HuaweiLoadBalancerTest {

  /** Records the calls it gets. */
  static final class Recorder implements ElbImplementation {
    final List<String> calls = new ArrayList<>();
    Optional<ElbServiceConfig> lastDeleteCfg;

    @Override
    public Optional<V1LoadBalancerStatus> get(String cluster, V1Service svc, ElbServiceConfig cfg) {
      calls.add("get " + cfg.elbClass());
      return Optional.empty();
    }

    @Override
    public V1LoadBalancerStatus ensure(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
      calls.add("ensure " + cfg.elbClass());
      return new V1LoadBalancerStatus().ingress(List.of(new V1LoadBalancerIngress().ip("1.2.3.4")));
    }

    @Override
    public void update(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
      calls.add("update " + cfg.elbClass());
    }

    @Override
    public void delete(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg) {
      calls.add("delete");
      lastDeleteCfg = cfg;
    }
  }

  private final Recorder shared = new Recorder();
  private final Recorder dedicated = new Recorder();
  private final Map<ElbClass, ElbImplementation> impls = Map.of(ElbClass.SHARED, shared,
      ElbClass.DEDICATED, dedicated);

  private static LoadBalancerConfig withClass() {
    return LoadBalancerConfig.parse(Map.of("loadBalancerOption",
        "{\"loadbalancer-class\":\"huaweicloud.com/elb\"}"));
  }

  private static V1Service svc(String elbClass) {
    V1Service s = SharedElbTest.service("web", 80);
    s.getMetadata().getAnnotations().put("kubernetes.io/elb.class", elbClass);
    if (elbClass.equals("dedicated")) {
      s.getMetadata().getAnnotations().put("kubernetes.io/elb.availability-zones", "cn-north-4a");
    }
    return s;
  }

  @Test
  void dispatchesOnTheElbClass() {
    HuaweiLoadBalancer lb = new HuaweiLoadBalancer(impls, LoadBalancerConfig::defaults, false);
    assertThat(lb.ensureLoadBalancer("c", svc("dedicated"), List.of()).getIngress()).hasSize(1);
    lb.updateLoadBalancer("c", svc("shared"), List.of());
    assertThat(dedicated.calls).containsExactly("ensure DEDICATED");
    assertThat(shared.calls).containsExactly("update SHARED");
    assertThat(lb.getLoadBalancerName("c", svc("shared"))).isEqualTo("k8s_service_c_ns_web");
  }

  @Test
  void aBadAnnotationIsAConfigurationErrorButDeleteStillRuns() {
    HuaweiLoadBalancer lb = new HuaweiLoadBalancer(impls, LoadBalancerConfig::defaults, false);
    V1Service bad = svc("shared");
    bad.getMetadata().getAnnotations().put("kubernetes.io/elb.lb-algorithm", "FASTEST");
    assertThatThrownBy(() -> lb.ensureLoadBalancer("c", bad, List.of()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("kubernetes.io/elb.lb-algorithm");
    assertThat(shared.calls).isEmpty();

    assertThat(lb.getLoadBalancer("c", bad)).isEmpty();
    assertThat(shared.calls).containsExactly("get SHARED");
    shared.calls.clear();
    lb.ensureLoadBalancerDeleted("c", bad);
    assertThat(shared.calls).containsExactly("delete");
    assertThat(shared.lastDeleteCfg).isEmpty();
  }

  @Test
  void aClassNotInThisBuildIsAConfigurationErrorAndNoClassDeletesNothing() {
    HuaweiLoadBalancer lb = new HuaweiLoadBalancer(impls, LoadBalancerConfig::defaults, false);
    assertThatThrownBy(() -> lb.ensureLoadBalancer("c", svc("elasticity"), List.of()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("elasticity");
    V1Service none = svc("shared");
    none.getMetadata().getAnnotations().remove("kubernetes.io/elb.class");
    assertThatCode(() -> lb.ensureLoadBalancerDeleted("c", none)).doesNotThrowAnyException();
    assertThat(shared.calls).isEmpty();
  }

  @Test
  void withAConfiguredClassTheBuiltInLeavesClasslessServicesAlone() {
    HuaweiLoadBalancer builtIn = new HuaweiLoadBalancer(impls, HuaweiLoadBalancerTest::withClass, false);
    assertThatThrownBy(() -> builtIn.ensureLoadBalancer("c", svc("shared"), List.of()))
        .isInstanceOf(ImplementedElsewhereException.class);
    assertThatThrownBy(() -> builtIn.updateLoadBalancer("c", svc("shared"), List.of()))
        .isInstanceOf(ImplementedElsewhereException.class);
    assertThat(shared.calls).isEmpty();
    // what was created before the class was configured is still found, so the core can clean it up
    builtIn.getLoadBalancer("c", svc("shared"));
    assertThat(shared.calls).containsExactly("get SHARED");
  }

  @Test
  void theClassControllerServesItsClassOnlyWhenTheConfigNamesIt() {
    V1Service classed = svc("shared");
    classed.getSpec().setLoadBalancerClass("huaweicloud.com/elb");

    HuaweiLoadBalancer withoutConfig = new HuaweiLoadBalancer(impls, LoadBalancerConfig::defaults, true);
    assertThatThrownBy(() -> withoutConfig.ensureLoadBalancer("c", classed, List.of()))
        .isInstanceOf(ImplementedElsewhereException.class);

    HuaweiLoadBalancer controller = new HuaweiLoadBalancer(impls, HuaweiLoadBalancerTest::withClass, true);
    controller.ensureLoadBalancer("c", classed, List.of());
    assertThat(shared.calls).containsExactly("ensure SHARED");
    assertThatThrownBy(() -> controller.ensureLoadBalancer("c", svc("shared"), List.of()))
        .isInstanceOf(ImplementedElsewhereException.class);

    HuaweiLoadBalancer builtIn = new HuaweiLoadBalancer(impls, HuaweiLoadBalancerTest::withClass, false);
    assertThatThrownBy(() -> builtIn.ensureLoadBalancer("c", classed, List.of()))
        .isInstanceOf(ImplementedElsewhereException.class);
    builtIn.ensureLoadBalancerDeleted("c", classed);
    assertThat(shared.calls).containsExactly("ensure SHARED");
  }
}
