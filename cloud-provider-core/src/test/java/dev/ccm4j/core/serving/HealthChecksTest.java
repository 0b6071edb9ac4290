package dev.ccm4j.core.serving;

import dev.ccm4j.core.health.HealthStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  @Test
  void namesAreUniqueAndUsableAsSubPaths() {
    HealthChecks checks = new HealthChecks().add("leaderElection", HealthStatus::ok);

    assertThatThrownBy(() -> checks.add("leaderElection", HealthStatus::ok))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> checks.add("a/b", HealthStatus::ok))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> checks.add("", HealthStatus::ok))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(checks.names()).containsExactly("leaderElection");
  }

  @Test
  void runsInOrderSkipsExcludedAndTurnsExceptionsAndNullsIntoFailures() {
    HealthChecks checks = new HealthChecks()
        .add("cloud-node", HealthStatus::ok)
        .add("service", () -> null)
        .add("route", () -> {
          throw new IllegalStateException("queue stuck");
        })
        .add("excluded", () -> HealthStatus.unhealthy("never run"));

    assertThat(checks.runAll(Set.of("excluded")))
        .extracting(HealthChecks.Outcome::name, o -> o.status().healthy(), o -> o.status().message())
        .containsExactly(
            Tuple.tuple("cloud-node", true, "ok"),
            Tuple.tuple("service", false, "check returned no result"),
            Tuple.tuple("route", false, "IllegalStateException: queue stuck"));
    assertThat(checks.run("missing")).isEmpty();
    assertThat(checks.remove("route")).isTrue();
    assertThat(checks.remove("route")).isFalse();
  }
}
