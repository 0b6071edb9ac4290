package dev.ccm4j.core.contributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.testing.ContributingCloud;
import dev.ccm4j.core.testing.ControllerHarness;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose contributed reconcile keeps failing is retried only at its backoff times (the default controller
 * limiter: 5 ms doubling), however many resync periods pass, on a manual runtime clock that drives the work queue
 * and the resync alike; once it succeeds, resyncs include it again.
 */
class ContributedNodeBackoffIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NAME = "fake-node-sync";
  private static final long RESYNC_MILLIS = 10_000;
  private static final Pattern RETRIES = Pattern.compile(
      "^workqueue_retries_total\\{name=\"" + NAME + "\"} (\\S+)$", Pattern.MULTILINE);

  private final ManualClock clock = new ManualClock();
  /** Runtime-clock milliseconds at which the bad node was reconciled. */
  private final List<Long> badAttempts = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger goodRuns = new AtomicInteger();
  private final AtomicBoolean badFails = new AtomicBoolean(true);
  private ControllerHarness h;

  private final NodeReconciler reconciler = (name, node) -> {
    if (name.equals("good")) {
      goodRuns.incrementAndGet();
      return;
    }
    badAttempts.add(Duration.ofNanos(clock.nanoTime()).toMillis());
    if (badFails.get()) {
      throw new IllegalStateException("the cloud refuses node " + name);
    }
  };

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void resyncsNeverRetryAFailingNodeBeforeItsBackoff() throws ApiException {
    h = ControllerHarness.builder()
        .clock(clock)
        .options(o -> o.controllers(ControllerSelection.parseDeferringUnknown(List.of("*", NAME))))
        .provider(cloud -> new ContributingCloud(cloud, List.of(NodeController.builder(NAME, reconciler)
            .resyncPeriod(Duration.ofMillis(RESYNC_MILLIS)).build()), Set.of()))
        .start();
    // the cache must be filled before the clock moves: a key taken earlier waits for a clock tick
    await().atMost(WAIT).until(() -> h.manager().readiness().healthy());
    h.core().createNode(node("good")).execute();
    h.core().createNode(node("bad")).execute();
    // the queue counts every delayed add as a retry: the first resync's, then the bad node's failure
    await().atMost(WAIT).until(() -> goodRuns.get() == 1 && badAttempts.size() == 1 && retries() == 2);

    // 5 ms doubling: attempts at 5 * (2^n - 1) ms, up to 164 s; resyncs every 10 s meanwhile
    List<Long> expected = new ArrayList<>();
    for (int n = 0; n <= 15; n++) {
      expected.add(5L * ((1L << n) - 1));
    }
    long end = expected.get(expected.size() - 1);
    runUntil(end, expected, expected.size());

    assertThat(badAttempts).containsExactlyElementsOf(expected);
    assertThat(goodRuns).as("the good node was resynced every period").hasValue(1 + (int) (end / RESYNC_MILLIS));

    // the next retry succeeds; from then on the node is resynced like any other
    badFails.set(false);
    int failures = expected.size();
    expected.add(end + 5L * (1L << 15));
    runUntil(expected.get(expected.size() - 1), expected, failures);
    assertThat(badAttempts).containsExactlyElementsOf(expected);
    long nextResync = (expected.get(expected.size() - 1) / RESYNC_MILLIS + 1) * RESYNC_MILLIS;
    advanceTo(nextResync);
    soon().until(() -> badAttempts.size() == expected.size() + 1);
    assertThat(badAttempts.get(badAttempts.size() - 1)).isEqualTo(nextResync);
  }

  /**
   * Moves the clock from event to event (an expected attempt or a resync) up to {@code end} ms, waiting at each
   * for its effect (the attempt and its requeue, or the resync's requeue and its run of the good node), so that
   * the next step never races with a backoff's start. Only the first {@code failing} attempts fail.
   */
  private void runUntil(long end, List<Long> expected, int failing) {
    TreeSet<Long> events = new TreeSet<>(expected);
    for (long t = RESYNC_MILLIS; t <= end; t += RESYNC_MILLIS) {
      events.add(t);
    }
    for (long t : events.subSet(now(), false, end, true)) {
      int goodBefore = goodRuns.get();
      advanceTo(t);
      if (t % RESYNC_MILLIS == 0) {
        soon().until(() -> goodRuns.get() > goodBefore);
      }
      int attempts = expected.indexOf(t) + 1;
      if (attempts > 0) {
        soon().until(() -> badAttempts.size() >= attempts);
      }
      long resyncs = t / RESYNC_MILLIS;
      long failures = Math.min(failing, expected.stream().filter(a -> a <= t).count());
      soon().until(() -> retries() >= 1 + resyncs + failures);
    }
  }

  private long now() {
    return Duration.ofNanos(clock.nanoTime()).toMillis();
  }

  private void advanceTo(long millis) {
    clock.advance(Duration.ofMillis(millis - now()));
  }

  private static ConditionFactory soon() {
    return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }

  private static V1Node node(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name));
  }

  private long retries() {
    Matcher m = RETRIES.matcher(h.metrics());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }
}
