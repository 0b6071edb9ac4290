package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.ConformanceSessions;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeCloudFixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;

/** The harness-driven TCK takes its provider from the run's conformance session, one fresh target per contract. */
class ConfiguredProviderTckTest {

  @Test
  void runsEveryContractAgainstTheSessionsProviderWithAFreshTargetPerContract() {
    Queue<FakeCloud> opened = new ConcurrentLinkedQueue<>();
    TckTargetFactory factory = () -> {
      FakeCloud cloud = new FakeCloud();
      opened.add(cloud);
      return new TckTarget(cloud, new FakeCloudFixture(cloud), "session-cluster");
    };
    String id = ConformanceSessions.register(new ConformanceSession(Optional.of(factory), Optional.empty()));
    try {
      SuiteRun run = SuiteRun.run(Map.of(ConformanceSessions.CONFIG_KEY, id),
          selectClass(ConfiguredProviderTck.class));

      assertThat(run.failed()).isEmpty();
      assertThat(run.aborted()).isEmpty();
      assertThat(run.succeeded()).hasSize(allContracts());
      assertThat(opened).hasSize(allContracts());
      assertThat(opened).allMatch(FakeCloud::isClosed, "closed after its contract");
      assertThat(opened).allMatch(c -> c.allInstances().isEmpty(), "fixture removed its instances");
      List<String> containers = run.results().containerEvents().started().stream()
          .map(e -> e.getTestDescriptor()).filter(TestDescriptor::isContainer)
          .map(TestDescriptor::getDisplayName).toList();
      assertThat(containers).contains("[sig-cloud-provider] [ccm4j] Provider TCK");
      assertThat(run.results().testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
          .contains("LoadBalancer [Feature:LoadBalancer] ensure is idempotent",
              "InstancesV2 exists is true for a stopped instance",
              "Routes [Feature:Routes] create, list and delete round trip");
    } finally {
      ConformanceSessions.remove(id);
    }
  }

  @Test
  void failsEveryContractClearlyWhenNotLaunchedByTheRunner() {
    SuiteRun run = SuiteRun.run(Map.of(), selectClass(ConfiguredProviderTck.class));
    assertThat(run.succeeded()).isEmpty();
    assertThat(run.failed()).hasSize(allContracts());
    assertThat(run.failed().values())
        .allSatisfy(e -> assertThat(e).hasMessageContaining(ConformanceSessions.CONFIG_KEY));
  }

  @Test
  void failsEveryContractClearlyWhenTheSessionHasNoProviderUnderTest() {
    String id = ConformanceSessions.register(new ConformanceSession(Optional.empty(), Optional.empty()));
    try {
      SuiteRun run = SuiteRun.run(Map.of(ConformanceSessions.CONFIG_KEY, id),
          selectClass(ConfiguredProviderTck.class));
      assertThat(run.succeeded()).isEmpty();
      assertThat(run.failed()).hasSize(allContracts());
      assertThat(run.failed().values()).allSatisfy(e -> assertThat(e)
          .hasMessageContaining("no provider under test for the TCK"));
    } finally {
      ConformanceSessions.remove(id);
    }
  }

  private static int allContracts() {
    return SuiteRun.contracts(InstancesContract.class).size() + SuiteRun.contracts(InstancesV2Contract.class).size()
        + SuiteRun.contracts(LoadBalancerContract.class).size() + SuiteRun.contracts(RoutesContract.class).size()
        + SuiteRun.contracts(ZonesContract.class).size();
  }
}
