package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderIdTest {

  @ParameterizedTest
  @CsvSource({
      "local://node-1, local, node-1",
      "aws:///us-east-1a/i-0abc, aws, /us-east-1a/i-0abc",
      "gce://my-project/europe-west1-b/vm-1, gce, my-project/europe-west1-b/vm-1",
      "alicloud://cn-hangzhou.i-bp1, alicloud, cn-hangzhou.i-bp1",
      "huaweicloud://8c6e-4f2a, huaweicloud, 8c6e-4f2a"
  })
  void parsesAndFormatsRoundTrip(String wire, String provider, String instance) {
    ProviderId id = ProviderId.parse(wire);

    assertThat(id.provider()).isEqualTo(provider);
    assertThat(id.instanceId()).isEqualTo(instance);
    assertThat(id.toString()).isEqualTo(wire);
    assertThat(id.belongsTo(provider)).isTrue();
    assertThat(id.belongsTo("other")).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void emptyIsRefused(String wire) {
    assertThatThrownBy(() -> ProviderId.parse(wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider ID is empty: expected <provider>://<instance-id>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"i-0abc", "local:/node", "local:node"})
  void missingSeparatorIsRefusedQuotingTheInput(String wire) {
    assertThatThrownBy(() -> ProviderId.parse(wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed provider ID \"" + wire + "\": expected <provider>://<instance-id>");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "://node-1|invalid provider name \"\"",
      "Local://node-1|invalid provider name \"Local\"",
      "my cloud://x|invalid provider name \"my cloud\"",
      "local://|empty instance ID",
      "local://node 1|contains whitespace"
  })
  void malformedPartsAreRefusedQuotingTheInput(String wire, String detail) {
    assertThatThrownBy(() -> ProviderId.parse(wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed provider ID \"" + wire + "\": ")
        .hasMessageContaining(detail);
  }
}
