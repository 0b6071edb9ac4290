package dev.ccm4j.core.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.testkit.apiserver.KubeApiServer;
import dev.ccm4j.testkit.apiserver.RequestMatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  static final class Recorder implements LeaderElection.Callbacks {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    final AtomicInteger startCount = new AtomicInteger();

    @Override
    public void onStartedLeading() {
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
    LeaderElection e = new LeaderElection(client(), new LeaderElection.Config("kube-system", "ccm", identity, LEASE,
        RENEW, RETRY), callbacks, clock);
    elections.add(e);
    e.start();
    return e;
  }

  private String holder() throws Exception {
    V1Lease lease = new CoordinationV1Api(client()).readNamespacedLease("ccm", "kube-system").execute();
    return lease.getSpec().getHolderIdentity();
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
    // the standby measures expiry from its own last observation of a renewal, which is at most one jittered retry
    // period (up to 2.2 x retry) old
    assertThat(takeover).isLessThan(LEASE.plus(RETRY.multipliedBy(3)));
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

}
