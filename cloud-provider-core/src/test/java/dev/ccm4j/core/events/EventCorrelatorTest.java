package dev.ccm4j.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectReference;
import dev.ccm4j.core.clock.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {
  private final ManualClock clock = new ManualClock();
  private final EventCorrelator correlator = new EventCorrelator(clock, 25, Duration.ofMinutes(5));
  private final V1ObjectReference svc = new V1ObjectReference().kind("Service").apiVersion("v1").namespace("ns")
      .name("web").uid("u1");

  @Test
  void identicalEventsShareAKeyAndFindTheRememberedRecord() {
    EventCorrelator.Decision first = correlator.observe("service-controller", svc, "Normal", "Ensuring", "msg");
    assertThat(first.existing()).isNull();
    correlator.remember(first.key(), new EventCorrelator.Record("ns", "web.1", 1));

    EventCorrelator.Decision second = correlator.observe("service-controller", svc, "Normal", "Ensuring", "msg");

    assertThat(second.key()).isEqualTo(first.key());
    assertThat(second.existing()).isNotNull();
    assertThat(second.existing().name()).isEqualTo("web.1");
  }

  @Test
  void differentComponentTypeReasonMessageOrObjectAreDistinct() {
    String base = correlator.observe("a", svc, "Normal", "R", "m").key();
    assertThat(correlator.observe("b", svc, "Normal", "R", "m").key()).isNotEqualTo(base);
    assertThat(correlator.observe("a", svc, "Warning", "R", "m").key()).isNotEqualTo(base);
    assertThat(correlator.observe("a", svc, "Normal", "S", "m").key()).isNotEqualTo(base);
    assertThat(correlator.observe("a", svc, "Normal", "R", "n").key()).isNotEqualTo(base);
    assertThat(correlator.observe("a", new V1ObjectReference().kind("Service").name("other"), "Normal", "R", "m")
        .key()).isNotEqualTo(base);
  }

  @Test
  void tenDistinctMessagesWithinTenMinutesAreCombined() {
    for (int i = 1; i <= 9; i++) {
      EventCorrelator.Decision d = correlator.observe("c", svc, "Warning", "SyncLoadBalancerFailed", "error " + i);
      assertThat(d.message()).isEqualTo("error " + i);
    }
    EventCorrelator.Decision tenth = correlator.observe("c", svc, "Warning", "SyncLoadBalancerFailed", "error 10");
    EventCorrelator.Decision eleventh = correlator.observe("c", svc, "Warning", "SyncLoadBalancerFailed", "error 11");

    assertThat(tenth.message()).isEqualTo("(combined from similar events): error 10");
    assertThat(eleventh.key()).as("combined events share one Event").isEqualTo(tenth.key());

    clock.advance(Duration.ofMinutes(11));
    assertThat(correlator.observe("c", svc, "Warning", "SyncLoadBalancerFailed", "error 12").message())
        .as("the window restarts").isEqualTo("error 12");
  }

  @Test
  void spamFilterAllowsABurstThenOnePerRefillPeriodPerObject() {
    for (int i = 0; i < 25; i++) {
      assertThat(correlator.observe("c", svc, "Normal", "R", "m").spam()).isFalse();
    }
    assertThat(correlator.observe("c", svc, "Normal", "R", "m").spam()).isTrue();
    assertThat(correlator.observe("c", new V1ObjectReference().kind("Node").name("n1"), "Normal", "R", "m").spam())
        .as("other objects keep their own bucket").isFalse();

    clock.advance(Duration.ofMinutes(5));
    assertThat(correlator.observe("c", svc, "Normal", "R", "m").spam()).isFalse();
    assertThat(correlator.observe("c", svc, "Normal", "R", "m").spam()).isTrue();
  }

}
