package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {
  private static final Duration POLL = Duration.ofMillis(1);

  @Test
  void untilReturnsTheFirstStateThatIsDone() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    int state = Waits.until("three reads", Duration.ofSeconds(30), POLL, reads::incrementAndGet, n -> n >= 3,
        n -> "read " + n);
    assertThat(state).isEqualTo(3);
  }

  @Test
  void untilFailsNamingWhatWasAwaitedAndTheLastState() {
    AtomicInteger reads = new AtomicInteger();
    assertThatThrownBy(() -> Waits.until("the answer", Duration.ofMillis(50), POLL,
        () -> reads.incrementAndGet() > 2 ? "status=pending finalizers=[x]" : "older", s -> false, s -> s))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("timed out after 50ms waiting for the answer; last observed: ")
        .hasMessageEndingWith("status=pending finalizers=[x]");
  }

  @Test
  void untilReportsAFailedReadAsTheLastObservation() {
    assertThatThrownBy(() -> Waits.until("a node", Duration.ofMillis(20), POLL, () -> {
      throw new IOException("connection refused");
    }, s -> true, String::valueOf))
        .hasMessageContaining("last observed: the read failed: java.io.IOException: connection refused");
  }

  @Test
  void holdsForReadsUntilTheWindowEnds() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    Waits.holdsFor("nothing changes", Duration.ofMillis(30), POLL, reads::incrementAndGet, n -> true, n -> "");
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void holdsForFailsAtTheFirstRejectedState() {
    AtomicInteger reads = new AtomicInteger();
    assertThatThrownBy(() -> Waits.holdsFor("no finalizer", Duration.ofSeconds(30), POLL, reads::incrementAndGet,
        n -> n < 3, n -> "finalizers=[cleanup] at read " + n))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected no finalizer for 30s, but after ")
        .hasMessageEndingWith("observed: finalizers=[cleanup] at read 3");
  }
}
