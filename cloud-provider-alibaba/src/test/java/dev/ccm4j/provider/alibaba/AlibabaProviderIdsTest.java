package dev.ccm4j.provider.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlibabaProviderIdsTest {

  @Test
  void parsesRegionAndInstance() {
    AlibabaProviderIds.Id id = AlibabaProviderIds.parse("cn-hangzhou.i-v98dklsmnxkkgiiil7");
    assertThat(id.region()).isEqualTo("cn-hangzhou");
    assertThat(id.instanceId()).isEqualTo("i-v98dklsmnxkkgiiil7");
    assertThat(id).hasToString("cn-hangzhou.i-v98dklsmnxkkgiiil7");
  }

  @Test
  void stripsTheAlicloudPrefix() {
    AlibabaProviderIds.Id id = AlibabaProviderIds.parse("alicloud://ap-southeast-1.i-t4n0abc");
    assertThat(id.region()).isEqualTo("ap-southeast-1");
    assertThat(id.instanceId()).isEqualTo("i-t4n0abc");
    assertThat(id).as("the prefix is never written back").hasToString("ap-southeast-1.i-t4n0abc");
  }

  @Test
  void formatsWithoutPrefix() {
    assertThat(AlibabaProviderIds.format("cn-beijing", "i-2ze1")).isEqualTo("cn-beijing.i-2ze1");
    assertThatThrownBy(() -> AlibabaProviderIds.format("cn-beijing", "i 2ze1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i 2ze1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-abc", "cn-hangzhou.", ".i-abc", "cn-hangzhou.192.168.0.1", "aws://cn-hangzhou.i-abc",
      "alicloud://i-abc", "cn-hangzhou.i abc", "CN_Hangzhou.i-abc", "alicloud://alicloud://cn-hangzhou.i-abc"})
  void rejectsMalformedValuesNamingTheValueAndTheFormat(String value) {
    assertThatThrownBy(() -> AlibabaProviderIds.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(value.length() > 40 ? value.substring(0, 20) : value)
        .hasMessageContaining("<region>.<instance-id>");
    assertThat(AlibabaProviderIds.isProviderId(value)).isFalse();
    assertThat(AlibabaProviderIds.tryParse(value)).isEmpty();
  }

  @Test
  void emptyAndNullAreRejectedClearly() {
    assertThatThrownBy(() -> AlibabaProviderIds.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> AlibabaProviderIds.parse(null)).hasMessageContaining("empty");
    assertThat(AlibabaProviderIds.isProviderId(null)).isFalse();
  }
}
