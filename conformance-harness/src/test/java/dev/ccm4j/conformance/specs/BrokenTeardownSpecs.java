package dev.ccm4j.conformance.specs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A synthetic suite whose class teardown fails after its spec passed. */
@DisplayName("Broken teardown")
public class BrokenTeardownSpecs {
  @AfterAll
  static void verifyNoOrphans() {
    throw new IllegalStateException("orphaned load balancer a1234");
  }

  @Test
  @DisplayName("passes")
  void passes() {}
}
