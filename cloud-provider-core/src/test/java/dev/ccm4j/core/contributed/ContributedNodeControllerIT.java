package dev.ccm4j.core.contributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.core.controller.ControllerSelection;
import dev.ccm4j.core.testing.ContributingCloud;
import dev.ccm4j.core.testing.ControllerHarness;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A provider's node controller run by the manager over the shared Node informer, against the API server emulator. */
class ContributedNodeControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NAME = "fake-node-sync";

  /** What the reconciler saw: node name, whether the Node was there, and its {@code pool} label. */
  private record Seen(String node, boolean present, String pool, long atNanos) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, Duration> retryAfterOnce = new ConcurrentHashMap<>();
  private ControllerHarness h;

  private final NodeReconciler recorder = (name, node) -> {
    seen.add(new Seen(name, node.isPresent(), node.map(n -> n.getMetadata().getLabels())
        .map(l -> l.get("pool")).orElse(null), System.nanoTime()));
    AtomicInteger left = failuresLeft.get(name);
    if (left != null && left.getAndDecrement() > 0) {
      throw new IllegalStateException("cloud said no for " + name);
    }
    Duration delay = retryAfterOnce.remove(name);
    if (delay != null) {
      throw new RetryAfterException("security group still updating", delay);
    }
  };

  private ControllerHarness start(NodeController controller, List<String> controllers) {
    h = ControllerHarness.builder()
        .options(o -> o.controllers(ControllerSelection.parseDeferringUnknown(controllers)))
        .provider(cloud -> new ContributingCloud(cloud, List.of(controller), Set.of()))
        .start();
    return h;
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static V1Node node(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).putLabelsItem("pool", "blue"));
  }

  private List<Seen> of(String node) {
    return seen.stream().filter(s -> s.node().equals(node)).toList();
  }

  private void patchNode(String name, String mergePatch) throws ApiException {
    ApiClient client = h.client();
    PatchUtils.patch(V1Node.class, () -> new CoreV1Api(client).patchNode(name, new V1Patch(mergePatch))
        .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  @Test
  void isOffByDefaultAndRunsWhenNamed() {
    start(NodeController.builder(NAME, recorder).build(), List.of("*"));
    assertThat(h.manager().runningControllers()).doesNotContain(NAME);
    h.close();

    start(NodeController.builder(NAME, recorder).build(), List.of("*", NAME));
    assertThat(h.manager().runningControllers()).contains(NAME);
    h.close();

    start(NodeController.builder(NAME, recorder).enabledByDefault(true).build(), List.of("*", "-" + NAME));
    assertThat(h.manager().runningControllers()).doesNotContain(NAME);
    h.close();

    start(NodeController.builder(NAME, recorder).enabledByDefault(true).build(), List.of("*"));
    assertThat(h.manager().runningControllers()).contains(NAME);
  }

  @Test
  void seesAddUpdateAndDeleteThroughTheGovernor() throws ApiException {
    start(NodeController.builder(NAME, recorder).enabledByDefault(true).build(), List.of("*"));
    CoreV1Api api = h.core();
    api.createNode(node("n1")).execute();
    await().atMost(WAIT).until(() -> of("n1").stream().anyMatch(s -> s.present() && "blue".equals(s.pool())));

    patchNode("n1", "{\"metadata\":{\"labels\":{\"pool\":\"green\"}}}");
    await().atMost(WAIT).until(() -> of("n1").stream().anyMatch(s -> "green".equals(s.pool())));

    api.deleteNode("n1").execute();
    await().atMost(WAIT).until(() -> of("n1").stream().anyMatch(s -> !s.present()));
    assertThat(of("n1").get(of("n1").size() - 1).present()).isFalse();
    assertThat(h.metrics()).contains("cloudprovider_api_requests_total{operation=\"ReconcileNode\",provider=\"fake\","
        + "result=\"success\"}", "workqueue_adds_total{name=\"" + NAME + "\"}");
  }

  @Test
  void failuresAreRetriedWithBackoffAndRetryAfterIsHonoured() throws ApiException {
    failuresLeft.put("flaky", new AtomicInteger(2));
    retryAfterOnce.put("slow", Duration.ofMillis(700));
    start(NodeController.builder(NAME, recorder).enabledByDefault(true).build(), List.of("*"));
    h.core().createNode(node("flaky")).execute();
    h.core().createNode(node("slow")).execute();

    await().atMost(WAIT).until(() -> of("flaky").size() >= 3 && of("slow").size() >= 2);
    assertThat(h.metrics()).contains("ccm4j_controller_reconcile_total{controller=\"" + NAME
        + "\",result=\"error\"} 2.0");
    List<Seen> slow = of("slow");
    // the default backoff would retry after 5 ms; the provider asked for 700 ms
    assertThat(Duration.ofNanos(slow.get(1).atNanos() - slow.get(0).atNanos())).isGreaterThan(Duration.ofMillis(600));
  }

  @Test
  void everyNodeIsReconciledAgainEachResyncPeriod() throws ApiException {
    start(NodeController.builder(NAME, recorder).enabledByDefault(true).resyncPeriod(Duration.ofMillis(300))
        .build(), List.of("*"));
    h.core().createNode(node("n1")).execute();
    h.core().createNode(node("n2")).execute();
    await().atMost(WAIT).until(() -> of("n1").size() >= 4 && of("n2").size() >= 4);
    assertThat(seen).allSatisfy(s -> assertThat(s.present()).isTrue());
  }
}
