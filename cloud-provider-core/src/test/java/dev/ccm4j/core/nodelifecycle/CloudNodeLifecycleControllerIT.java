package dev.ccm4j.core.nodelifecycle;

import dev.ccm4j.core.clock.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.InstanceState;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CloudNodeLifecycleControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static ControllerHarness start() {
    return ControllerHarness.builder()
        .options(o -> o.nodeMonitorPeriod(Duration.ofMillis(200)))
        .controller(ControllerNames.CLOUD_NODE_LIFECYCLE, CloudNodeLifecycleController.factory())
        .start();
  }

  private static void node(CoreV1Api api, String name, String ready) throws ApiException {
    api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name))
        .spec(new V1NodeSpec().providerID("fake://" + name))
        .status(new V1NodeStatus().addConditionsItem(new V1NodeCondition().type(WellKnown.CONDITION_READY)
            .status(ready)))).execute();
  }

  private static boolean exists(CoreV1Api api, String name) throws ApiException {
    return api.listNode().execute().getItems().stream().anyMatch(n -> n.getMetadata().getName().equals(name));
  }

  private static boolean tainted(CoreV1Api api, String name) throws ApiException {
    List<V1Taint> taints = api.readNode(name).execute().getSpec().getTaints();
    return taints != null && taints.stream().anyMatch(t -> t.getKey().equals(WellKnown.TAINT_SHUTDOWN)
        && t.getEffect().equals(WellKnown.TAINT_EFFECT_NO_SCHEDULE));
  }

  private static List<CoreV1Event> events(CoreV1Api api, String reason) throws ApiException {
    return api.listEventForAllNamespaces().execute().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void deletesTerminatedTaintsAndUntaintsShutDownKeepsOnErrorsAndLeavesReadyNodesAlone() throws Exception {
    try (ControllerHarness h = start()) {
      CoreV1Api api = h.core();
      for (String name : List.of("ready-a", "ready-b", "ready-c", "stopped", "flaky")) {
        h.cloud().addInstance(FakeInstance.builder(name).build());
      }
      h.cloud().addInstance(FakeInstance.builder("terminated").state(InstanceState.TERMINATED).build());
      h.cloud().setInstanceState("stopped", InstanceState.STOPPED);
      h.cloud().failAlways(Operation.INSTANCE_EXISTS, "flaky", new CloudProviderException("cloud API is down"));
      for (String name : List.of("ready-a", "ready-b", "ready-c")) {
        node(api, name, "True");
      }
      node(api, "terminated", "False");
      node(api, "stopped", "Unknown");
      node(api, "flaky", "False");

      await().atMost(WAIT).until(() -> !exists(api, "terminated"));
      await().atMost(WAIT).until(() -> events(api, "DeletingNode").stream()
          .anyMatch(e -> e.getInvolvedObject().getName().equals("terminated") && e.getType().equals("Normal")
              && e.getMessage().equals("Deleting node terminated because it does not exist in the cloud provider")));
      assertThat(events(api, "DeletingNode")).allSatisfy(e -> assertThat(e.getSource().getComponent())
          .isEqualTo("cloud-node-lifecycle-controller"));
      await().atMost(WAIT).until(() -> tainted(api, "stopped"));

      h.cloud().setInstanceState("stopped", InstanceState.RUNNING);
      await().atMost(WAIT).until(() -> !tainted(api, "stopped"));

      h.cloud().setInstanceState("stopped", InstanceState.STOPPED);
      await().atMost(WAIT).until(() -> tainted(api, "stopped"));
      new NodePatches(h.client()).setCondition("stopped",
          new V1NodeCondition().type(WellKnown.CONDITION_READY).status("True"));
      await().atMost(WAIT).until(() -> !tainted(api, "stopped"));

      await().atMost(WAIT).until(() -> h.cloud().calls(Operation.INSTANCE_EXISTS).stream()
          .filter(c -> c.target().equals("flaky")).count() >= 3);
      assertThat(exists(api, "flaky")).isTrue();
      assertThat(h.cloud().calls()).noneMatch(c -> c.target().startsWith("ready-"));
      assertThat(h.metrics()).contains("cloud_node_lifecycle_nodes_deleted_total 1.0");
    }
  }

  @Test
  void monitoringPassesRunOnTheRuntimeClock() throws Exception {
    ManualClock clock = new ManualClock();
    try (ControllerHarness h = ControllerHarness.builder().clock(clock)
        .options(o -> o.nodeMonitorPeriod(Duration.ofHours(1)))
        .controller(ControllerNames.CLOUD_NODE_LIFECYCLE, CloudNodeLifecycleController.factory())
        .start()) {
      CoreV1Api api = h.core();
      h.cloud().addInstance(FakeInstance.builder("stopped").build());
      h.cloud().setInstanceState("stopped", InstanceState.STOPPED);
      node(api, "stopped", "Unknown");
      // an hourly pass on the real clock would never come within the wait: only the manual clock can drive it
      await().atMost(WAIT).until(() -> {
        clock.advance(Duration.ofHours(1));
        return tainted(api, "stopped");
      });
      assertThat(h.manager().healthChecks()).allSatisfy(c -> assertThat(c.check().healthy()).isTrue());
    }
  }

  @Test
  void theSafetyValveKeepsTheClusterWhenTheCloudSaysEveryInstanceIsGone() throws Exception {
    try (ControllerHarness h = start()) {
      CoreV1Api api = h.core();
      for (int i = 0; i < 4; i++) {
        node(api, "node-" + i, "Unknown");
      }

      await().atMost(WAIT).until(() -> events(api, "NodeDeletionThrottled").stream()
          .map(e -> e.getInvolvedObject().getName()).distinct().count() == 4);
      await().atMost(WAIT).until(() -> refused(h) >= 8);
      assertThat(api.listNode().execute().getItems()).hasSize(4);
      assertThat(events(api, "NodeDeletionThrottled")).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
      assertThat(h.metrics()).contains("cloud_node_lifecycle_nodes_deleted_total 0.0");
    }
  }

  private static double refused(ControllerHarness h) {
    Matcher m = Pattern.compile("(?m)^cloud_node_lifecycle_deletions_refused_total "
        + "(\\S+)$").matcher(h.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void skippedWithoutAnyInstancesCapability() {
    try (ControllerHarness h = ControllerHarness.builder()
        .cloud(new FakeCloud().disable(Capability.INSTANCES)
            .disable(Capability.INSTANCES_V2))
        .controller(ControllerNames.CLOUD_NODE_LIFECYCLE, CloudNodeLifecycleController.factory())
        .start()) {
      assertThat(h.manager().runningControllers()).isEmpty();
    }
  }
}
