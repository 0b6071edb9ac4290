package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ControllerContext;
import dev.ccm4j.core.controller.ControllerFactory;
import dev.ccm4j.core.controller.ManagedController;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.serving.SecureServingOptions;
import dev.ccm4j.kubeapi.FaultInjector;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RequestMatcher;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a lost lease does to the manager: controllers stop at once and can no longer write, the provider (the data
 * plane) stays open, and the leadership-lost action waits until a new leader can take over.
 */
class LeaseLossIT {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration RENEW = Duration.ofMillis(1500);
  private static final Duration RETRY = Duration.ofMillis(250);
  private static final String LOCK = "cloud-controller-manager";

  private final List<AutoCloseable> closeables = new ArrayList<>();

  /**
   * A controller whose worker writes to the cloud and the API on demand and ignores {@link #stop()}, as a wedged
   * worker would: whatever it does after a lost lease must be refused.
   */
  static final class WriterController implements ManagedController {
    private final ControllerContext ctx;
    private final CountDownLatch stopped = new CountDownLatch(1);

    WriterController(ControllerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String name() {
      return "service";
    }

    @Override
    public HealthStatus check() {
      return HealthStatus.ok();
    }

    @Override
    public void start() {}

    @Override
    public boolean stop() {
      stopped.countDown();
      return true;
    }

    void cloudWrite(String name) {
      ctx.cloud().loadBalancer().orElseThrow().ensureLoadBalancerDeleted("prod", new V1Service()
          .metadata(new V1ObjectMeta().namespace("default").name(name).uid("uid-" + name)));
    }

    void apiWrite(String name) throws ApiException {
      new CoreV1Api(ctx.client("writer")).createNamespacedConfigMap("default",
          new V1ConfigMap().metadata(new V1ObjectMeta().name(name))).execute();
    }
  }

  /** A controller that records start and stop. */
  static class Recording implements ManagedController {
    private final String name;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public HealthStatus check() {
      return stopped.getCount() == 0 ? HealthStatus.unhealthy("stopped") : HealthStatus.ok();
    }

    @Override
    public void start() {
      started.countDown();
    }

    @Override
    public boolean stop() {
      stopped.countDown();
      return true;
    }
  }

  /** A started manager leading with one recording "service" controller, once that controller runs. */
  private ControllerManager leading(KubeApiServer server, FakeCloud cloud, Runnable onLost,
      AtomicReference<Recording> controller) {
    ControllerManager m = manager(server, "a", cloud, onLost, ctx -> {
      controller.set(new Recording("service"));
      return Optional.of(controller.get());
    });
    m.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> controller.get() != null
        && controller.get().started.getCount() == 0);
    return m;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void anApiOutageLongerThanTheRenewDeadlineStopsControllersKeepsTheProviderAndExitsOnceTheApiAnswers()
      throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    AtomicInteger lost = new AtomicInteger();
    AtomicReference<Recording> controller = new AtomicReference<>();
    ControllerManager m = leading(server, cloud, lost::incrementAndGet, controller);

    FaultInjector.Hang outage = server.faults().hang(RequestMatcher.any());
    long outageStart = System.nanoTime();
    assertThat(controller.get().stopped.await(RENEW.toMillis() + 2_000, TimeUnit.MILLISECONDS))
        .as("controllers stop once the renew deadline has passed").isTrue();
    long stoppedAfter = millisSince(outageStart);
    assertThat(cloud.isClosed()).as("the data plane survives a lost lease").isFalse();
    assertThat(m.isLeader()).isFalse();
    assertThat(m.readiness().healthy()).isFalse();

    await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> lost.get() == 0);
    assertThat(cloud.isClosed()).isFalse();

    long apiBack = System.nanoTime();
    outage.release();
    await().atMost(Duration.ofSeconds(3)).until(() -> lost.get() == 1);
    long exitAfter = millisSince(apiBack);
    System.out.printf("lease-loss: controllers stopped %d ms after the outage began; action ran %d ms after the API"
        + " answered%n", stoppedAfter, exitAfter);
    assertThat(exitAfter).as("the action runs promptly once the API answers").isLessThan(RETRY.toMillis() + 1_000);
    assertThat(cloud.isClosed()).as("only close() closes the provider").isFalse();
    assertThat(holder(server)).as("the lease is released for the successor").isNullOrEmpty();

    m.close();
    assertThat(cloud.isClosed()).isTrue();
    assertThat(lost.get()).isEqualTo(1);
  }

  @Test
  void aLeaseTakenByAnotherHolderStopsControllersAndRunsTheActionAtOnce() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    CountDownLatch lost = new CountDownLatch(1);
    AtomicReference<Recording> controller = new AtomicReference<>();
    ControllerManager m = leading(server, cloud, lost::countDown, controller);

    long taken = System.nanoTime();
    takeLease(server, "intruder");

    assertThat(lost.await(RETRY.toMillis() + 1_000, TimeUnit.MILLISECONDS))
        .as("another holder means a new leader exists: exit at once").isTrue();
    System.out.printf("lease-loss: another holder seen, action ran %d ms after the lease was taken%n",
        millisSince(taken));
    assertThat(controller.get().stopped.getCount()).isZero();
    assertThat(cloud.isClosed()).isFalse();
    assertThat(holder(server)).as("never clears another holder's lease").isEqualTo("intruder");
  }

  @Test
  void afterALostLeaseLivenessStaysOkAndReadinessSaysWhy() throws Exception {
    KubeApiServer server = server();
    AtomicInteger lost = new AtomicInteger();
    ControllerManager m = ControllerManager.builder().withoutBuiltInControllers()
        .provider(new FakeCloud())
        .options(ControllerManagerOptions.builder().clusterName("prod").leaderElectTimings(LEASE, RENEW, RETRY)
            .build())
        .clients(n -> client(server))
        .identity("a")
        .onLeadershipLost(lost::incrementAndGet)
        .serving(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build(), false)
        .controller(ControllerNames.SERVICE_LB, ctx -> Optional.of(new Recording("service")))
        .build();
    closeables.add(m);
    m.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> m.runningControllers().size() == 1);
    java.net.http.HttpClient http = dev.ccm4j.core.serving.HttpsClients.trusting(
        m.servingCertificate().orElseThrow());
    String base = "https://127.0.0.1:" + m.servingAddress().orElseThrow().getPort();
    assertThat(get(http, base + "/healthz?verbose").body()).contains("[+]service ok");

    takeLease(server, "intruder");
    await().atMost(Duration.ofSeconds(5)).until(() -> lost.get() == 1);

    var healthz = get(http, base + "/healthz?verbose");
    assertThat(healthz.statusCode()).as("a liveness probe must not restart the data path").isEqualTo(200);
    assertThat(healthz.body()).doesNotContain("service");
    var readyz = get(http, base + "/readyz?verbose");
    assertThat(readyz.statusCode()).isEqualTo(500);
    assertThat(readyz.body()).contains("[-]informers failed");
    // the endpoint withholds reasons; the check itself says why
    assertThat(m.readiness().message()).contains("lost leader election on lock " + LOCK);
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aControllerSlowToStopHoldsNeitherTheActionNorCloseBack() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    CountDownLatch lost = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    CountDownLatch stopping = new CountDownLatch(1);
    ControllerManager m = manager(server, "a", cloud, lost::countDown, ctx -> Optional.of(new Recording("service") {
      @Override
      public boolean stop() {
        stopping.countDown();
        try {
          // a reconcile stuck on an unreachable API, up to the controller's stop timeout
          unblock.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return true;
      }
    }));
    try {
      m.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> m.runningControllers().size() == 1);
      takeLease(server, "intruder");

      assertThat(stopping.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(lost.await(RETRY.toMillis() + 1_000, TimeUnit.MILLISECONDS)).isTrue();
      long start = System.nanoTime();
      m.close();
      assertThat(millisSince(start)).isLessThan(2_000);
      assertThat(cloud.isClosed()).isTrue();
    } finally {
      unblock.countDown();
    }
  }

  @Test
  void aLostLeaderNeverWritesAfterTheLossEvenFromAWorkerThatIgnoresStop() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    CountDownLatch entered = new CountDownLatch(1);
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER_DELETED, call -> {
      entered.countDown();
      new CountDownLatch(1).await();
    });
    CountDownLatch lost = new CountDownLatch(1);
    AtomicReference<WriterController> writer = new AtomicReference<>();
    ControllerManager m = manager(server, "a", cloud, lost::countDown, ctx -> {
      writer.set(new WriterController(ctx));
      return Optional.of(writer.get());
    });
    m.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> writer.get() != null && m.runningControllers().size() == 1);
    writer.get().apiWrite("before-loss");

    AtomicReference<Throwable> inFlight = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        writer.get().cloudWrite("in-flight");
      } catch (RuntimeException e) {
        inFlight.set(e);
      }
    });
    worker.start();
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    try (FaultInjector.Hang leases = server.faults().hang(RequestMatcher.of("*", "leases"))) {
      assertThat(leases.awaitWaiting(1, Duration.ofSeconds(2))).isTrue();
      assertThat(writer.get().stopped.await(RENEW.toMillis() + 2_000, TimeUnit.MILLISECONDS)).isTrue();
      worker.join(2_000);
      assertThat(worker.isAlive()).as("the in-flight cloud call is interrupted").isFalse();
      assertThat(inFlight.get()).isNotNull();

      assertThatThrownBy(() -> writer.get().apiWrite("after-loss")).isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> writer.get().cloudWrite("after-loss")).isInstanceOf(RuntimeException.class);
    }
    CoreV1Api core = new CoreV1Api(client(server));
    assertThat(core.readNamespacedConfigMap("before-loss", "default").execute()).isNotNull();
    assertThatThrownBy(() -> core.readNamespacedConfigMap("after-loss", "default").execute())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(cloud.calls(Operation.ENSURE_LOAD_BALANCER_DELETED)).extracting(c -> c.target())
        .containsExactly("default/in-flight");
    assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(cloud.isClosed()).isFalse();
  }

  @Test
  void closeWhileLeadingOnAnUnreachableApiIsPromptAndClosesTheProvider() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    AtomicInteger lost = new AtomicInteger();
    AtomicReference<Recording> controller = new AtomicReference<>();
    ControllerManager m = leading(server, cloud, lost::incrementAndGet, controller);

    FaultInjector.Hang outage = server.faults().hang(RequestMatcher.any());
    long start = System.nanoTime();
    m.close();
    long took = millisSince(start);
    outage.release();
    System.out.printf("lease-loss: close() with the API unreachable took %d ms%n", took);
    assertThat(took).isLessThan(2_000);
    assertThat(cloud.isClosed()).isTrue();
    assertThat(controller.get().stopped.getCount()).isZero();
    assertThat(lost.get()).isZero();
  }

  @Test
  void aGracefulCloseWhileLeadingReleasesTheLeaseSoTheStandbyLeadsAtOnce() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloudA = new FakeCloud();
    FakeCloud cloudB = new FakeCloud();
    AtomicInteger lost = new AtomicInteger();
    AtomicReference<Recording> ca = new AtomicReference<>();
    AtomicReference<Recording> cb = new AtomicReference<>();
    ControllerManager a = leading(server, cloudA, lost::incrementAndGet, ca);
    ControllerManager b = manager(server, "b", cloudB, lost::incrementAndGet, ctx -> {
      cb.set(new Recording("service"));
      return Optional.of(cb.get());
    });
    b.start();
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> cb.get() == null);

    long start = System.nanoTime();
    a.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> cb.get() != null && cb.get().started.getCount() == 0);
    System.out.printf("lease-loss: graceful handover took %d ms%n", millisSince(start));
    assertThat(cloudA.isClosed()).isTrue();
    assertThat(cloudB.isClosed()).isFalse();
    assertThat(lost.get()).isZero();
    assertThat(holder(server)).isEqualTo("b");
  }

  @Test
  void aLeaderThatCannotStartItsControllersGivesTheLeaseUpAndRunsTheAction() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    CountDownLatch lost = new CountDownLatch(1);
    ControllerManager m = manager(server, "a", cloud, lost::countDown, ctx -> {
      throw new IllegalStateException("cannot create the controller");
    });
    m.start();

    assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(m.runningControllers()).isEmpty();
    assertThat(holder(server)).as("released for a standby").isNullOrEmpty();
    assertThat(cloud.isClosed()).isFalse();
  }

  @Test
  void aServingErrorPropagatesUnchangedFromStartBeforeAnyControllerStarts() throws Exception {
    KubeApiServer server = server();
    FakeCloud cloud = new FakeCloud();
    AtomicInteger created = new AtomicInteger();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ControllerManager m = ControllerManager.builder().withoutBuiltInControllers()
          .provider(cloud)
          .options(ControllerManagerOptions.builder().leaderElect(false).build())
          .clients(n -> client(server))
          .serving(SecureServingOptions.builder().bindAddress("127.0.0.1").securePortFlag(busy.getLocalPort()).build(),
              false)
          .controller(ControllerNames.SERVICE_LB, ctx -> {
            created.incrementAndGet();
            return Optional.of(new Recording("service"));
          })
          .build();
      closeables.add(m);
      assertThatThrownBy(m::start).isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--secure-port");
    }
    assertThat(created.get()).isZero();
    assertThat(cloud.context()).as("the provider is not initialized").isEmpty();
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private KubeApiServer server() {
    KubeApiServer server = KubeApiServer.builder().build().start();
    closeables.add(server);
    return server;
  }

  private static ApiClient client(KubeApiServer server) {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
  }

  /** Writes another holder into the lease, as a leader elected while this one was paused would. */
  private static void takeLease(KubeApiServer server, String holder) throws ApiException {
    CoordinationV1Api api = new CoordinationV1Api(client(server));
    V1Lease lease = api.readNamespacedLease(LOCK, "kube-system").execute();
    lease.getSpec().holderIdentity(holder).renewTime(OffsetDateTime.now()).leaseDurationSeconds(2);
    api.replaceNamespacedLease(LOCK, "kube-system", lease).execute();
  }

  private static String holder(KubeApiServer server) throws ApiException {
    return new CoordinationV1Api(client(server)).readNamespacedLease(LOCK, "kube-system").execute().getSpec()
        .getHolderIdentity();
  }

  private ControllerManager manager(KubeApiServer server, String identity, FakeCloud cloud, Runnable onLost,
      ControllerFactory factory) {
    ControllerManager m = ControllerManager.builder().withoutBuiltInControllers()
        .provider(cloud)
        .options(ControllerManagerOptions.builder().clusterName("prod").leaderElectTimings(LEASE, RENEW, RETRY)
            .build())
        .clients(n -> client(server))
        .identity(identity)
        .onLeadershipLost(onLost)
        .controller(ControllerNames.SERVICE_LB, factory)
        .build();
    closeables.add(m);
    return m;
  }
}
