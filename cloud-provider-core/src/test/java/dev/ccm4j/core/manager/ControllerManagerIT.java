package dev.ccm4j.core.manager;

import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.controller.ManagedController;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RequestMatcher;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerManagerIT {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /** Records its lifecycle; counts how many instances run at once across managers. */
  static final class RecordingController implements ManagedController {
    static final AtomicInteger RUNNING_NOW = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    private final String name;
    volatile boolean started;
    volatile boolean stopped;

    RecordingController(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public HealthStatus check() {
      return stopped ? HealthStatus.unhealthy("stopped") : HealthStatus.ok();
    }

    @Override
    public void start() {
      started = true;
      MAX_RUNNING.accumulateAndGet(RUNNING_NOW.incrementAndGet(), Math::max);
    }

    @Override
    public boolean stop() {
      stopped = true;
      RUNNING_NOW.decrementAndGet();
      return true;
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    RecordingController.RUNNING_NOW.set(0);
    RecordingController.MAX_RUNNING.set(0);
  }

  @Test
  void runsTheEnabledControllersAndInitializesTheProvider() {
    List<RecordingController> made = new ArrayList<>();
    ControllerHarness h = ControllerHarness.builder()
        .options(o -> o.clusterName("prod").controllers(ControllerSelection.parse(List.of("*", "-route"))))
        .controller(ControllerNames.CLOUD_NODE, ctx -> Optional.of(add(made, new RecordingController("cloud-node"))))
        .controller(ControllerNames.NODE_ROUTE, ctx -> Optional.of(add(made, new RecordingController("route"))))
        .controller(ControllerNames.SERVICE_LB, ctx -> ctx.skip("no load balancers in this cloud"))
        .start();
    closeables.add(h);

    assertThat(h.manager().runningControllers()).containsExactly("cloud-node");
    assertThat(made).hasSize(1);
    assertThat(made.get(0).started).isTrue();
    assertThat(h.cloud().context()).isPresent();
    assertThat(h.cloud().context().orElseThrow().clusterName()).isEqualTo("prod");
    assertThat(h.manager().isLeader()).isTrue();
    assertThat(h.manager().healthChecks()).extracting(c -> c.name()).containsExactly("cloud-node");
    assertThat(h.metrics()).contains(
        "running_managed_controllers{manager=\"cloud-controller-manager\",name=\"cloud-node\"} 1.0");

    h.manager().close();

    assertThat(h.metrics()).contains(
        "running_managed_controllers{manager=\"cloud-controller-manager\",name=\"cloud-node\"} 0.0");
    assertThat(made.get(0).stopped).isTrue();
    assertThat(h.cloud().isClosed()).isTrue();
    assertThat(h.cloud().context().orElseThrow().shutdown().toCompletableFuture()).isCompleted();
  }

  @Test
  void servesHealthReadinessMetricsAndConfigz() throws Exception {
    ControllerHarness h = ControllerHarness.builder()
        .serving()
        .options(o -> o.clusterName("prod"))
        .controller(ControllerNames.CLOUD_NODE, ctx -> Optional.of(new RecordingController("cloud-node")))
        .controller(ControllerNames.SERVICE_LB, ctx -> {
          ctx.cloud().loadBalancer().orElseThrow().getLoadBalancer("prod", new io.kubernetes.client.openapi.models
              .V1Service().metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("s").namespace("d")
              .uid("u")));
          return Optional.of(new RecordingController("service"));
        })
        .start();
    closeables.add(h);
    java.net.http.HttpClient http = dev.ccm4j.core.serving.HttpsClients.trusting(
        h.manager().servingCertificate().orElseThrow());
    String base = "https://127.0.0.1:" + h.manager().servingAddress().orElseThrow().getPort();

    assertThat(get(http, base + "/healthz?verbose").body()).contains("[+]cloud-node ok", "[+]service ok");
    await().atMost(Duration.ofSeconds(20)).until(() -> get(http, base + "/readyz").statusCode() == 200);
    assertThat(get(http, base + "/livez").statusCode()).isEqualTo(200);
    assertThat(get(http, base + "/metrics").body())
        .as("cloud calls go through the governor")
        .contains("cloudprovider_api_requests_total{operation=\"GetLoadBalancer\",provider=\"fake\","
            + "result=\"success\"} 1.0")
        .contains("ccm4j_events_total{result=\"dropped_queue_full\"} 0.0");
    assertThat(get(http, base + "/configz").body()).contains("\"cluster-name\": \"prod\"",
        "\"cloud-provider\": \"fake\"");
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void invalidOptionsAndUnknownControllersAreRefusedWithEveryFlagNamed() {
    assertThatThrownBy(() -> ControllerManager.builder().provider(new FakeCloud()).clients(n -> null)
        .options(ControllerManagerOptions.builder().concurrentServiceSyncs(0).clusterName("").build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster-name must not be empty")
        .hasMessageContaining("--concurrent-service-syncs must be between 1 and");
    assertThatThrownBy(() -> ControllerManager.builder().provider(new FakeCloud()).clients(n -> null)
        .controller(ControllerNames.NODE_ROUTE, dev.ccm4j.core.route.NodeRouteController.factory()).build())
        .as("a routes-capable provider needs --cluster-cidr, checked before leader election")
        .hasMessageContaining("--cluster-cidr");
    assertThat(ControllerManager.builder().provider(new FakeCloud()).clients(n -> new ApiClient())
        .options(ControllerManagerOptions.builder().configureCloudRoutes(false).build())
        .controller(ControllerNames.NODE_ROUTE, dev.ccm4j.core.route.NodeRouteController.factory()).build())
        .isNotNull();
    FakeCloud untagged = new FakeCloud();
    untagged.setHasClusterId(false);
    assertThatThrownBy(() -> ControllerManager.builder().withoutBuiltInControllers().provider(untagged)
        .clients(n -> null).build())
        .hasMessageContaining("--allow-untagged-cloud");
  }

  private KubeApiServer server() {
    KubeApiServer server = KubeApiServer.builder().build().start();
    closeables.add(server);
    return server;
  }

  private static ApiClient client(KubeApiServer server) {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
  }

  private ControllerManager manager(KubeApiServer server, String identity, List<RecordingController> made,
      AtomicInteger lost, ControllerManagerOptions.Builder options) {
    ControllerManager m = ControllerManager.builder().withoutBuiltInControllers()
        .provider(new FakeCloud())
        .options(options.leaderElectTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250))
            .build())
        .clients(n -> client(server))
        .identity(identity)
        .onLeadershipLost(lost::incrementAndGet)
        .controller(ControllerNames.CLOUD_NODE, ctx -> Optional.of(add(made, new RecordingController(identity
            + "/cloud-node"))))
        .controller(ControllerNames.SERVICE_LB, ctx -> Optional.of(add(made, new RecordingController(identity
            + "/service"))))
        .build();
    closeables.add(m);
    return m;
  }

  @Test
  void withLeaderElectionExactlyOneManagerRunsControllersAndAGracefulStopHandsOver() {
    KubeApiServer server = server();
    List<RecordingController> madeA = new ArrayList<>();
    List<RecordingController> madeB = new ArrayList<>();
    AtomicInteger lost = new AtomicInteger();
    ControllerManager a = manager(server, "a", madeA, lost, ControllerManagerOptions.builder());
    a.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> madeA.size() == 2);
    ControllerManager b = manager(server, "b", madeB, lost, ControllerManagerOptions.builder());
    b.start();

    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(madeB::isEmpty);
    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(b.readiness().healthy()).as("a standby is ready").isTrue();

    a.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> madeB.size() == 2);

    assertThat(madeA).allMatch(c -> c.stopped);
    assertThat(RecordingController.MAX_RUNNING.get()).as("never on both at once").isEqualTo(2);
    assertThat(lost.get()).isZero();
  }

  @Test
  void leaderMigrationRunsMigratedControllersUnderTheSecondLock() throws Exception {
    KubeApiServer server = server();
    List<RecordingController> made = new ArrayList<>();
    ControllerManager m = manager(server, "a", made, new AtomicInteger(),
        ControllerManagerOptions.builder().enableLeaderMigration(true));
    m.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> made.size() == 2);

    var leases = new io.kubernetes.client.openapi.apis.CoordinationV1Api(client(server))
        .listNamespacedLease("kube-system").execute().getItems();
    assertThat(leases).extracting(l -> l.getMetadata().getName())
        .containsExactlyInAnyOrder("cloud-controller-manager", "cloud-provider-extraction-migration");
    assertThat(leases).allMatch(l -> "a".equals(l.getSpec().getHolderIdentity()));
  }

  @Test
  void aLostLeaseStopsEverythingAndRunsTheAction() {
    KubeApiServer server = server();
    List<RecordingController> made = new ArrayList<>();
    AtomicInteger lost = new AtomicInteger();
    ControllerManager m = manager(server, "a", made, lost, ControllerManagerOptions.builder());
    m.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> made.size() == 2);

    server.faults().failNext(RequestMatcher.of("update", "leases"), 10_000, 500, "InternalError");

    await().atMost(Duration.ofSeconds(20)).until(() -> lost.get() == 1);
    assertThat(made).allMatch(c -> c.stopped);
    assertThat(m.readiness().healthy()).isFalse();
  }

  private static RecordingController add(List<RecordingController> list, RecordingController c) {
    synchronized (list) {
      list.add(c);
    }
    return c;
  }
}
