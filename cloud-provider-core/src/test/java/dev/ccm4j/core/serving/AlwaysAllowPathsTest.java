package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --authorization-always-allow-paths} with upstream's matching rules and upstream's default list. */
class AlwaysAllowPathsTest {
  private static DelegatedAuth with(List<String> paths) {
    return DelegatedAuth.builder(new ApiClient()).alwaysAllowPaths(paths).build();
  }

  @Test
  void upstreamsDefaultListCoversThePerCheckPaths() {
    DelegatedAuth auth = with(List.of("/healthz", "/readyz", "/livez"));

    assertThat(auth.decide("/healthz/leaderElection", "GET", null).allowed()).isTrue();
    assertThat(auth.isAlwaysAllowed("/readyz/informers")).isTrue();
    assertThat(auth.isAlwaysAllowed("/livez/ping")).isTrue();
    assertThat(auth.isAlwaysAllowed("/healthz")).isTrue();
    assertThat(auth.decide("/metrics", "GET", null).status()).isEqualTo(401);
    assertThat(auth.decide("/configz", "GET", null).status()).isEqualTo(401);
    assertThat(with(List.of("/livez", "/healthz", "/readyz")).isAlwaysAllowed("/healthz/leaderElection")).isTrue();
    assertThat(DelegatedAuth.builder(new ApiClient()).build().isAlwaysAllowed("/healthz/leaderElection")).isTrue();
  }

  @Test
  void otherListsMatchExactlyOrByTrailingStarAsUpstreamDoes() {
    DelegatedAuth auth = with(List.of("/healthz", "metrics", "/debug/*"));

    assertThat(auth.isAlwaysAllowed("/healthz")).isTrue();
    assertThat(auth.isAlwaysAllowed("/healthz/leaderElection")).isFalse();
    assertThat(auth.isAlwaysAllowed("/metrics")).isTrue();
    assertThat(auth.isAlwaysAllowed("/debug/flags/v")).isTrue();
    assertThat(auth.isAlwaysAllowed("/debug")).isFalse();
    assertThat(with(List.of("/")).isAlwaysAllowed("/")).isTrue();
    assertThat(with(List.of("/")).isAlwaysAllowed("/healthz")).isFalse();
  }

  @Test
  void emptyEntriesAndInnerStarsNameTheFlag() {
    assertThatThrownBy(() -> DelegatedAuth.builder(new ApiClient()).alwaysAllowPaths(List.of("/healthz", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--authorization-always-allow-paths: empty entry");
    assertThatThrownBy(() -> DelegatedAuth.builder(new ApiClient()).alwaysAllowPaths(List.of("/he*z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--authorization-always-allow-paths: only a trailing *");
  }
}
