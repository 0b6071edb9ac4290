package dev.ccm4j.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
      "0, PT0S",
      "300ms, PT0.3S",
      "10s, PT10S",
      "5m, PT5M",
      "1h30m, PT1H30M",
      "1.5h, PT1H30M",
      "2h45m30.5s, PT2H45M30.5S",
      "100us, PT0.0001S",
      "7ns, PT0.000000007S",
      "-5s, PT-5S"
  })
  void parsesGoDurations(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "m", "1h 30m", "1.2.3s", "s5"})
  void refusesMalformedInput(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0s", "PT10S, 10s", "PT5M, 5m0s", "PT1H30M, 1h30m0s", "PT0.25S, 250ms", "PT0.0000005S, 500ns",
      "PT0.0000015S, 1.5µs", "PT65S, 1m5s", "PT1H0.183932S, 1h0m0.183932s", "PT-2S, -2s"})
  void formats(String iso, String text) {
    assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(text);
  }
}
