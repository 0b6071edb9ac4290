package dev.ccm4j.provider.huawei.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadBalancerConfigSourceTest {
  private final MutableClock clock = new MutableClock();
  private final Map<String, Map<String, String>> configMaps = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile boolean failing;
  private final LoadBalancerConfigSource source = new LoadBalancerConfigSource(clock);

  private void init() {
    source.initialize((ns, name) -> {
      reads.incrementAndGet();
      assertThat(name).isEqualTo("loadbalancer-config");
      if (failing) {
        throw new ApiException(503, "unavailable");
      }
      return Optional.ofNullable(configMaps.get(ns));
    });
  }

  private static Map<String, String> algorithm(String a) {
    return Map.of("loadBalancerOption", "{\"lb-algorithm\":\"" + a + "\"}");
  }

  @Test
  void defaultsBeforeInitializeAndWhenAbsent() {
    assertThat(source.current()).isSameAs(LoadBalancerConfig.defaults());
    init();
    assertThat(source.current().lbAlgorithm()).isEqualTo("ROUND_ROBIN");
    assertThat(reads).hasValue(2);
  }

  @Test
  void olderNamespaceFirstThenKubeSystem() {
    configMaps.put("kube-system", algorithm("SOURCE_IP"));
    init();
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");
    configMaps.put("huawei-cloud-provider", algorithm("LEAST_CONNECTIONS"));
    clock.advance(LoadBalancerConfigSource.TTL);
    assertThat(source.current().lbAlgorithm()).isEqualTo("LEAST_CONNECTIONS");
  }

  @Test
  void cachedForTheTtl() {
    configMaps.put("kube-system", algorithm("SOURCE_IP"));
    init();
    source.current();
    int after = reads.get();
    clock.advance(Duration.ofSeconds(29));
    source.current();
    assertThat(reads).hasValue(after);
    clock.advance(Duration.ofSeconds(1));
    source.current();
    assertThat(reads.get()).isGreaterThan(after);
  }

  @Test
  void keepsLastGoodCopyWhenTheApiServerFails() {
    configMaps.put("kube-system", algorithm("SOURCE_IP"));
    init();
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");
    failing = true;
    clock.advance(LoadBalancerConfigSource.TTL);
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");
  }

  @Test
  void malformedConfigMapIsAServiceConfigurationErrorUntilFixed() {
    configMaps.put("kube-system", Map.of("loadBalancerOption", "{not json"));
    init();
    assertThatThrownBy(source::current).isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("kube-system/loadbalancer-config").hasMessageContaining("loadBalancerOption")
        .hasMessageNotContaining("not json");
    configMaps.put("kube-system", algorithm("SOURCE_IP"));
    clock.advance(LoadBalancerConfigSource.TTL);
    assertThat(source.current().lbAlgorithm()).isEqualTo("SOURCE_IP");
  }
}
