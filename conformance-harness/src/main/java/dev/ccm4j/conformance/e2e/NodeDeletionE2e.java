package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.api.fixture.CloudFixture;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.Comparator;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cloud node lifecycle controller's contract: a node whose instance is gone from the cloud is deleted, and a
 * node whose instance is shut down is tainted until it runs again. Without a node pool these specs break a real
 * worker node, hence {@code [Disruptive]}.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-cloud-provider] [ccm4j] Nodes [Disruptive]")
public final class NodeDeletionE2e {

  @Test
  @DisplayName("should be deleted on API server if it doesn't exist in the cloud provider")
  void deletesNodeOfTerminatedInstance(E2eEnvironment env) throws Exception {
    CloudFixture fixture = requireFixture(env);
    Nodes nodes = new Nodes(env);
    V1Node victim = victim(env, nodes);
    String name = Nodes.name(victim);
    String providerId = Nodes.providerId(victim);
    orSkip("terminate", () -> fixture.terminateInstance(providerId));
    Waits.until("node " + name + " to be deleted after its instance " + providerId + " was terminated",
        env.timeouts().nodeDeletion(), env.timeouts().poll(), () -> nodes.find(name), Optional::isEmpty,
        n -> n.map(Nodes::describe).orElse("gone"));
  }

  @Test
  @DisplayName("should taint a shut down node and untaint it when it runs again")
  void taintsShutDownNode(E2eEnvironment env) throws Exception {
    CloudFixture fixture = requireFixture(env);
    Nodes nodes = new Nodes(env);
    V1Node victim = victim(env, nodes);
    String name = Nodes.name(victim);
    String providerId = Nodes.providerId(victim);
    orSkip("stop", () -> fixture.stopInstance(providerId));
    boolean stopped = true;
    try {
      awaitShutdownTaint(env, nodes, name, true, "after its instance " + providerId + " was stopped");
      fixture.startInstance(providerId);
      stopped = false;
      awaitShutdownTaint(env, nodes, name, false, "after its instance " + providerId + " was started again");
    } finally {
      if (stopped) {
        fixture.startInstance(providerId);
      }
    }
  }

  private static void awaitShutdownTaint(E2eEnvironment env, Nodes nodes, String name, boolean present,
      String when) throws InterruptedException {
    Waits.until("node " + name + (present ? " to get" : " to lose") + " the " + WellKnown.TAINT_SHUTDOWN
        + " taint " + when, env.timeouts().nodeDeletion(), env.timeouts().poll(), () -> nodes.find(name),
        n -> n.isPresent() && Nodes.hasTaint(n.get(), WellKnown.TAINT_SHUTDOWN) == present,
        n -> n.map(Nodes::describe).orElse("node " + name + " does not exist"));
  }

  /** Runs a fixture operation, skipping the spec when the cloud cannot do it. */
  private static void orSkip(String operation, Runnable step) {
    try {
      step.run();
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("the fixture cannot " + operation + " instances: " + e.getMessage());
    }
  }

  private static CloudFixture requireFixture(E2eEnvironment env) {
    Optional<CloudFixture> fixture = env.fixture();
    Assumptions.assumeTrue(fixture.isPresent(), "no fixture for provider " + env.providerName()
        + ": the suite cannot change instances in the cloud");
    return fixture.get();
  }

  /** A fresh node from the pool, or else a Ready, initialized worker (never a control-plane node). */
  private static V1Node victim(E2eEnvironment env, Nodes nodes) throws Exception {
    if (env.nodePool().isPresent()) {
      return nodes.joinInitialized(env.nodePool().get());
    }
    Optional<V1Node> worker = nodes.live().stream()
        .filter(n -> Nodes.ready(n) && Nodes.initialized(n) && !Nodes.controlPlane(n))
        .max(Comparator.comparing(Nodes::name));
    Assumptions.assumeTrue(worker.isPresent(), "no Ready, initialized worker node to disrupt");
    return worker.get();
  }
}
