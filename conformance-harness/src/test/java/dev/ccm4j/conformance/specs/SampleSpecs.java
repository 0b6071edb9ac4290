package dev.ccm4j.conformance.specs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.ConformanceSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/** A synthetic suite: one spec passes, one fails, one skips itself, one is meant to be filtered out. */
@DisplayName("Sample [Feature:Sample]")
@ExtendWith(SessionParameter.class)
public class SampleSpecs {
  @Test
  @DisplayName("passes [Conformance]")
  void passes(TestReporter reporter) {
    System.out.println("hello from the passing spec");
    reporter.publishEntry("lb", "a1234");
  }

  @Test
  @DisplayName("fails with <angle> \"quotes\" & 'apostrophes'")
  void fails() {
    assertThat("actual\u0001value").as("the cloud's answer\nsecond line").isEqualTo("expected");
  }

  @Test
  @DisplayName("skips itself")
  void skips() {
    Assumptions.assumeTrue(false, "provider has no LoadBalancer\nso nothing to test");
  }

  @Test
  @DisplayName("is slow [Slow]")
  void slow() {
    throw new AssertionError("a filtered spec must not run");
  }

  /** A nested container: its specs' full text carries both display names. */
  @Nested
  @DisplayName("when nested")
  class WhenNested {
    @Test
    @DisplayName("sees its session [Conformance]")
    void seesSession(ConformanceSession session) {
      assertThat(session).isNotNull();
    }
  }
}
