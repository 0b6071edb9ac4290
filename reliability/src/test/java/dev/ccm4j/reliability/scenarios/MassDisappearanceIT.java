package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.reliability.harness.Await;
import dev.ccm4j.reliability.harness.Campaign;
import dev.ccm4j.reliability.harness.Ccm;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.Sizes;
import dev.ccm4j.reliability.harness.Vendor;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Mass disappearance: 80% of the cluster's instances are terminated in the cloud at once (their kubelets go silent,
 * their Nodes NotReady). The node lifecycle controller's safety valve must delete none of them, emit its Warning
 * {@code NodeDeletionThrottled} on each and count {@code cloud_node_lifecycle_deletions_refused_total}; a genuine
 * single termination just before is still handled (that Node is deleted).
 *
 * <p>Size: {@code reliability.disappearance.nodes} Nodes take part in the mass disappearance (one more joins for
 * the single termination).
 */
class MassDisappearanceIT {
  private static final int NODES = Math.max(5, Sizes.count("reliability.disappearance.nodes", 10));
  private static final Duration START = Duration.ofSeconds(90);
  private static final String THROTTLED = "NodeDeletionThrottled";
  /** Passes of the lifecycle controller (one a second) the refusal must hold for. */
  private static final Duration HOLD = Duration.ofSeconds(8);

  @Test
  void eightyPercentMissingAtOnceDeletesNothingButASingleTerminationIsHandled() throws Exception {
    long began = System.nanoTime();
    try (Campaign campaign = Campaign.start("mass-disappearance", Vendor.ALIBABA, NODES + 1)) {
      campaign.run(() -> massScenario(campaign, began));
    }
  }

  private static Set<String> expectedAfterSingle(List<ControlInstance> instances) {
    Set<String> s = new TreeSet<>();
    instances.subList(1, instances.size()).forEach(i -> s.add(Campaign.nodeName(i)));
    return s;
  }

  private static List<V1Node> nodes(Campaign campaign) {
    try {
      return campaign.core().listNode().execute().getItems();
    } catch (ApiException e) {
      throw new IllegalStateException("listing Nodes failed: " + e.getCode(), e);
    }
  }

  private static Set<String> names(Campaign campaign) {
    Set<String> s = new TreeSet<>();
    nodes(campaign).forEach(n -> s.add(n.getMetadata().getName()));
    return s;
  }

  private static boolean initialized(V1Node n) {
    List<V1Taint> taints = n.getSpec() == null ? null : n.getSpec().getTaints();
    return taints == null || taints.stream().noneMatch(t -> "node.cloudprovider.kubernetes.io/uninitialized"
        .equals(t.getKey()));
  }

  private static Set<String> throttledNodes(Campaign campaign) {
    try {
      Set<String> s = new TreeSet<>();
      for (CoreV1Event e : campaign.core().listEventForAllNamespaces().execute().getItems()) {
        if (THROTTLED.equals(e.getReason()) && "Warning".equals(e.getType()) && e.getInvolvedObject() != null
            && "Node".equals(e.getInvolvedObject().getKind())) {
          s.add(e.getInvolvedObject().getName());
        }
      }
      return s;
    } catch (ApiException e) {
      throw new IllegalStateException("listing Events failed: " + e.getCode(), e);
    }
  }

  private static void massScenario(Campaign campaign, long began) throws Exception {
    List<ControlInstance> instances = campaign.joinNodes();
    assertThat(instances).hasSize(NODES + 1);
    Ccm ccm = campaign.startCcm("ccm", "--cloud-api-qps=100", "--cloud-api-burst=200");
    ccm.awaitLeading(START);
    Await.until("every Node initialized", Duration.ofSeconds(60), () -> nodes(campaign).stream()
        .allMatch(MassDisappearanceIT::initialized) && nodes(campaign).size() == NODES + 1);

    // a genuine single termination is handled: that Node goes
    ControlInstance single = instances.get(0);
    campaign.cloud().terminateInstance(single.id());
    campaign.kubelets().stop(Campaign.nodeName(single));
    long t0 = System.nanoTime();
    Await.until("the Node of the single terminated instance deleted", Duration.ofSeconds(60),
        () -> names(campaign).equals(expectedAfterSingle(instances)));
    long singleDeleted = System.nanoTime() - t0;
    double deletedBefore = ccm.metrics().sum("cloud_node_lifecycle_nodes_deleted_total");
    assertThat(deletedBefore).as("nodes deleted after the single termination").isEqualTo(1.0);

    // 80% of the rest vanish at once
    List<ControlInstance> rest = instances.subList(1, instances.size());
    int missing = (int) Math.round(rest.size() * 0.8);
    List<ControlInstance> gone = rest.subList(0, missing);
    long t1 = System.nanoTime();
    for (ControlInstance i : gone) {
      campaign.cloud().terminateInstance(i.id());
    }
    for (ControlInstance i : gone) {
      campaign.kubelets().stop(Campaign.nodeName(i));
    }
    Set<String> goneNames = new TreeSet<>();
    gone.forEach(i -> goneNames.add(Campaign.nodeName(i)));
    Await.until("a NodeDeletionThrottled Warning on every Node reported missing", Duration.ofSeconds(60),
        () -> {
          Set<String> deletedNodes = new TreeSet<>(goneNames);
          deletedNodes.removeAll(names(campaign));
          // fail at once rather than wait out the deadline: the Nodes cannot come back
          assertThat(deletedNodes).as("Nodes deleted although 80% went missing at once").isEmpty();
          return throttledNodes(campaign).containsAll(goneNames);
        });
    long refusedAfter = System.nanoTime() - t1;
    Thread.sleep(HOLD.toMillis());

    Set<String> left = names(campaign);
    double refused = ccm.metrics().sum("cloud_node_lifecycle_deletions_refused_total");
    double deleted = ccm.metrics().sum("cloud_node_lifecycle_nodes_deleted_total");
    new Figures("mass disappearance (alibaba)")
        .put("Nodes", NODES)
        .put("reported missing", missing + " (" + Math.round(100.0 * missing / rest.size()) + "%)")
        .put("deleted", (int) (deleted - deletedBefore))
        .put("refusals counted", (long) refused)
        .put("Nodes with Warning " + THROTTLED, throttledNodes(campaign).size())
        .seconds("first refusal after", refusedAfter)
        .seconds("single termination deleted after", singleDeleted)
        .seconds("scenario time", System.nanoTime() - began)
        .print();
    assertThat(left).as("no Node deleted by the mass disappearance").containsAll(goneNames).hasSize(NODES);
    assertThat(deleted).as("cloud_node_lifecycle_nodes_deleted_total").isEqualTo(deletedBefore);
    assertThat(refused).as("cloud_node_lifecycle_deletions_refused_total").isGreaterThanOrEqualTo(missing);
  }
}
