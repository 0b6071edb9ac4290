package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  @Test
  void namesAreUniqueAndUsableAsSubPaths() {
    HealthChecks checks = new HealthChecks().add("leaderElection", HealthCheck.Result::ok);

    assertThatThrownBy(() -> checks.add("leaderElection", HealthCheck.Result::ok))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> checks.add("a/b", HealthCheck.Result::ok))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> checks.add("", HealthCheck.Result::ok))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(checks.names()).containsExactly("leaderElection");
  }

  @Test
  void runsInOrderSkipsExcludedAndTurnsExceptionsAndNullsIntoFailures() {
    HealthChecks checks = new HealthChecks()
        .add("cloud-node", HealthCheck.Result::ok)
        .add("service", () -> null)
        .add("route", () -> {
          throw new IllegalStateException("queue stuck");
        })
        .add("excluded", () -> HealthCheck.Result.failed("never run"));

    assertThat(checks.runAll(Set.of("excluded")))
        .extracting(HealthChecks.Outcome::name, o -> o.result().healthy(), o -> o.result().reason())
        .containsExactly(
            Tuple.tuple("cloud-node", true, ""),
            Tuple.tuple("service", false, "check returned no result"),
            Tuple.tuple("route", false, "IllegalStateException: queue stuck"));
    assertThat(checks.run("missing")).isEmpty();
    assertThat(checks.remove("route")).isTrue();
    assertThat(checks.remove("route")).isFalse();
  }
}
