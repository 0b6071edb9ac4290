package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.api.fixture.FixtureInstance;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cloud node controller's contract: every node that joins with the uninitialized taint gets its provider ID,
 * topology labels and addresses from the cloud, and then loses the taint.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-cloud-provider] [ccm4j] Nodes")
public final class NodeInitializationE2e {

  @Test
  @DisplayName("should initialize nodes: taint removed, provider ID, topology labels and addresses")
  void initializesNodes(E2eEnvironment env) throws Exception {
    Nodes nodes = new Nodes(env);
    Optional<String> joined = Optional.empty();
    if (env.nodePool().isPresent()) {
      joined = Optional.of(Nodes.name(nodes.joinInitialized(env.nodePool().get())));
    }
    List<V1Node> checked = Waits.until("every node to be initialized by the CCM", env.timeouts().nodeInitialization(),
        env.timeouts().poll(), nodes::live,
        list -> !list.isEmpty() && list.stream().allMatch(n -> problems(env, n).isEmpty()),
        list -> list.isEmpty() ? "no nodes in the cluster" : list.stream().filter(n -> !problems(env, n).isEmpty())
            .map(n -> Nodes.name(n) + ": " + String.join(", ", problems(env, n)) + " [" + Nodes.describe(n) + "]")
            .collect(Collectors.joining("; ")));
    joined.ifPresent(name -> assertThat(checked).extracting(Nodes::name).as("nodes checked").contains(name));
  }

  /** What is wrong with a node, empty when it is initialized as the contract says. */
  static List<String> problems(E2eEnvironment env, V1Node n) {
    List<String> problems = new ArrayList<>();
    if (Nodes.hasTaint(n, WellKnown.TAINT_UNINITIALIZED)) {
      problems.add("still has the " + WellKnown.TAINT_UNINITIALIZED + " taint");
    }
    String providerId = Nodes.providerId(n);
    if (providerId.isEmpty()) {
      problems.add("spec.providerID is empty");
    } else if (!env.ownsProviderId(providerId)) {
      problems.add("spec.providerID " + providerId + " is not in the format provider " + env.providerName()
          + " writes");
    }
    Map<String, String> labels = Nodes.labels(n);
    for (String label : List.of(WellKnown.LABEL_ZONE, WellKnown.LABEL_REGION)) {
      if (labels.getOrDefault(label, "").isEmpty()) {
        problems.add("label " + label + " is missing");
      }
    }
    List<V1NodeAddress> addresses = n.getStatus() == null || n.getStatus().getAddresses() == null ? List.of()
        : n.getStatus().getAddresses();
    if (addresses.isEmpty()) {
      problems.add("status.addresses is empty");
    }
    env.fixture().filter(CreatedInstances.class::isInstance).map(CreatedInstances.class::cast)
        .flatMap(f -> f.createdInstance(Nodes.name(n)))
        .ifPresent(instance -> problems.addAll(mismatches(instance, n, labels, addresses)));
    return problems;
  }

  /** Where a node the fixture made the instance for differs from what the cloud says about that instance. */
  private static List<String> mismatches(FixtureInstance instance, V1Node n, Map<String, String> labels,
      List<V1NodeAddress> addresses) {
    List<String> problems = new ArrayList<>();
    if (!instance.providerId().isEmpty() && !instance.providerId().equals(Nodes.providerId(n))) {
      problems.add("spec.providerID is not the instance's " + instance.providerId());
    }
    Set<String> nodeAddresses = addresses.stream().map(a -> a.getType() + ":" + a.getAddress())
        .collect(Collectors.toSet());
    List<String> missing = instance.addresses().stream().map(a -> a.getType() + ":" + a.getAddress())
        .filter(a -> !nodeAddresses.contains(a)).toList();
    if (!missing.isEmpty()) {
      problems.add("status.addresses lack the instance's " + missing);
    }
    expectLabel(problems, labels, WellKnown.LABEL_ZONE, instance.zone());
    expectLabel(problems, labels, WellKnown.LABEL_REGION, instance.region());
    expectLabel(problems, labels, WellKnown.LABEL_INSTANCE_TYPE, instance.instanceType());
    return problems;
  }

  private static void expectLabel(List<String> problems, Map<String, String> labels, String label, String value) {
    if (!value.isEmpty() && !value.equals(labels.get(label))) {
      problems.add("label " + label + " is " + labels.get(label) + ", the instance's is " + value);
    }
  }
}
