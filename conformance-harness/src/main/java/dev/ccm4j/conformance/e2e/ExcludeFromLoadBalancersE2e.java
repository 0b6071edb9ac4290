package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node labelled {@code node.kubernetes.io/exclude-from-external-load-balancers} leaves every load balancer's
 * backends, and comes back when the label goes; the Service keeps its ingress throughout.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-network] [ccm4j] LoadBalancers [Feature:LoadBalancer]")
public final class ExcludeFromLoadBalancersE2e {
  private static final String LABEL = WellKnown.LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS;

  @Test
  @DisplayName("should remove a node labelled node.kubernetes.io/exclude-from-external-load-balancers from the"
      + " backends and add it back when the label is removed [Serial]")
  void excludesLabelledNode(E2eEnvironment env, E2eNamespace ns) throws Exception {
    Assumptions.assumeTrue(env.loadBalancerNaming().isPresent(),
        "provider " + env.providerName() + " offers no LoadBalancer");
    Nodes nodes = new Nodes(env);
    List<V1Node> schedulable = schedulable(nodes);
    if (env.nodePool().isPresent()) {
      for (int i = schedulable.size(); i < 2; i++) {
        nodes.joinInitialized(env.nodePool().get());
      }
      schedulable = schedulable(nodes);
    }
    Assumptions.assumeTrue(schedulable.size() >= 2, "needs at least 2 schedulable nodes, the cluster has "
        + schedulable.size());
    String target = schedulable.stream().filter(n -> !Nodes.controlPlane(n)).findFirst()
        .orElse(schedulable.get(0)).getMetadata().getName();

    ServiceJig jig = new ServiceJig(env, ns, "lb-exclude");
    jig.createLoadBalancer(spec -> { });
    V1Service svc = jig.awaitIngress();
    Optional<CloudLoadBalancers> cloud = CloudLoadBalancers.of(env);
    NodePatches patches = new NodePatches(env.client());
    if (cloud.isPresent()) {
      awaitBackends(env, cloud.get(), nodes, svc, "all eligible nodes", b -> true);
    }
    boolean labelled = false;
    try {
      patches.patchLabels(target, Collections.singletonMap(LABEL, "true"));
      labelled = true;
      if (cloud.isPresent()) {
        awaitBackends(env, cloud.get(), nodes, svc, "all eligible nodes, without the excluded " + target,
            b -> !b.contains(target));
      }
      assertThat(ServiceJig.hasIngress(jig.get())).as("%s keeps its ingress while %s is excluded", jig.key(),
          target).isTrue();
      patches.patchLabels(target, Collections.singletonMap(LABEL, null));
      labelled = false;
      if (cloud.isPresent()) {
        awaitBackends(env, cloud.get(), nodes, svc, "all eligible nodes, with " + target + " back",
            b -> b.contains(target));
      }
    } finally {
      if (labelled) {
        patches.patchLabels(target, Collections.singletonMap(LABEL, null));
      }
    }
    assertThat(ServiceJig.hasIngress(jig.get())).as("%s keeps its ingress", jig.key()).isTrue();
    jig.delete();
    jig.awaitDeleted();
  }

  private static List<V1Node> schedulable(Nodes nodes) throws Exception {
    List<V1Node> result = new ArrayList<>(nodes.live().stream().filter(Nodes::schedulable).toList());
    result.sort(Comparator.comparing(Nodes::name));
    return result;
  }

  /** Waits until the load balancer's backends are exactly the eligible nodes and {@code also} holds for them. */
  private static void awaitBackends(E2eEnvironment env, CloudLoadBalancers cloud, Nodes nodes, V1Service svc,
      String what, Predicate<Set<String>> also) throws InterruptedException {
    String name = cloud.nameOf(svc);
    Waits.until("the backends of cloud load balancer " + name + " to be " + what, env.timeouts().loadBalancerCreate(),
        env.timeouts().poll(),
        () -> new Backends(env.fixture().orElseThrow().loadBalancer(name), eligible(nodes.live())),
        b -> b.lb().isPresent() && b.lb().get().backendNodes().equals(b.eligible())
            && also.test(b.lb().get().backendNodes()),
        b -> CloudLoadBalancers.describe(b.lb()) + "; eligible nodes: " + b.eligible());
  }

  /** Upstream's backend predicate: not excluded by label, not about to be removed by the cluster autoscaler. */
  static Set<String> eligible(List<V1Node> live) {
    return live.stream()
        .filter(n -> !excluded(Nodes.labels(n).get(LABEL)))
        .filter(n -> !Nodes.hasTaint(n, WellKnown.TAINT_TO_BE_DELETED_BY_CLUSTER_AUTOSCALER))
        .map(Nodes::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Absent or a Go false is included; anything else, unparseable values too, excludes, as upstream does. */
  private static boolean excluded(String value) {
    return value != null && !Set.of("0", "f", "F", "FALSE", "false", "False").contains(value);
  }

  private record Backends(Optional<FixtureLoadBalancer> lb, Set<String> eligible) {}
}
