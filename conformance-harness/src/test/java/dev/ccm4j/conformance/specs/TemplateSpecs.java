package dev.ccm4j.conformance.specs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A synthetic suite with a parameterized spec, whose invocations are registered only while it runs. */
@DisplayName("Templates")
public class TemplateSpecs {
  @ParameterizedTest(name = "value {0}")
  @ValueSource(strings = {"a", "bb"})
  @DisplayName("checks")
  void checks(String value) {
    assertThat(value).hasSize(1);
  }
}
