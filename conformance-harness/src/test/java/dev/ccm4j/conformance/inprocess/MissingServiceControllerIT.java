package dev.ccm4j.conformance.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerSelection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The load balancer lifecycle fails, and says why, against a CCM that does not run the service controller. */
class MissingServiceControllerIT {

  @Test
  void theLifecycleFailsNamingTheMissingIngress() throws Exception {
    Duration shortWait = Duration.ofSeconds(3);
    E2eTimeouts timeouts = new E2eTimeouts(Duration.ofMillis(200), shortWait, shortWait, Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1));
    try (InProcessCluster cluster = InProcessCluster.builder().provider("fake").nodes(1).timeouts(timeouts)
        .controllers(ControllerSelection.parse(List.of("*", "-service"))).build().start()) {
      assertThat(cluster.manager().runningControllers()).doesNotContain(ControllerNames.SERVICE_LB);

      EngineExecutionResults results = E2eRuns.run(cluster,
          List.of("dev.ccm4j.conformance.e2e.LoadBalancerLifecycleE2e"));

      assertThat(results.testEvents().failed().count()).as(E2eRuns.outcomes(results)).isEqualTo(2);
      assertThat(E2eRuns.problems(results)).allSatisfy(p -> assertThat(p)
          .contains("timed out after 3s waiting for Service ").contains("to get a load balancer ingress")
          .contains("status.loadBalancer.ingress=[]"));
    }
  }
}
