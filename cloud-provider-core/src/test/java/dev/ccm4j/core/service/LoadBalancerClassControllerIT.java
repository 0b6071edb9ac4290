package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.testing.ContributingCloud;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.kubeapi.RecordedRequest;
import dev.ccm4j.testkit.cloud.Call;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's load balancer class controller and adopted finalizers in the real runtime: the manager, informers,
 * work queues and events against the API server emulator, with one fake cloud behind the built-in controller and
 * another behind the contributed one.
 */
class LoadBalancerClassControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLASS = "example.com/nlb";
  private static final String NLB = "fake-nlb-controller";
  private static final String ADOPTED = "service.k8s.example/resources";
  private static final String NLB_ADOPTED = "service.k8s.example/nlb";
  /** The built-in controller's timing: a retrying key would be retried many times within a second. */
  private static final ServiceLbController.Settings FAST = new ServiceLbController.Settings(
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));

  private final FakeCloud nlbCloud = new FakeCloud("fake-nlb");
  private ControllerHarness h;
  private CoreV1Api api;

  @BeforeEach
  void start() throws ApiException {
    LoadBalancerClassController nlb = LoadBalancerClassController.builder(NLB, CLASS,
        ContributingCloud.adopting(nlbCloud.loadBalancer().orElseThrow(), Set.of(NLB_ADOPTED))).build();
    h = ControllerHarness.builder()
        .controller(ControllerNames.SERVICE_LB, ServiceLbController.factory(FAST))
        .provider(cloud -> new ContributingCloud(cloud, List.of(nlb), Set.of(ADOPTED)))
        .start();
    api = h.core();
    api.createNode(node("n1")).execute();
    api.createNode(node("n2")).execute();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static V1Service lbService(String name, String loadBalancerClass) {
    V1Service svc = Fixtures.lbService(name);
    svc.getSpec().getPorts().get(0).setNodePort(null);
    svc.getSpec().setLoadBalancerClass(loadBalancerClass);
    return svc;
  }

  private Optional<V1Service> find(String name) {
    try {
      return Optional.of(api.readNamespacedService(name, "default").execute());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private static boolean hasIngress(Optional<V1Service> svc) {
    return svc.isPresent() && !ServicePredicates.ingress(svc.get()).isEmpty();
  }

  private static List<String> finalizers(Optional<V1Service> svc) {
    return svc.map(s -> s.getMetadata().getFinalizers()).map(List::copyOf).orElse(List.of());
  }

  private List<CoreV1Event> events(String name) throws ApiException {
    return api.listNamespacedEvent("default").execute().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  private void patchService(String name, String mergePatch) throws ApiException {
    ApiClient client = h.client();
    PatchUtils.patch(V1Service.class, () -> new CoreV1Api(client).patchNamespacedService(name, "default",
        new V1Patch(mergePatch)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  private long calls(FakeCloud cloud, Operation operation, String target) {
    return cloud.calls(operation).stream().filter(c -> c.target().equals(target)).count();
  }

  @Test
  void theClassControllerServesExactlyItsClassAndTheBuiltInOneIgnoresIt() throws ApiException {
    api.createNamespacedService("default", lbService("nlb", CLASS)).execute();
    api.createNamespacedService("default", lbService("clb", null)).execute();
    api.createNamespacedService("default", lbService("other", "example.com/other")).execute();

    await().atMost(WAIT).until(() -> hasIngress(find("nlb")) && hasIngress(find("clb")));
    assertThat(h.manager().runningControllers()).containsExactly(ControllerNames.SERVICE_LB, NLB);
    assertThat(ServicePredicates.ingress(find("nlb").orElseThrow()).get(0).getIp())
        .isEqualTo(nlbCloud.findLoadBalancer("default/nlb").orElseThrow().ingress().ip());
    assertThat(nlbCloud.findLoadBalancer("default/nlb").orElseThrow().nodes()).containsExactlyInAnyOrder("n1", "n2");
    assertThat(finalizers(find("nlb"))).containsExactly("ccm4j.dev/" + NLB);
    assertThat(finalizers(find("clb"))).containsExactly(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP);
    // each cloud saw only its own controller's Service
    assertThat(h.cloud().calls()).extracting(Call::target).doesNotContain("default/nlb", "default/other");
    assertThat(nlbCloud.calls()).extracting(Call::target).doesNotContain("default/clb", "default/other");
    List<RecordedRequest> writes = h.server().journal().matching(r -> "patch".equals(r.verb())
        && "nlb".equals(r.name()));
    assertThat(writes).isNotEmpty().allSatisfy(r -> assertThat(r.userAgent()).startsWith(NLB));
    assertThat(events("nlb")).extracting(CoreV1Event::getReason).contains("EnsuredLoadBalancer");
    assertThat(events("other")).isEmpty();
    assertThat(h.metrics()).contains("workqueue_adds_total{name=\"" + NLB + "\"}",
        "ccm4j_controller_reconcile_total{controller=\"" + NLB + "\",result=\"success\"}");

    // a node change reaches the class controller's backends too
    api.createNode(node("n3")).execute();
    await().atMost(WAIT).until(() -> nlbCloud.findLoadBalancer("default/nlb").orElseThrow().nodes().size() == 3);

    api.deleteNamespacedService("nlb", "default").execute();
    await().atMost(WAIT).until(() -> find("nlb").isEmpty());
    assertThat(nlbCloud.findLoadBalancer("default/nlb")).isEmpty();
    assertThat(h.cloud().findLoadBalancer("default/clb")).isPresent();
    assertThat(h.cloud().calls()).extracting(Call::target).doesNotContain("default/nlb");
  }

  @Test
  void aServiceWhoseClassKubernetesWipedIsCleanedUpByItsClassControllerOnly() throws ApiException {
    api.createNamespacedService("default", lbService("nlb", CLASS)).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("nlb")));

    // Kubernetes clears spec.loadBalancerClass when the type leaves LoadBalancer
    patchService("nlb", "{\"spec\":{\"type\":\"ClusterIP\",\"loadBalancerClass\":null}}");
    await().atMost(WAIT).until(() -> nlbCloud.findLoadBalancer("default/nlb").isEmpty()
        && finalizers(find("nlb")).isEmpty() && !hasIngress(find("nlb")));
    assertThat(h.cloud().calls()).extracting(Call::target).doesNotContain("default/nlb");
  }

  @Test
  void anAdoptedFinalizerIsKeptUntilCleanupThenRemovedWithOurs() throws ApiException {
    V1Service migrated = lbService("migrated", null);
    migrated.getMetadata().setFinalizers(new ArrayList<>(List.of(ADOPTED)));
    api.createNamespacedService("default", migrated).execute();
    V1Service migratedNlb = lbService("migrated-nlb", CLASS);
    migratedNlb.getMetadata().setFinalizers(new ArrayList<>(List.of(NLB_ADOPTED)));
    api.createNamespacedService("default", migratedNlb).execute();

    await().atMost(WAIT).until(() -> hasIngress(find("migrated")) && hasIngress(find("migrated-nlb")));
    assertThat(finalizers(find("migrated")))
        .containsExactlyInAnyOrder(ADOPTED, WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP);
    assertThat(finalizers(find("migrated-nlb"))).containsExactlyInAnyOrder(NLB_ADOPTED, "ccm4j.dev/" + NLB);

    api.deleteNamespacedService("migrated", "default").execute();
    api.deleteNamespacedService("migrated-nlb", "default").execute();
    await().atMost(WAIT).until(() -> find("migrated").isEmpty() && find("migrated-nlb").isEmpty());
    assertThat(h.cloud().findLoadBalancer("default/migrated")).isEmpty();
    assertThat(nlbCloud.findLoadBalancer("default/migrated-nlb")).isEmpty();
    assertThat(calls(h.cloud(), Operation.ENSURE_LOAD_BALANCER_DELETED, "default/migrated")).isPositive();
  }

  @Test
  void aServiceWithOnlyAnAdoptedFinalizerThatNoLongerWantsALoadBalancerIsCleanedUp() throws ApiException {
    V1Service left = Fixtures.service("left", "ClusterIP");
    left.getSpec().getPorts().get(0).setNodePort(null);
    left.getMetadata().setFinalizers(new ArrayList<>(List.of(ADOPTED, "example.com/someone-else")));
    api.createNamespacedService("default", left).execute();

    await().atMost(WAIT).until(() -> finalizers(find("left")).equals(List.of("example.com/someone-else")));
    assertThat(calls(h.cloud(), Operation.GET_LOAD_BALANCER, "default/left")).isPositive();
  }

  @Test
  void aServiceConfigurationErrorIsOneWarningWithoutRetriesUntilTheServiceChanges() throws Exception {
    String message = "annotation example.com/size: \"huge\" is not one of small, large";
    h.cloud().failAlways(Operation.ENSURE_LOAD_BALANCER, "default/bad",
        new ServiceConfigurationException(message));
    api.createNamespacedService("default", lbService("bad", null)).execute();
    api.createNamespacedService("default", lbService("good", null)).execute();
    await().atMost(WAIT).until(() -> hasIngress(find("good")));
    await().atMost(WAIT).until(() -> events("bad").stream()
        .anyMatch(e -> "SyncLoadBalancerFailed".equals(e.getReason())));

    // long enough for many backoff retries (100 ms first) and two service resyncs (1 s): still one attempt
    await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
        .until(() -> calls(h.cloud(), Operation.ENSURE_LOAD_BALANCER, "default/bad") == 1);
    List<CoreV1Event> warnings = events("bad").stream().filter(e -> "Warning".equals(e.getType())).toList();
    assertThat(warnings).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo("SyncLoadBalancerFailed");
      assertThat(e.getMessage()).isEqualTo(message);
      assertThat(e.getCount()).isEqualTo(1);
    });
    assertThat(hasIngress(find("bad"))).isFalse();

    patchService("bad", "{\"metadata\":{\"annotations\":{\"example.com/size\":\"large\"}}}");
    await().atMost(WAIT).until(() -> calls(h.cloud(), Operation.ENSURE_LOAD_BALANCER, "default/bad") == 2);
    h.cloud().clearFaults();
    patchService("bad", "{\"metadata\":{\"annotations\":{\"example.com/size\":\"small\"}}}");
    await().atMost(WAIT).until(() -> hasIngress(find("bad")));
  }
}
