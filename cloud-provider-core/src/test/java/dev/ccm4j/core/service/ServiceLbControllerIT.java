package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.kubeapi.RecordedRequest;
import dev.ccm4j.testkit.cloud.Call;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller in the real runtime: informers, work queue, events, the API server emulator and a fake cloud. */
class ServiceLbControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ServiceLbController.Settings FAST = new ServiceLbController.Settings(
      Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));

  private ControllerHarness h;
  private CoreV1Api api;

  @BeforeEach
  void start() throws ApiException {
    h = ControllerHarness.builder()
        .controller(ControllerNames.SERVICE_LB, ServiceLbController.factory(FAST))
        .options(o -> o.concurrentServiceSyncs(4))
        .start();
    api = h.core();
    api.createNode(node("n1")).execute();
    api.createNode(node("n2")).execute();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** The emulator allocates node ports, so every test Service leaves them unset. */
  private static V1Service lbService(String name) {
    V1Service svc = Fixtures.lbService(name);
    svc.getSpec().getPorts().get(0).setNodePort(null);
    return svc;
  }

  private static V1Service plain() {
    V1Service svc = Fixtures.service("plain", "ClusterIP");
    svc.getSpec().getPorts().get(0).setNodePort(null);
    return svc;
  }

  private V1Service read(String name) throws ApiException {
    return api.readNamespacedService(name, "default").execute();
  }

  private Optional<V1Service> find(String name) {
    try {
      return Optional.of(read(name));
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private static boolean hasIngress(Optional<V1Service> svc) {
    return svc.isPresent() && !ServicePredicates.ingress(svc.get()).isEmpty();
  }

  private List<String> reasons(String name) throws ApiException {
    return api.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).map(CoreV1Event::getReason).toList();
  }

  private void patchService(String name, String mergePatch) throws ApiException {
    ApiClient client = h.client();
    PatchUtils.patch(V1Service.class, () -> new CoreV1Api(client).patchNamespacedService(name, "default",
        new V1Patch(mergePatch)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  private double loadBalancerSyncs() {
    String prefix = "service_controller_loadbalancer_sync_total ";
    return h.metrics().lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(
        prefix.length()).strip())).findFirst().orElse(0);
  }

  private void patchNode(String name, String mergePatch) throws ApiException {
    ApiClient client = h.client();
    PatchUtils.patch(V1Node.class, () -> new CoreV1Api(client).patchNode(name, new V1Patch(mergePatch))
        .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  @Test
  void lifecycleOfALoadBalancerService() throws ApiException {
    api.createNamespacedService("default", lbService("web")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("web")));
    V1Service web = read("web");
    assertThat(web.getMetadata().getFinalizers()).contains(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP);
    assertThat(ServicePredicates.ingress(web).get(0).getIp())
        .isEqualTo(h.cloud().findLoadBalancer("default/web").orElseThrow().ingress().ip());
    assertThat(h.cloud().findLoadBalancer("default/web").orElseThrow().nodes()).containsExactly("n1", "n2");
    List<RecordedRequest> writes = h.server().journal().matching(r -> "patch".equals(r.verb())
        && "web".equals(r.name()));
    assertThat(writes).extracting(RecordedRequest::resource).containsExactlyInAnyOrder("services",
        "services/status");
    assertThat(writes).allSatisfy(r -> assertThat(r.userAgent()).startsWith("service-controller"));
    await().atMost(WAIT).until(() -> reasons("web").contains("EnsuredLoadBalancer"));
    assertThat(reasons("web")).contains("EnsuringLoadBalancer");

    int ensures = h.cloud().count(Operation.ENSURE_LOAD_BALANCER);
    patchService("web", "{\"spec\":{\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}]}}");
    await().atMost(WAIT).until(() -> h.cloud().findLoadBalancer("default/web").orElseThrow().ports().get(0)
        .port() == 8080);
    assertThat(h.cloud().count(Operation.ENSURE_LOAD_BALANCER)).isGreaterThan(ensures);

    patchService("web", "{\"spec\":{\"type\":\"ClusterIP\"}}");
    await().atMost(WAIT).until(() -> h.cloud().findLoadBalancer("default/web").isEmpty()
        && !ServicePredicates.hasFinalizer(read("web")) && !hasIngress(find("web")));

    patchService("web", "{\"spec\":{\"type\":\"LoadBalancer\"}}");
    await().atMost(WAIT).until(() -> hasIngress(find("web")));
    api.deleteNamespacedService("web", "default").execute();
    await().atMost(WAIT).until(() -> find("web").isEmpty());
    assertThat(h.cloud().findLoadBalancer("default/web")).isEmpty();
    await().atMost(WAIT).until(() -> reasons("web").contains("DeletedLoadBalancer"));
  }

  @Test
  void serviceWithALoadBalancerClassIsLeftAlone() throws ApiException {
    V1Service classy = lbService("classy");
    classy.getSpec().setLoadBalancerClass("example.com/other");
    api.createNamespacedService("default", classy).execute();
    api.createNamespacedService("default", lbService("marker")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("marker")));
    patchService("classy", "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}");
    api.createNamespacedService("default", lbService("marker2")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("marker2")));
    assertThat(h.cloud().calls()).extracting(Call::target).doesNotContain("default/classy");
    assertThat(h.server().journal().matching(r -> "classy".equals(r.name())
        && r.userAgent().startsWith("service-controller"))).isEmpty();
    assertThat(reasons("classy")).isEmpty();
  }

  @Test
  void nodeChangesUpdateBackendsOfLoadBalancerServicesOnly() throws ApiException {
    api.createNamespacedService("default", lbService("a")).execute();
    api.createNamespacedService("default", lbService("b")).execute();
    api.createNamespacedService("default", plain()).execute();
    // the nodes were created after the controller started, so a first ensure may have seen only some of them and a
    // host update may follow: let that settle before counting
    await().atMost(WAIT).until(() -> hasIngress(find("a")) && hasIngress(find("b"))
        && h.cloud().findLoadBalancer("default/a").orElseThrow().nodes().equals(java.util.Set.of("n1", "n2"))
        && h.cloud().findLoadBalancer("default/b").orElseThrow().nodes().equals(java.util.Set.of("n1", "n2")));
    h.cloud().clearBalancerCalls();
    double syncsBefore = loadBalancerSyncs();

    api.createNode(node("n3")).execute();
    await().atMost(WAIT).until(() -> h.cloud().findLoadBalancer("default/a").orElseThrow().nodes().size() == 3
        && h.cloud().findLoadBalancer("default/b").orElseThrow().nodes().size() == 3);
    assertThat(h.cloud().updateCalls()).extracting(c -> c.serviceKey())
        .containsExactlyInAnyOrder("default/a", "default/b");

    patchNode("n1", "{\"metadata\":{\"labels\":{\"" + WellKnown.LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS
        + "\":\"true\"}}}");
    await().atMost(WAIT).until(() -> h.cloud().findLoadBalancer("default/a").orElseThrow().nodes()
        .equals(java.util.Set.of("n2", "n3")) && h.cloud().findLoadBalancer("default/b").orElseThrow().nodes()
        .equals(java.util.Set.of("n2", "n3")));
    assertThat(h.cloud().updateCalls()).hasSize(4);
    assertThat(h.cloud().calls()).extracting(Call::target).doesNotContain("default/plain");
    await().atMost(WAIT).until(() -> loadBalancerSyncs() == syncsBefore + 4);
    assertThat(h.metrics()).contains("service_controller_nodesync_latency_seconds_count",
        "service_controller_update_loadbalancer_host_latency_seconds_bucket{le=\"16384.0\"} " + (long) (syncsBefore
            + 4));
  }

  @Test
  void servicesProceedConcurrentlyButOneServiceNeverHasOverlappingCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    h.cloud().onCall(Operation.ENSURE_LOAD_BALANCER, call -> {
      if (call.target().equals("default/slow")) {
        blocked.countDown();
        release.await(60, TimeUnit.SECONDS);
      }
    });
    api.createNamespacedService("default", lbService("slow")).execute();
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();
    api.createNamespacedService("default", lbService("fast")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("fast")));
    // While the slow ensure is held open: a spec change and a node change both want the slow Service's LB.
    patchService("slow", "{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}");
    api.createNode(node("n3")).execute();
    await().atMost(WAIT).until(() -> h.cloud().findLoadBalancer("default/fast").orElseThrow().nodes().size() == 3);
    release.countDown();
    await().atMost(WAIT).until(() -> hasIngress(find("slow"))
        && h.cloud().findLoadBalancer("default/slow").orElseThrow().nodes().size() == 3);
    assertThat(h.cloud().maxConcurrentCalls("default/slow")).isEqualTo(1);
    assertThat(h.cloud().maxConcurrentCalls("default/fast")).isEqualTo(1);
  }

  @Test
  void aProviderValidationErrorIsAWarningOnThatServiceOnly() throws ApiException {
    h.cloud().failAlways(Operation.ENSURE_LOAD_BALANCER, "default/bad",
        new IllegalArgumentException("invalid annotation example.com/size: \"huge\""));
    api.createNamespacedService("default", lbService("bad")).execute();
    api.createNamespacedService("default", lbService("good")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("good")));
    await().atMost(WAIT).until(() -> reasons("bad").contains("SyncLoadBalancerFailed"));
    CoreV1Event warning = api.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> "SyncLoadBalancerFailed".equals(e.getReason())).findFirst().orElseThrow();
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getMessage()).isEqualTo("Error syncing load balancer: failed to ensure load balancer: "
        + "invalid annotation example.com/size: \"huge\"");
    assertThat(reasons("good")).doesNotContain("SyncLoadBalancerFailed");
  }

  @Test
  void deletionAfterARestartStillRemovesTheLoadBalancer() throws Exception {
    api.createNamespacedService("default", lbService("web")).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("web")));
    h.manager().close();
    api.deleteNamespacedService("web", "default").execute();
    assertThat(read("web").getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(h.cloud().findLoadBalancer("default/web")).isPresent();

    ControllerManager restarted = ControllerManager.builder().withoutBuiltInControllers()
        .provider(h.cloud())
        .options(ControllerManagerOptions.builder().leaderElect(false).build())
        .clients(name -> {
          ApiClient c = new ClientBuilder().setBasePath(h.server().url()).build();
          c.setUserAgent(name);
          return c;
        })
        .registry(new PrometheusRegistry())
        .identity("restarted")
        .controller(ControllerNames.SERVICE_LB, ServiceLbController.factory(FAST))
        .build();
    try {
      restarted.start();
      await().atMost(WAIT).until(() -> find("web").isEmpty());
      assertThat(h.cloud().findLoadBalancer("default/web")).isEmpty();
    } finally {
      restarted.close();
    }
  }
}
