package dev.ccm4j.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RequestMatcher;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventBroadcasterIT {
  private KubeApiServer server;
  private ApiClient client;
  private EventBroadcaster broadcaster;
  private final V1ObjectReference web = new V1ObjectReference().kind("Service").apiVersion("v1").namespace("default")
      .name("web").uid("uid-web");

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterEach
  void stop() {
    if (broadcaster != null) {
      broadcaster.close();
    }
    server.close();
  }

  private List<CoreV1Event> events(String namespace) throws Exception {
    return new CoreV1Api(client).listNamespacedEvent(namespace).execute().getItems();
  }

  private void awaitIdle() {
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.pending() == 0
        && broadcaster.written() + broadcaster.failed() + broadcaster.droppedSpam() >= 1);
  }

  @Test
  void identicalEventsBecomeOneEventWithACount() throws Exception {
    broadcaster = EventBroadcaster.builder(client).build().start();
    EventRecorder recorder = broadcaster.recorder("service-controller");

    for (int i = 0; i < 5; i++) {
      recorder.event(web, EventType.NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.written() == 5);

    List<CoreV1Event> events = events("default");
    assertThat(events).hasSize(1);
    CoreV1Event e = events.get(0);
    assertThat(e.getCount()).isEqualTo(5);
    assertThat(e.getReason()).isEqualTo("EnsuringLoadBalancer");
    assertThat(e.getMessage()).isEqualTo("Ensuring load balancer");
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getSource().getComponent()).isEqualTo("service-controller");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-web");
    assertThat(e.getFirstTimestamp()).isNotNull();
    assertThat(e.getLastTimestamp()).isAfterOrEqualTo(e.getFirstTimestamp());
    assertThat(server.journal().of("patch", "events")).as("repeats are patches, not new objects").hasSize(4);
  }

  @Test
  void differentReasonsAndObjectsGetTheirOwnEventsAndClusterScopedObjectsGoToDefault() throws Exception {
    broadcaster = EventBroadcaster.builder(client).build().start();
    EventRecorder recorder = broadcaster.recorder("cloud-node-controller");
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name("n1").uid("uid-n1"));

    recorder.event(node, EventType.NORMAL, "Synced", "Node synced successfully");
    recorder.event(web, EventType.WARNING, "SyncLoadBalancerFailed", "Error syncing load balancer: boom");
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.written() == 2);

    assertThat(events("default")).extracting(CoreV1Event::getReason)
        .containsExactlyInAnyOrder("Synced", "SyncLoadBalancerFailed");
    CoreV1Event nodeEvent = events("default").stream().filter(e -> e.getReason().equals("Synced")).findFirst()
        .orElseThrow();
    assertThat(nodeEvent.getInvolvedObject().getKind()).isEqualTo("Node");
    assertThat(nodeEvent.getInvolvedObject().getApiVersion()).isEqualTo("v1");
  }

  @Test
  void anEventDeletedMeanwhileIsCreatedAgain() throws Exception {
    broadcaster = EventBroadcaster.builder(client).build().start();
    EventRecorder recorder = broadcaster.recorder("service-controller");
    recorder.event(web, EventType.NORMAL, "EnsuredLoadBalancer", "Ensured load balancer");
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.written() == 1);
    String first = events("default").get(0).getMetadata().getName();
    new CoreV1Api(client).deleteNamespacedEvent(first, "default").execute();

    recorder.event(web, EventType.NORMAL, "EnsuredLoadBalancer", "Ensured load balancer");
    await().atMost(Duration.ofSeconds(20)).until(() -> events("default").size() == 1
        && !events("default").get(0).getMetadata().getName().equals(first));

    assertThat(events("default").get(0).getCount()).isEqualTo(1);
  }

  @Test
  @Timeout(30)
  void aHungApiServerNeverBlocksRecordingAndTheExcessIsCounted() throws Exception {
    broadcaster = EventBroadcaster.builder(client).queueCapacity(50).retries(1, Duration.ofMillis(10)).build()
        .start();
    EventRecorder recorder = broadcaster.recorder("service-controller");
    try (var hang = server.faults().hang(RequestMatcher.of("create", "events"))) {
      for (int i = 0; i < 10_000; i++) {
        recorder.event(new V1ObjectReference().kind("Service").namespace("default").name("svc-" + i).uid("u" + i),
            EventType.NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer");
      }
      assertThat(broadcaster.droppedQueueFull()).isGreaterThanOrEqualTo(10_000 - 50 - 1);
      hang.release();
    }
    awaitIdle();
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    broadcaster = EventBroadcaster.builder(client).retries(3, Duration.ofMillis(10)).build().start();
    server.faults().failNext(RequestMatcher.of("create", "events"), 2, 500, "InternalError");

    broadcaster.recorder("route_controller").event(web, EventType.WARNING, "FailedToCreateRoute", "Could not");
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.written() == 1);

    assertThat(events("default")).hasSize(1);
    assertThat(broadcaster.failed()).isZero();
  }

  @Test
  void aRefusedEventIsOneWarnLineWithTheStatusNotTheResponse() throws Exception {
    broadcaster = EventBroadcaster.builder(client).retries(3, Duration.ofMillis(10)).build().start();
    server.faults().failNext(RequestMatcher.of("create", "events"), 1, 422, "Invalid");
    try (LogCapture log = LogCapture.of(EventBroadcaster.class.getName())) {
      broadcaster.recorder("service-controller").event(web, EventType.WARNING, "SyncLoadBalancerFailed", "no");
      await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.failed() == 1 && log.size() >= 2);

      List<String> warnings = log.lines().stream().filter(l -> l.contains(" WARN ")).toList();
      assertThat(warnings).containsExactly(EventBroadcaster.class.getName() + " WARN could not write event"
          + " reason=SyncLoadBalancerFailed object=default/web: HTTP 422 Invalid: injected failure for create events");
      assertThat(log.lines()).filteredOn(l -> l.contains(" DEBUG ") && l.contains("HTTP response headers"))
          .as("the client's full text only at DEBUG").hasSize(1);
    }
  }

  @Test
  void spamFromOneObjectIsCapped() throws Exception {
    broadcaster = EventBroadcaster.builder(client).spamFilter(3, Duration.ofHours(1)).build().start();
    EventRecorder recorder = broadcaster.recorder("service-controller");
    for (int i = 0; i < 10; i++) {
      recorder.event(web, EventType.NORMAL, "Reason" + i, "message " + i);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcaster.pending() == 0
        && broadcaster.written() + broadcaster.droppedSpam() == 10);

    assertThat(broadcaster.written()).isEqualTo(3);
    assertThat(broadcaster.droppedSpam()).isEqualTo(7);
    assertThat(events("default")).hasSize(3);
  }
}
