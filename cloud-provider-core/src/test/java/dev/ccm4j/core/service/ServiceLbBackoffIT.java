package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.core.clock.ManualClock;
import dev.ccm4j.core.manager.ControllerManager;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.testing.Exposition;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Service whose ensure keeps failing is retried only at its backoff times (upstream's 5 s doubling to 300 s),
 * however many Service resyncs (30 s) and node syncs (100 s) pass, on a manual runtime clock that drives the work
 * queue and the resync timer alike.
 */
class ServiceLbBackoffIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern RETRIES = Pattern.compile("^workqueue_retries_total\\{name=\"service\"} (\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern DEPTH = Pattern.compile("^workqueue_depth\\{name=\"service\"} (\\S+)$",
      Pattern.MULTILINE);
  private static final Pattern NODE_SYNCS = Pattern.compile(
      "^service_controller_nodesync_latency_seconds_count(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
  private static final Pattern ADDS = Pattern.compile("^workqueue_adds_total\\{name=\"service\"} (\\S+)$",
      Pattern.MULTILINE);

  private final ManualClock clock = new ManualClock();
  private final FakeCloud cloud = new FakeCloud();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  /** Runtime-clock seconds since the start at which the bad Service's ensure was called. */
  private final List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
  private KubeApiServer server;
  private ControllerManager manager;
  private CoreV1Api api;
  private long origin;

  @BeforeEach
  void start() throws ApiException {
    server = KubeApiServer.builder().build().start();
    origin = clock.nanoTime();
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER, call -> {
      if (call.target().equals("default/bad")) {
        attempts.add(Duration.ofNanos(clock.nanoTime() - origin).toSeconds());
      }
    });
    cloud.failAlways(Operation.ENSURE_LOAD_BALANCER, "default/bad",
        new CloudProviderException("loadBalancerIP 203.0.113.9 of service default/bad is outside the pool"));
    manager = ControllerManager.builder().withoutBuiltInControllers()
        .provider(cloud)
        .options(ControllerManagerOptions.builder().leaderElect(false).kubeApiQps(500).kubeApiBurst(1000)
            // informer resyncs (real time) every 100 to 200 ms: none of them may cut a backoff short
            .minResyncPeriod(Duration.ofMillis(100)).build())
        .clients(name -> {
          ApiClient c = client();
          c.setUserAgent(name);
          return c;
        })
        .registry(registry)
        .clock(clock)
        .identity("backoff")
        .controller(ControllerNames.SERVICE_LB, ServiceLbController.factory())
        .build();
    api = new CoreV1Api(client());
    // The node exists, and its node sync has run, before any Service: a node change while the bad Service's first
    // ensure is in flight queues it again (a real change of the node set, which must be synced), and the first
    // attempt would not be alone.
    api.createNode(node("n1")).execute();
    manager.start();
    await().atMost(WAIT).until(() -> metric(NODE_SYNCS) >= 1);
    api.createNamespacedService("default", lbService("good")).execute();
    api.createNamespacedService("default", lbService("bad")).execute();
    await().atMost(WAIT).until(() -> attempts.size() >= 1 && retries() >= 1);
    assertThat(attempts).as("one attempt before the clock moves").containsExactly(0L);
    await().atMost(WAIT).until(() -> !ServicePredicates.ingress(read("good")).isEmpty());
  }

  @AfterEach
  void stop() {
    if (manager != null) {
      manager.close();
    }
    server.close();
  }

  @Test
  void resyncsNeverRetryAFailingServiceBeforeItsBackoff() {
    double addsBefore = adds();
    List<Long> expected = List.of(0L, 5L, 15L, 35L, 75L, 155L, 315L, 615L, 915L, 1215L);

    runUntil(1300, expected);

    // gaps 5, 10, 20, 40, 80, 160, then capped at 300: the documented promise
    assertThat(attempts).containsExactlyElementsOf(expected);
    assertThat(retries()).isEqualTo(expected.size());
    // 43 Service resyncs and 13 node syncs (3 of them at the same second) queued the good Service meanwhile
    assertThat(adds() - addsBefore).isGreaterThanOrEqualTo(53);
  }

  @Test
  void aChangeIsSyncedAtOnceWithoutResettingTheBackoffAndASuccessEndsIt() throws ApiException {
    runUntil(20, List.of(0L, 5L, 15L));
    annotate("change", "1");
    await().atMost(WAIT).until(() -> attempts.size() == 4 && retries() == 4);
    // As upstream: the change is synced at once; its failure is the 4th in a row (40 s), and the retry already
    // due at 35 s stays. A reset would have retried at 25 s, then 35, 55, 95...
    runUntil(600, List.of(0L, 5L, 15L, 20L, 35L, 115L, 275L, 575L));
    assertThat(attempts).containsExactly(0L, 5L, 15L, 20L, 35L, 115L, 275L, 575L);

    cloud.clearFaults();
    annotate("change", "2");
    await().atMost(WAIT).until(() -> !ServicePredicates.ingress(read("bad")).isEmpty());
    assertThat(attempts).endsWith(600L);
  }

  @Test
  void informerResyncsOfAServiceBeingDeletedDoNotRetryItsFailingCleanupEarly() throws Exception {
    AtomicInteger deletes = new AtomicInteger();
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER_DELETED, call -> {
      if (call.target().equals("default/good")) {
        deletes.incrementAndGet();
      }
    });
    cloud.failAlways(Operation.ENSURE_LOAD_BALANCER_DELETED, "default/good",
        new CloudProviderException("the cloud refuses to delete"));
    api.deleteNamespacedService("good", "default").execute();
    await().atMost(WAIT).until(() -> deletes.get() >= 1 && retries() >= 2);
    // the runtime clock stands still, so no backoff expires: only informer resyncs could cause another attempt
    Thread.sleep(1000);
    assertThat(deletes).hasValue(1);
    clock.advance(Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> deletes.get() == 2);
  }

  /**
   * Advances the clock a second at a time up to {@code end} seconds. At each resync it waits until the resync has
   * queued the good Service; at each expected attempt, until the attempt has happened and its failure was
   * requeued, so the next step never races with the backoff's start.
   */
  private void runUntil(long end, List<Long> expected) {
    long now = Duration.ofNanos(clock.nanoTime() - origin).toSeconds();
    for (long t = now + 1; t <= end; t++) {
      boolean resyncDue = t % 30 == 0 || t % 100 == 0;
      double addsBefore = resyncDue ? adds() : 0;
      clock.advance(Duration.ofSeconds(1));
      if (resyncDue) {
        // the good Service is queued by every resync: wait for it, so that every period really passes
        soon().until(() -> adds() > addsBefore && depth() == 0);
      }
      int index = expected.indexOf(t);
      if (index >= 0) {
        int count = index + 1;
        soon().until(() -> attempts.size() >= count && retries() >= count);
      }
    }
  }

  private static ConditionFactory soon() {
    return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }

  /** With the finalizer already in place, so the controller's own first write cannot count as a change. */
  private static V1Service lbService(String name) {
    V1Service svc = Fixtures.withFinalizer(Fixtures.lbService(name));
    svc.getSpec().getPorts().get(0).setNodePort(null);
    return svc;
  }

  private V1Service read(String name) throws ApiException {
    return api.readNamespacedService(name, "default").execute();
  }

  private void annotate(String key, String value) throws ApiException {
    ApiClient client = client();
    PatchUtils.patch(V1Service.class, () -> new CoreV1Api(client).patchNamespacedService("bad", "default",
        new V1Patch("{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}")).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
  }

  private ApiClient client() {
    return new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
  }

  private long retries() {
    return (long) metric(RETRIES);
  }

  private double depth() {
    return metric(DEPTH);
  }

  private double adds() {
    return metric(ADDS);
  }

  private double metric(Pattern pattern) {
    Matcher m = pattern.matcher(Exposition.of(registry));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
