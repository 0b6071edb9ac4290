package dev.ccm4j.cloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRuleTest {
  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  @Test
  void jsonRoundTripsEveryField() {
    FaultRule rule = FaultRule.fromJson(json("""
        {"operation":"Describe.*","count":3,"status":503,"code":"ServiceUnavailable","message":"down",
         "retryAfterSeconds":2,"latencyMillis":50,"hangMillis":0,"throttleFraction":0.5}"""));
    assertThat(rule.operation()).isEqualTo("Describe.*");
    assertThat(rule.count()).isEqualTo(3);
    assertThat(rule.status()).isEqualTo(503);
    assertThat(rule.code()).isEqualTo("ServiceUnavailable");
    assertThat(rule.message()).isEqualTo("down");
    assertThat(rule.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(rule.latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(rule.hang()).isZero();
    assertThat(rule.throttleFraction()).isEqualTo(0.5);
    assertThat(FaultRule.fromJson(rule.toJson())).isEqualTo(rule);
    assertThat(rule.matches("DescribeInstances")).isTrue();
    assertThat(rule.matches("xDescribeInstances")).isFalse();
  }

  @Test
  void defaultsMatchEverythingUntilCleared() {
    FaultRule rule = FaultRule.builder().latency(Duration.ofMillis(5)).build();
    assertThat(rule.operation()).isEqualTo(".*");
    assertThat(rule.count()).isZero();
    assertThat(rule.status()).isZero();
    assertThat(rule.code()).isEmpty();
    assertThat(rule.retryAfter()).isEmpty();
    FaultRule failing = FaultRule.fromJson(json("{\"status\":500,\"code\":\"InternalError\"}"));
    assertThat(failing.message()).isEqualTo("injected fault");
  }

  @Test
  void invalidRulesNameTheField() {
    assertThatThrownBy(() -> FaultRule.builder().build()).hasMessageContaining("must fail");
    assertThatThrownBy(() -> FaultRule.builder().failTimes(0, 500, "X", "m")).hasMessageContaining("failTimes");
    assertThatThrownBy(() -> FaultRule.builder().fail(302, "X", "m").build()).hasMessageContaining("status");
    assertThatThrownBy(() -> FaultRule.builder().fail(500, "", "m").build()).hasMessageContaining("code");
    assertThatThrownBy(() -> FaultRule.builder().throttleFraction(1.5).build())
        .hasMessageContaining("throttleFraction");
    assertThatThrownBy(() -> FaultRule.builder().latency(Duration.ofMillis(-1)).build())
        .hasMessageContaining("latency");
    assertThatThrownBy(() -> FaultRule.builder().operation("[").latency(Duration.ofMillis(1)).build())
        .hasMessageContaining("operation");
    assertThatThrownBy(() -> FaultRule.fromJson(json("{\"code\":\"X\"}"))).hasMessageContaining("status");
    assertThatThrownBy(() -> FaultRule.fromJson(json("{\"count\":\"two\",\"latencyMillis\":1}")))
        .hasMessageContaining("count");
    assertThatThrownBy(() -> FaultRule.fromJson(json("{\"count\":1.5,\"latencyMillis\":1}")))
        .hasMessageContaining("count");
    assertThatThrownBy(() -> FaultRule.fromJson(json("{\"count\":-1,\"latencyMillis\":1}")))
        .hasMessageContaining("count");
  }

  @Test
  void faultsStopAtTheFirstFailureAndSumLatencies() {
    Faults faults = new Faults(1);
    faults.add(FaultRule.builder().latency(Duration.ofMillis(10)).build());
    faults.add(FaultRule.builder().operation("A").failTimes(1, 500, "E1", "m").build());
    faults.add(FaultRule.builder().operation("A").failTimes(1, 500, "E2", "m").latency(Duration.ofMillis(5))
        .build());

    Faults.Decision first = faults.evaluate("A");
    assertThat(first.latency()).isEqualTo(Duration.ofMillis(10));
    assertThat(first.failure().code()).isEqualTo("E1");
    Faults.Decision second = faults.evaluate("A");
    assertThat(second.failure().code()).as("the later rule was not spent by the first call").isEqualTo("E2");
    assertThat(second.latency()).isEqualTo(Duration.ofMillis(15));
    Faults.Decision third = faults.evaluate("A");
    assertThat(third.failure()).isNull();
    assertThat(faults.rules()).hasSize(1);
  }
}
