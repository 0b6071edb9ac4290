package dev.ccm4j.provider.alibaba.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.cloud.emulator.Ipv4;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alibaba's parameter conventions as product handlers read them. */
class RpcCallTest {
  private final AlibabaCloudState state = AlibabaCloudState.forTests("cn-hangzhou", Clock.systemUTC());

  private RpcCall call(Map<String, String> params) {
    return RpcCall.of("DescribeThings", "2014-05-26", params, state);
  }

  @Test
  void repeatedParametersAreReadInIndexOrder() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("LoadBalancerId.10", "j");
    p.put("LoadBalancerId.2", "b");
    p.put("LoadBalancerId.1", "a");
    p.put("LoadBalancerIdX", "ignored");
    p.put("LoadBalancerId.x", "ignored");
    assertThat(call(p).list("LoadBalancerId")).containsExactly("a", "b", "j");
    assertThat(call(p).list("Missing")).isEmpty();
  }

  @Test
  void flattenedObjectsAreGroupedByIndex() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Tag.2.Key", "k2");
    p.put("Tag.1.Key", "k1");
    p.put("Tag.1.Value", "v1");
    p.put("Tag.3", "not an object");
    List<Map<String, String>> tags = call(p).objects("Tag");
    assertThat(tags).containsExactly(Map.of("Key", "k1", "Value", "v1"), Map.of("Key", "k2"));
  }

  @Test
  void badValuesAreAnsweredNamingTheParameter() {
    assertThatThrownBy(() -> call(Map.of()).required("LoadBalancerId")).isInstanceOfSatisfying(AlibabaApiError.class,
        e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("MissingParameter");
          assertThat(e.message()).contains("\"LoadBalancerId\"");
        });
    assertThatThrownBy(() -> call(Map.of("PageSize", "500")).integer("PageSize", 10, 1, 100))
        .isInstanceOfSatisfying(AlibabaApiError.class, e -> assertThat(e.message()).contains("PageSize")
            .contains("1 to 100"));
    assertThatThrownBy(() -> call(Map.of("Force", "yes")).bool("Force")).isInstanceOf(AlibabaApiError.class);
    assertThatThrownBy(() -> call(Map.of("InstanceIds", "[1,{}]")).jsonList("InstanceIds"))
        .isInstanceOfSatisfying(AlibabaApiError.class, e -> assertThat(e.code()).isEqualTo("InvalidParameter"));
    assertThatThrownBy(() -> call(Map.of("RegionId", "us-west-1")).regionId())
        .isInstanceOfSatisfying(AlibabaApiError.class, e -> assertThat(e.code()).isEqualTo(
            "InvalidRegionId.NotFound"));
  }

  @Test
  void valuesAreReadAsAlibabaSendsThem() {
    RpcCall c = call(Map.of("InstanceIds", "[\"i-a\",\"i-b\"]", "PageSize", "50", "Force", "TRUE", "Empty", ""));
    assertThat(c.jsonList("InstanceIds")).containsExactly("i-a", "i-b");
    assertThat(c.integer("PageSize", 10, 1, 100)).isEqualTo(50);
    assertThat(c.integer("PageNumber", 1, 1, 100)).isEqualTo(1);
    assertThat(c.bool("Force")).contains(true);
    assertThat(c.optional("Empty")).as("the SDKs skip empty fields, so empty means absent").isEmpty();
    assertThat(c.regionId()).isEqualTo("cn-hangzhou");
  }

  @Test
  void cidrArithmeticNormalisesAndContains() {
    assertThat(Ipv4.cidr("172.20.1.7").orElseThrow().toString()).isEqualTo("172.20.1.7/32");
    assertThat(Ipv4.cidr("172.20.1.7/24").orElseThrow().toString()).isEqualTo("172.20.1.0/24");
    assertThat(Ipv4.cidr("172.20.1.0/33")).isEmpty();
    assertThat(Ipv4.cidr("300.1.1.1/8")).isEmpty();
    assertThat(Ipv4.cidr("192.168.0.0/20").orElseThrow().contains(Ipv4.parse("192.168.15.255").orElseThrow()))
        .isTrue();
    assertThat(Ipv4.cidr("192.168.0.0/20").orElseThrow().contains(Ipv4.parse("192.168.16.0").orElseThrow()))
        .isFalse();
  }
}
