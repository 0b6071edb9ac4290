package dev.ccm4j.provider.alibaba.emulator.nlb;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The NLB store's job bookkeeping, driven by a hand-moved clock. */
class NlbStoreTest {
  @Test
  void finishedJobsAreAppliedOnceAndForgottenAfterTheRetention() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));
    NlbStore store = new NlbStore(clock);
    AtomicInteger applied = new AtomicInteger();
    store.submit("job-1", "DeleteLoadBalancer", "loadbalancer", "nlb-1", List.of("nlb-1"), applied::incrementAndGet);

    store.settle();
    assertThat(applied).hasValue(0);
    assertThat(store.runningJobOn("nlb-1")).isPresent();

    clock.advance(Duration.ofSeconds(2));
    store.settle();
    store.settle();
    assertThat(applied).hasValue(1);
    assertThat(store.jobs).containsKey("job-1");

    clock.advance(NlbStore.JOB_RETENTION);
    store.settle();
    assertThat(store.jobs).doesNotContainKey("job-1");
    assertThat(applied).hasValue(1);
  }
}
