package dev.ccm4j.conformance.specs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A synthetic suite whose class setup fails, so each of its specs fails with that error. */
@DisplayName("Broken setup")
public class BrokenSetupSpecs {
  @BeforeAll
  static void connect() {
    throw new IllegalStateException("cloud unreachable");
  }

  @Test
  @DisplayName("first")
  void first() {}

  @Test
  @DisplayName("second")
  void second() {}
}
