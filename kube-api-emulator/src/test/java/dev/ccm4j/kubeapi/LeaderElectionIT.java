package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two client-java LeaderElectors with LeaseLock against the emulator. */
class LeaderElectionIT {
  private KubeApiServer server;
  private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-elector");
    t.setDaemon(true);
    return t;
  });

  /** One candidate: its own client, which a test can cut off from the server. */
  private final class Candidate {
    final String identity;
    final AtomicBoolean partitioned = new AtomicBoolean();
    final CountDownLatch leading = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    final LeaderElector elector;

    Candidate(String identity) {
      this.identity = identity;
      ApiClient client = Clients.plain(server);
      client.setHttpClient(client.getHttpClient().newBuilder().callTimeout(Duration.ofSeconds(2))
          .addInterceptor(chain -> {
            if (partitioned.get()) {
              throw new IOException("partitioned by the test");
            }
            return chain.proceed(chain.request());
          }).build());
      LeaseLock lock = new LeaseLock("kube-system", "ccm-test-lock", identity, client);
      elector = new LeaderElector(new LeaderElectionConfig(lock, Duration.ofSeconds(4), Duration.ofSeconds(3),
          Duration.ofMillis(300)));
    }

    void run() {
      runners.submit(() -> elector.run(leading::countDown, stopped::countDown));
    }

    boolean leads() {
      return leading.getCount() == 0;
    }
  }

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    runners.shutdownNow();
    server.close();
  }

  private String holder() throws Exception {
    return new CoordinationV1Api(Clients.plain(server)).readNamespacedLease("ccm-test-lock", "kube-system").execute()
        .getSpec().getHolderIdentity();
  }

  @Test
  void exactlyOneLeadsAndTheOtherTakesOverWhenTheLeaderStopsRenewing() throws Exception {
    Candidate a = new Candidate("a");
    Candidate b = new Candidate("b");
    try {
      a.run();
      b.run();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!a.leads() && !b.leads()) {
        assertThat(System.nanoTime()).as("someone leads in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      Candidate leader = a.leads() ? a : b;
      Candidate follower = leader == a ? b : a;
      assertThat(holder()).isEqualTo(leader.identity);
      // several renew periods later the follower still waits (durations leave room for a loaded machine)
      Thread.sleep(1000);
      assertThat(follower.leads()).isFalse();
      assertThat(holder()).isEqualTo(leader.identity);

      leader.partitioned.set(true);
      assertThat(follower.leading.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(leader.stopped.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(holder()).isEqualTo(follower.identity);
      assertThat(server.journal().of("update", "leases")).isNotEmpty();
    } finally {
      a.elector.close();
      b.elector.close();
    }
  }
}
