package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.ConformanceSessions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineTestKit.Builder;
import org.junit.platform.testkit.engine.Event;

class E2eExtensionTest {

  @Test
  void aSessionWithoutAClusterFailsEveryScenarioWithAClearMessage() {
    String id = ConformanceSessions.register(new ConformanceSession(Optional.empty(), Optional.empty()));
    try {
      EngineExecutionResults results = engine().configurationParameter(ConformanceSessions.CONFIG_KEY, id).execute();
      assertThat(results.testEvents().failed().stream().map(E2eExtensionTest::message))
          .hasSize(2).allSatisfy(m -> assertThat(m).contains("this conformance session has none"));
    } finally {
      ConformanceSessions.remove(id);
    }
  }

  @Test
  void withoutASessionTheScenariosSayWhoLaunchesThem() {
    EngineExecutionResults results = engine().execute();
    assertThat(results.testEvents().failed().stream().map(E2eExtensionTest::message))
        .hasSize(2).allSatisfy(m -> assertThat(m).contains("launched by the ccm4j conformance runner"));
  }

  private static Builder engine() {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(DiscoverySelectors.selectClass(LoadBalancerClassE2e.class));
  }

  private static String message(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::getMessage).orElse("");
  }
}
