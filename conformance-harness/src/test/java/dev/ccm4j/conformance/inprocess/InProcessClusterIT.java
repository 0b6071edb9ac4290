package dev.ccm4j.conformance.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class InProcessClusterIT {

  @Test
  void nodesCannotJoinWithoutAFixtureToCreateTheirInstances() {
    FakeCloud cloud = new FakeCloud();
    InProcessCluster cluster = InProcessCluster.builder().provider(cloud).withoutFixture().build();

    assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot join 3 nodes: there is no fixture for provider fake");
    assertThat(cloud.isClosed()).as("the provider is closed when start fails").isTrue();
  }

  @Test
  void withoutAFixtureTheDisruptiveSpecsAreSkippedSayingWhy() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.builder().provider("fake").withoutFixture().nodes(0)
        .timeouts(E2eRuns.testTimeouts()).build().start()) {
      assertThat(cluster.fixture()).isEmpty();
      assertThat(cluster.nodePool()).isEmpty();

      EngineExecutionResults results = E2eRuns.run(cluster, List.of("dev.ccm4j.conformance.e2e.NodeDeletionE2e"));

      assertThat(results.testEvents().aborted().stream()
          .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage()))
          .as(E2eRuns.outcomes(results)).hasSize(2)
          .allSatisfy(m -> assertThat(m).contains("no fixture for provider fake"));
    }
  }

  @Test
  void routesAreExpectedOnlyWhenTheProviderAndTheControllersProvideThem() throws Exception {
    FakeCloud cloud = new FakeCloud();
    cloud.disable(Capability.ROUTES);
    try (InProcessCluster cluster = InProcessCluster.builder().provider(cloud).nodes(0).build().start()) {
      assertThat(cluster.routesExpected()).isFalse();
    }
    try (InProcessCluster cluster = InProcessCluster.builder().provider("fake").nodes(0).build().start()) {
      assertThat(cluster.routesExpected()).isTrue();
    }
  }

  @Test
  void closeStopsTheCcmReleasingItsLeaseAndRemovesTheKubeconfig() throws Exception {
    InProcessCluster cluster = InProcessCluster.builder().provider("fake").nodes(1).build().start();
    Path kubeconfig = cluster.kubeconfig();
    String holder;
    try {
      CoreV1Api core = new CoreV1Api(cluster.client());
      assertThat(core.listNode().execute().getItems()).hasSize(1);
      // the lease is held a moment before the controllers it starts are running: wait for the controllers
      List<String> expected = List.of(ControllerNames.SERVICE_LB, ControllerNames.NODE_ROUTE,
          ControllerNames.NODE_IPAM);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .pollInterval(java.time.Duration.ofMillis(50))
          .until(() -> cluster.manager().runningControllers().containsAll(expected));
      assertThat(cluster.manager().isLeader()).isTrue();
      assertThat(cluster.manager().runningControllers()).containsAll(expected);
      CoordinationV1Api leases = new CoordinationV1Api(cluster.client());

      cluster.manager().close();
      holder = leases.readNamespacedLease("cloud-controller-manager", "kube-system").execute().getSpec()
          .getHolderIdentity();
    } finally {
      // a failed assertion must not leak the cluster's threads into the other tests of this JVM
      cluster.close();
    }

    assertThat(holder).as("lease holder after the CCM stopped").isNullOrEmpty();
    assertThat(kubeconfig).doesNotExist();
    assertThat(((FakeCloud) cluster.provider()).isClosed()).isTrue();
  }
}
