package dev.ccm4j.provider.huawei.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LoadBalancerConfigTest {
  private static final String SECRET = "VALUE-NEVER-ECHOED";

  @Test
  void defaultsWithoutConfigMap() {
    LoadBalancerConfig d = LoadBalancerConfig.defaults();
    assertThat(d.lbAlgorithm()).isEqualTo("ROUND_ROBIN");
    assertThat(d.lbProvider()).isEqualTo("vlb");
    assertThat(d.keepEip()).isFalse();
    assertThat(d.enableCrossVpc()).isFalse();
    assertThat(d.l4FlavorId()).isEmpty();
    assertThat(d.sessionAffinityFlag()).isEmpty();
    assertThat(d.sessionAffinityOption()).isEmpty();
    assertThat(d.healthCheckFlag()).isEmpty();
    assertThat(d.healthCheckOption()).isEmpty();
    assertThat(d.idleTimeout()).isEmpty();
    assertThat(d.loadBalancerClass()).isEmpty();
    assertThat(d.businessName()).isEmpty();
    assertThat(d.primaryNicForce()).isFalse();
    assertThat(d.publicNetworkNames()).isEmpty();
    assertThat(d.internalNetworkNames()).isEmpty();
    assertThat(LoadBalancerConfig.parse(Map.of())).usingRecursiveComparison().isEqualTo(d);
  }

  @Test
  void readsEveryOption() {
    LoadBalancerConfig c = LoadBalancerConfig.parse(Map.of(
        "loadBalancerOption", """
            {"lb-algorithm":"LEAST_CONNECTIONS","lb-provider":"vlb2","keep-eip":true,"enable-cross-vpc":"true",
             "l4-flavor-id":"f4","l7-flavor-id":"f7","session-affinity-flag":"on",
             "session-affinity-option":{"type":"SOURCE_IP","persistence_timeout":15},
             "enable-transparent-client-ip":true,"idle-timeout":60,"request-timeout":"30","response-timeout":45,
             "health-check-flag":"off","health-check-option":{"delay":6,"timeout":4,"max_retries":2},
             "disable-create-security-group":true,"loadbalancer-class":"huaweicloud.com/elb",
             "business-name":"shop","primary-nic":"force"}""",
        "networkingOption", "{\"public-network-name\":[\"eth-pub\"],\"internal-network-name\":[\"a\",\"b\"]}",
        "metadataOption", "{\"search-order\":\"configDrive,metadataService\"}"));
    assertThat(c.lbAlgorithm()).isEqualTo("LEAST_CONNECTIONS");
    assertThat(c.lbProvider()).isEqualTo("vlb2");
    assertThat(c.keepEip()).isTrue();
    assertThat(c.enableCrossVpc()).isTrue();
    assertThat(c.l4FlavorId()).contains("f4");
    assertThat(c.l7FlavorId()).contains("f7");
    assertThat(c.sessionAffinityFlag()).isEqualTo("on");
    assertThat(c.sessionAffinityOption().orElseThrow().get("persistence_timeout").getAsInt()).isEqualTo(15);
    assertThat(c.enableTransparentClientIp()).isTrue();
    assertThat(c.idleTimeout()).isEqualTo(OptionalInt.of(60));
    assertThat(c.requestTimeout()).isEqualTo(OptionalInt.of(30));
    assertThat(c.responseTimeout()).isEqualTo(OptionalInt.of(45));
    assertThat(c.healthCheckFlag()).isEqualTo("off");
    assertThat(c.healthCheckOption().orElseThrow().get("max_retries").getAsInt()).isEqualTo(2);
    assertThat(c.loadBalancerClass()).contains("huaweicloud.com/elb");
    assertThat(c.businessName()).contains("shop");
    assertThat(c.primaryNicForce()).isTrue();
    assertThat(c.publicNetworkNames()).containsExactly("eth-pub");
    assertThat(c.internalNetworkNames()).containsExactly("a", "b");
  }

  @Test
  void optionObjectsAreCopies() {
    LoadBalancerConfig c = LoadBalancerConfig.parse(Map.of("loadBalancerOption",
        "{\"health-check-option\":{\"delay\":6}}"));
    c.healthCheckOption().orElseThrow().addProperty("delay", 99);
    assertThat(c.healthCheckOption().orElseThrow().get("delay").getAsInt()).isEqualTo(6);
  }

  @Test
  void nestedOptionGivenAsJsonStringIsAccepted() {
    LoadBalancerConfig c = LoadBalancerConfig.parse(Map.of("loadBalancerOption",
        "{\"session-affinity-option\":\"{\\\"type\\\":\\\"HTTP_COOKIE\\\"}\"}"));
    assertThat(c.sessionAffinityOption().orElseThrow().get("type").getAsString()).isEqualTo("HTTP_COOKIE");
  }

  @Test
  void malformedJsonNamesTheDataKeyNotTheValue() {
    for (String key : new String[] {"loadBalancerOption", "networkingOption", "metadataOption"}) {
      assertThatThrownBy(() -> LoadBalancerConfig.parse(Map.of(key, "{\"x\": " + SECRET)))
          .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key)
          .hasMessageNotContaining(SECRET);
      assertThatThrownBy(() -> LoadBalancerConfig.parse(Map.of(key, "[\"" + SECRET + "\"]")))
          .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key)
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void badOptionTypesNameTheOption() {
    String[][] cases = {
        {"loadBalancerOption", "{\"keep-eip\":\"" + SECRET + "\"}", "keep-eip"},
        {"loadBalancerOption", "{\"idle-timeout\":\"" + SECRET + "\"}", "idle-timeout"},
        {"loadBalancerOption", "{\"request-timeout\":-1}", "request-timeout"},
        {"loadBalancerOption", "{\"lb-algorithm\":[\"" + SECRET + "\"]}", "lb-algorithm"},
        {"loadBalancerOption", "{\"health-check-option\":\"" + SECRET + "\"}", "health-check-option"},
        {"networkingOption", "{\"public-network-name\":\"" + SECRET + "\"}", "public-network-name"},
        {"networkingOption", "{\"internal-network-name\":[1]}", "internal-network-name"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> LoadBalancerConfig.parse(Map.of(c[0], c[1]))).as(c[2])
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[0]).hasMessageContaining(c[2])
          .hasMessageNotContaining(SECRET);
    }
  }
}
