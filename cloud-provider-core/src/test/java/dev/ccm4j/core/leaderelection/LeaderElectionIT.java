package dev.ccm4j.core.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RequestMatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderElectionIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(250);

  private KubeApiServer server;
  private final List<LeaderElection> elections = new ArrayList<>();

  /** Counts transitions of one candidate. */
  static class Recorder implements LeaderElection.Callbacks {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    final AtomicInteger startCount = new AtomicInteger();
    volatile Instant startedAt;

    @Override
    public void onStartedLeading() {
      startedAt = Instant.now();
      startCount.incrementAndGet();
      started.countDown();
    }

    @Override
    public void onStoppedLeading() {
      stopped.countDown();
    }
  }

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    elections.forEach(LeaderElection::close);
    server.close();
  }

  private ApiClient client() {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
  }

  private LeaderElection candidate(String identity, Recorder callbacks, Clock clock) {
    return candidate(identity, callbacks, clock, LEASE, RENEW, RETRY);
  }

  private LeaderElection candidate(String identity, Recorder callbacks, Clock clock, Duration lease, Duration renew,
      Duration retry) {
    LeaderElection e = new LeaderElection(client(), new LeaderElection.Config("kube-system", "ccm", identity, lease,
        renew, retry), callbacks, clock);
    elections.add(e);
    e.start();
    return e;
  }

  private String holder() throws Exception {
    return lease().getSpec().getHolderIdentity();
  }

  private V1Lease lease() throws Exception {
    return new CoordinationV1Api(client()).readNamespacedLease("ccm", "kube-system").execute();
  }

  @Test
  void exactlyOneLeadsAndAGracefulCloseHandsOverAtOnce() throws Exception {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();
    LeaderElection b = candidate("b", rb, Clock.system());

    assertThat(rb.started.await(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).as("b must wait while a renews")
        .isFalse();
    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(holder()).isEqualTo("a");

    long before = System.nanoTime();
    a.close();
    assertThat(rb.started.await(10, TimeUnit.SECONDS)).isTrue();
    Duration handover = Duration.ofNanos(System.nanoTime() - before);

    assertThat(holder()).isEqualTo("b");
    assertThat(ra.stopped.getCount()).as("a graceful close is not a lost lease").isEqualTo(1);
    // released, so b did not have to wait for the lease to expire
    assertThat(handover).isLessThan(LEASE);
  }

  @Test
  void aCrashedLeaderIsReplacedAfterTheLeaseExpires() throws Exception {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();
    candidate("b", rb, Clock.system());

    long killed = System.nanoTime();
    a.abandon();

    assertThat(rb.started.await(LEASE.toMillis() * 4, TimeUnit.MILLISECONDS)).isTrue();
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    assertThat(holder()).isEqualTo("b");
    // the standby measures expiry from its own observation of the last renewal, at most one retry period after it
    assertThat(takeover).isLessThan(LEASE.plus(RETRY).plusMillis(300));
  }

  @Test
  void aLeaderThatCannotRenewReportsTheLostLease() throws Exception {
    Recorder ra = new Recorder();
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();

    server.faults().failNext(RequestMatcher.of("update", "leases"), 1_000, 500, "InternalError");

    assertThat(ra.stopped.await(RENEW.toMillis() * 4, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(a.isLeader()).isFalse();
  }

  @Test
  void watchdogFailsWhenTheLeaderHasNotRenewedForLeasePlusGrace() throws Exception {
    ManualClock clock = new ManualClock();
    Recorder ra = new Recorder();
    LeaderElection a = candidate("a", ra, clock);
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(a.watchdog()).isEmpty();

    try (var hang = server.faults().hang(RequestMatcher.of("update", "leases"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> hang.waiting() >= 1);
      clock.advance(LEASE.plus(LeaderElection.WATCHDOG_GRACE).plusSeconds(1));
      assertThat(a.watchdog()).hasValueSatisfying(reason -> assertThat(reason).contains("has not renewed"));
      hang.release();
    }
  }

  @Test
  void aStandbyTakesOverWithinLeasePlusRetryOfTheLastRenewal() throws Exception {
    Duration lease = Duration.ofSeconds(2);
    Duration retry = Duration.ofMillis(500);
    Duration bound = lease.plus(retry).plusMillis(300);
    Map<String, Recorder> recorders = new LinkedHashMap<>();
    Map<String, LeaderElection> candidates = new LinkedHashMap<>();
    for (String id : List.of("a", "b", "c")) {
      Recorder r = new Recorder();
      recorders.put(id, r);
      candidates.put(id, candidate(id, r, Clock.system(), lease, Duration.ofMillis(1500), retry));
      if (id.equals("a")) {
        assertThat(r.started.await(10, TimeUnit.SECONDS)).isTrue();
      }
    }
    List<Duration> takeovers = new ArrayList<>();
    String leader = "a";
    for (int round = 0; round < 2; round++) {
      // let the standbys observe a few renewals, as they would in a running cluster
      Thread.sleep(retry.multipliedBy(3).toMillis());
      candidates.get(leader).abandon();
      V1Lease last = lease();
      assertThat(last.getSpec().getHolderIdentity()).isEqualTo(leader);
      Instant lastRenew = last.getSpec().getRenewTime().toInstant();
      String previous = leader;
      await().atMost(Duration.ofSeconds(10)).until(() -> recorders.entrySet().stream()
          .anyMatch(e -> !e.getKey().equals(previous) && e.getValue().startedAt != null
              && e.getValue().startedAt.isAfter(lastRenew)));
      leader = recorders.entrySet().stream().filter(e -> e.getValue().startedAt != null
          && e.getValue().startedAt.isAfter(lastRenew)).map(Map.Entry::getKey).findFirst().orElseThrow();
      takeovers.add(Duration.between(lastRenew, recorders.get(leader).startedAt));
      assertThat(holder()).isEqualTo(leader);
    }
    System.out.printf("leader-election: takeover after the last renewal %s (lease %s, retry %s)%n", takeovers,
        lease, retry);
    assertThat(takeovers).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(bound));
  }

  @Test
  void anApiOutageIsReportedWithinTwoRetryPeriodsLongBeforeTheRenewDeadlineAndClearsWhenTheApiAnswers()
      throws Exception {
    Recorder ra = new Recorder();
    LeaderElection leader = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();
    LeaderElection standby = candidate("b", new Recorder(), Clock.system());
    await().atMost(Duration.ofSeconds(5)).until(() -> lease().getSpec().getHolderIdentity().equals("a"));
    assertThat(leader.apiUnreachable()).isEmpty();
    assertThat(standby.apiUnreachable()).isEmpty();

    // hung requests: no error comes back before their deadline, so only the missing answers can tell
    var outage = server.faults().hang(RequestMatcher.of("*", "leases"));
    long start = System.nanoTime();
    await().atMost(RENEW).pollInterval(Duration.ofMillis(20)).until(() -> leader.apiUnreachable().isPresent());
    long reportedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(leader.isLeader()).as("reported while still leading").isTrue();
    assertThat(leader.apiUnreachable().orElseThrow()).startsWith("the API server has answered no lease request for");
    await().atMost(RENEW).pollInterval(Duration.ofMillis(20)).until(() -> standby.apiUnreachable().isPresent());
    outage.release();

    // 5xx answers count as no answer too
    server.faults().failNext(RequestMatcher.of("*", "leases"), 1_000, 503, "ServiceUnavailable");
    await().atMost(RENEW).pollInterval(Duration.ofMillis(20))
        .until(() -> standby.apiUnreachable().filter(r -> r.contains("HTTP 503")).isPresent());
    server.faults().clear();
    await().atMost(Duration.ofSeconds(5)).until(() -> standby.apiUnreachable().isEmpty());
    System.out.printf("leader-election: a hung API reported %d ms after it hung (retry %d ms, renew deadline %d ms)%n",
        reportedAfter, RETRY.toMillis(), RENEW.toMillis());
    assertThat(reportedAfter).isLessThan(RENEW.toMillis());
  }

  @Test
  void closeOnAnUnreachableApiReturnsWithinOneSecond() throws Exception {
    Recorder ra = new Recorder();
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();

    var outage = server.faults().hang(RequestMatcher.any());
    long start = System.nanoTime();
    a.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    outage.release();
    System.out.printf("leader-election: close() with the API unreachable took %d ms%n", took.toMillis());
    assertThat(took).isLessThan(Duration.ofMillis(1_200));
    assertThat(a.isLeader()).isFalse();
    assertThat(ra.stopped.getCount()).isEqualTo(1);
  }

  @Test
  void aLeaderWhoseStartFailsGivesTheLeaseUpAtOnce() throws Exception {
    CountDownLatch successor = new CountDownLatch(1);
    Recorder ra = new Recorder() {
      @Override
      public void onStartedLeading() {
        super.onStartedLeading();
        throw new NoClassDefFoundError("dev/ccm4j/Missing");
      }

      @Override
      public void onSuccessorCanLead(String reason) {
        successor.countDown();
      }
    };
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.stopped.await(10, TimeUnit.SECONDS)).as("a failed start is a lost lease").isTrue();
    assertThat(successor.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(a.isLeader()).isFalse();
    assertThat(holder()).as("released, so a standby need not wait for the lease to expire").isEmpty();

    Recorder rb = new Recorder();
    candidate("b", rb, Clock.system());
    assertThat(rb.started.await(RETRY.toMillis() * 4, TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void afterALostLeaseTheSuccessorIsReportedOnlyOnceTheApiAnswers() throws Exception {
    CountDownLatch successor = new CountDownLatch(1);
    AtomicReference<String> why = new AtomicReference<>();
    Recorder ra = new Recorder() {
      @Override
      public void onSuccessorCanLead(String reason) {
        why.set(reason);
        successor.countDown();
      }
    };
    LeaderElection a = candidate("a", ra, Clock.system());
    assertThat(ra.started.await(10, TimeUnit.SECONDS)).isTrue();

    var outage = server.faults().hang(RequestMatcher.any());
    long start = System.nanoTime();
    assertThat(ra.stopped.await(RENEW.toMillis() + 1_000, TimeUnit.MILLISECONDS)).isTrue();
    Duration lostAfter = Duration.ofNanos(System.nanoTime() - start);
    assertThat(lostAfter).as("lost by the renew deadline, counted from the last renewal")
        .isLessThan(RENEW.plusMillis(200));
    assertThat(a.isLeader()).isFalse();
    assertThat(successor.await(RENEW.toMillis(), TimeUnit.MILLISECONDS)).as("the API does not answer").isFalse();

    outage.release();
    assertThat(successor.await(RETRY.toMillis() + 1_000, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(why.get()).contains("the API answers again");
    assertThat(holder()).as("released on the way out").isEmpty();
  }

}
