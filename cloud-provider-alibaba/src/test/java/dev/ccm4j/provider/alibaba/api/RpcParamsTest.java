package dev.ccm4j.provider.alibaba.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcParamsTest {

  @Test
  void flattensListsObjectsAndJsonAsAlibabasSdks() {
    Map<String, String> tag1 = new LinkedHashMap<>();
    tag1.put("Key", "k1");
    tag1.put("Value", "v1");
    Map<String, String> tag2 = new LinkedHashMap<>();
    tag2.put("Key", "k2");
    tag2.put("Value", null);
    Map<String, String> p = RpcParams.create()
        .put("LoadBalancerId", "lb-1")
        .put("Missing", (String) null)
        .put("Bandwidth", 5L)
        .put("Enabled", true)
        .putList("BackendServerId", Arrays.asList("i-1", null, "i-2"))
        .putObjects("Tag", Arrays.asList(tag1, null, tag2))
        .putJson("InstanceIds", List.of("i-a", "i-b"))
        .putJson("Tags", List.of(Map.of("TagKey", "a<b>&")))
        .asMap();
    assertThat(p).containsExactly(
        Map.entry("LoadBalancerId", "lb-1"),
        Map.entry("Bandwidth", "5"),
        Map.entry("Enabled", "true"),
        Map.entry("BackendServerId.1", "i-1"),
        Map.entry("BackendServerId.2", "i-2"),
        Map.entry("Tag.1.Key", "k1"),
        Map.entry("Tag.1.Value", "v1"),
        Map.entry("Tag.2.Key", "k2"),
        Map.entry("InstanceIds", "[\"i-a\",\"i-b\"]"),
        Map.entry("Tags", "[{\"TagKey\":\"a<b>&\"}]"));
  }

  @Test
  void refusesTheParametersTheClientSignsItself() {
    for (String reserved : List.of("Action", "Version", "Signature", "AccessKeyId", "SecurityToken", "Timestamp",
        "SignatureNonce", "Format")) {
      assertThatThrownBy(() -> RpcParams.create().put(reserved, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(reserved);
    }
    assertThat(RpcParams.create().put("RegionId", "cn-hangzhou").get("RegionId")).isEqualTo("cn-hangzhou");
  }

  @Test
  void theMapIsACopy() {
    RpcParams params = RpcParams.create().put("A", "1");
    Map<String, String> snapshot = params.asMap();
    params.put("B", "2");
    assertThat(snapshot).containsOnlyKeys("A");
    assertThatThrownBy(() -> snapshot.put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
  }
}
