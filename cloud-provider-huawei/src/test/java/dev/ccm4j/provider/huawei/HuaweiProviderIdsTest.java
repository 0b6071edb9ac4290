package dev.ccm4j.provider.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HuaweiProviderIdsTest {
  private static final String UUID = "5e4c3d2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";

  @Test
  void writesThePrefixedForm() {
    assertThat(HuaweiProviderIds.of(UUID)).isEqualTo("huaweicloud://" + UUID);
    assertThatThrownBy(() -> HuaweiProviderIds.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HuaweiProviderIds.of("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThePrefixedFormAndTheOriginalsBareUuid() {
    assertThat(HuaweiProviderIds.serverId("huaweicloud://" + UUID)).contains(UUID);
    assertThat(HuaweiProviderIds.serverId(UUID)).as("bug #268 of the original").contains(UUID);
  }

  @Test
  void rejectsOtherProviders() {
    assertThat(HuaweiProviderIds.serverId(null)).isEmpty();
    assertThat(HuaweiProviderIds.serverId("")).isEmpty();
    assertThat(HuaweiProviderIds.serverId("huaweicloud://")).isEmpty();
    assertThat(HuaweiProviderIds.serverId("huaweicloud://a/b")).isEmpty();
    assertThat(HuaweiProviderIds.serverId("alicloud://i-123")).isEmpty();
    assertThat(HuaweiProviderIds.serverId("cn-hangzhou.i-123")).isEmpty();
    assertThat(HuaweiProviderIds.serverId("node-1")).as("a bare non-UUID is not ours").isEmpty();
  }
}
