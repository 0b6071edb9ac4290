package dev.ccm4j.conformance.specs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.tck.TckTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A synthetic suite that opens the session's TCK target, as the TCK does. */
@DisplayName("TCK session")
@ExtendWith(SessionParameter.class)
public class TckSessionSpecs {
  @Test
  @DisplayName("opens the provider and its fixture")
  void opens(ConformanceSession session) throws Exception {
    try (TckTarget target = session.tck().orElseThrow().open()) {
      assertThat(target.provider().name()).isEqualTo("fake");
      assertThat(target.fixture()).isNotNull();
      assertThat(target.clusterName()).isEqualTo("conformance-test");
    }
  }
}
