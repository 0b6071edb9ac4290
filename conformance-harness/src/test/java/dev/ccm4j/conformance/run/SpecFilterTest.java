package dev.ccm4j.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class SpecFilterTest {
  private static final String LB = "Services [Feature:LoadBalancer] should create a load balancer [Slow]";
  private static final String NODE = "Nodes should be initialized [Conformance]";

  @Test
  void noFocusRunsEverythingNotSkipped() {
    assertThat(SpecFilter.all().runs(LB)).isTrue();
    SpecFilter skipSlow = SpecFilter.of(List.of(), List.of("\\[Slow\\]"));
    assertThat(skipSlow.runs(LB)).isFalse();
    assertThat(skipSlow.runs(NODE)).isTrue();
  }

  @Test
  void focusMatchesAnywhereAndAnyFocusIsEnough() {
    SpecFilter focus = SpecFilter.of(List.of("\\[Conformance\\]", "LoadBalancer"), List.of());
    assertThat(focus.runs(LB)).isTrue();
    assertThat(focus.runs(NODE)).isTrue();
    assertThat(focus.runs("Routes are created")).isFalse();
  }

  @Test
  void skipWinsOverFocus() {
    SpecFilter filter = SpecFilter.of(List.of("LoadBalancer"), List.of("Slow"));
    assertThat(filter.runs(LB)).isFalse();
    assertThat(filter.focus()).containsExactly("LoadBalancer");
    assertThat(filter.skip()).containsExactly("Slow");
  }

  @Test
  void upstreamConformanceSkipRegex() {
    SpecFilter filter = SpecFilter.of(List.of(), List.of("Alpha|\\[(Disruptive|Feature:[^\\]]+|Flaky)\\]"));
    assertThat(filter.runs(LB)).isFalse();
    assertThat(filter.runs(NODE)).isTrue();
    assertThat(filter.runs("Nodes [Disruptive] terminate")).isFalse();
  }

  @Test
  void invalidRegexIsRejected() {
    assertThatThrownBy(() -> SpecFilter.of(List.of("["), List.of())).isInstanceOf(PatternSyntaxException.class);
  }
}
