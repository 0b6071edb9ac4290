package dev.ccm4j.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryingKeysTest {
  private final RetryingKeys<String> keys = new RetryingKeys<>();

  @Test
  void everyOutcomeButDoneMarksAKeyAndDoneClearsIt() throws Exception {
    assertThat(keys.resyncable("a")).isTrue();
    keys.track(k -> ReconcileResult.failure(new IllegalStateException("no"))).reconcile("a");
    keys.track(k -> ReconcileResult.requeue()).reconcile("b");
    keys.track(k -> ReconcileResult.requeueAfter(Duration.ofSeconds(1))).reconcile("c");
    keys.track(k -> null).reconcile("d");
    Reconciler<String> throwing = keys.track(k -> {
      throw new IllegalStateException("cloud down");
    });
    assertThatThrownBy(() -> throwing.reconcile("e")).hasMessage("cloud down");
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      assertThat(keys.isRetrying(key)).as(key).isTrue();
      assertThat(keys.resyncable(key)).as(key).isFalse();
    }

    keys.track(k -> ReconcileResult.done()).reconcile("a");
    assertThat(keys.isRetrying("a")).isFalse();
    assertThat(keys.resyncable("a")).isTrue();
    assertThat(keys.isRetrying("b")).isTrue();
  }
}
