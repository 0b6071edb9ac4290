package dev.ccm4j.conformance.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.SuiteCatalog;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.PatchUtils;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The whole end-to-end suite against the CCM with the fake cloud in an in-process cluster, and a rogue CCM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessE2eIT {
  private static final String ROGUE_INGRESS = "198.51.100.7";

  private InProcessCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = InProcessCluster.builder().provider("fake").timeouts(E2eRuns.testTimeouts()).build().start();
  }

  @AfterAll
  void stopCluster() throws InterruptedException {
    cluster.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("simulated-kubelets") || t.getName().startsWith("kube-api-emulator-")) {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).as("thread %s after close", t.getName()).isFalse();
      }
    }
  }

  @Test
  void everyScenarioPassesAgainstTheFakeCloud() {
    assertThat(cluster.provider()).isInstanceOf(FakeCloud.class);
    assertThat(cluster.kubeconfig()).exists();

    EngineExecutionResults results = E2eRuns.run(cluster, SuiteCatalog.E2E);

    assertThat(E2eRuns.problems(results)).as("specs that did not pass; all outcomes:%n%s", E2eRuns.outcomes(results))
        .isEmpty();
    assertThat(results.testEvents().succeeded().count()).as(E2eRuns.outcomes(results)).isEqualTo(9);
    assertThat(results.containerEvents().failed().count()).isZero();
  }

  @Test
  void aCcmThatWritesTheStatusOfAForeignClassFailsTheClassScenarios() throws Exception {
    Thread rogue = new Thread(() -> overwriteForeignStatus(new CoreV1Api(cluster.client())), "rogue-ccm");
    rogue.setDaemon(true);
    rogue.start();
    EngineExecutionResults results;
    try {
      results = E2eRuns.run(cluster, List.of("dev.ccm4j.conformance.e2e.LoadBalancerClassE2e"));
    } finally {
      rogue.interrupt();
      rogue.join(TimeUnit.SECONDS.toMillis(10));
    }

    assertThat(results.testEvents().failed().count()).as(E2eRuns.outcomes(results)).isEqualTo(2);
    assertThat(E2eRuns.problems(results)).allSatisfy(p -> assertThat(p).contains("observed").contains(ROGUE_INGRESS));
  }

  /** What a CCM that ignores loadBalancerClass does: it gives every LoadBalancer Service its own ingress. */
  private static void overwriteForeignStatus(CoreV1Api api) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        for (V1Service svc : api.listServiceForAllNamespaces().execute().getItems()) {
          boolean foreign = svc.getSpec().getLoadBalancerClass() != null;
          if (foreign && !String.valueOf(svc.getStatus()).contains(ROGUE_INGRESS)) {
            PatchUtils.patch(V1Service.class, () -> api.patchNamespacedServiceStatus(svc.getMetadata().getName(),
                svc.getMetadata().getNamespace(), new V1Patch("{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\""
                    + ROGUE_INGRESS + "\"}]}}}")).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                api.getApiClient());
          }
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (ApiException | RuntimeException e) {
        // a Service deleted between list and patch; the next round sees the current state
      }
    }
  }
}
