package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeCloudFixtureFactory;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TckExtension}: one target per test, an initialized provider without Kubernetes clients, closed after. */
class TckExtensionTest {
  static final Queue<FakeCloud> CLOUDS = new ConcurrentLinkedQueue<>();
  static final Queue<TckTarget> TARGETS = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void forget() {
    CLOUDS.clear();
    TARGETS.clear();
  }

  @Test
  void opensAnInitializedProviderAndItsFixturePerTestAndClosesThemAfter() {
    SuiteRun run = SuiteRun.of(Probe.class);

    assertThat(run.failed()).isEmpty();
    assertThat(run.succeeded()).containsExactlyInAnyOrder("first", "second");
    assertThat(CLOUDS).hasSize(2).allMatch(FakeCloud::isClosed, "closed").allMatch(c -> c.allInstances().isEmpty(),
        "without the fixture's instances");
    assertThat(TARGETS).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void closesTheProviderWhenItsFixtureCannotBeCreated() {
    SuiteRun run = SuiteRun.of(BrokenFixture.class);

    assertThat(run.failed()).containsOnlyKeys("never");
    assertThat(run.failed().get("never")).hasMessageContaining("could not open the provider under test")
        .hasMessageContaining("no fixture today");
    assertThat(CLOUDS).singleElement().matches(FakeCloud::isClosed, "closed");
  }

  private static FakeCloud newCloud() {
    FakeCloud cloud = new FakeCloud();
    CLOUDS.add(cloud);
    return cloud;
  }

  static class Probe {
    @RegisterExtension
    static final TckExtension TCK = TckExtension.of(TckExtensionTest::newCloud, new FakeCloudFixtureFactory(),
        "probe-cluster");

    @Test
    void first(TckTarget target, TckTarget same) {
      assertThat(same).isSameAs(target);
      check(target);
    }

    @Test
    void second(TckTarget target) {
      check(target);
    }

    private static void check(TckTarget target) {
      TARGETS.add(target);
      assertThat(target.clusterName()).isEqualTo("probe-cluster");
      FakeCloud cloud = (FakeCloud) target.provider();
      assertThat(cloud.isClosed()).isFalse();
      ProviderContext context = cloud.context().orElseThrow();
      assertThat(context.clusterName()).isEqualTo("probe-cluster");
      assertThatThrownBy(() -> context.clients().client("probe")).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("no Kubernetes client in the TCK").hasMessageContaining("probe");
      target.fixture().createInstance(Tck.uniqueName("probe"));
    }
  }

  static class BrokenFixture {
    @RegisterExtension
    static final TckExtension TCK = TckExtension.of(TckExtensionTest::newCloud, new CloudFixtureFactory() {
      @Override
      public String providerName() {
        return "fake";
      }

      @Override
      public CloudFixture create(CloudProvider provider, String clusterName) {
        throw new IllegalStateException("no fixture today");
      }
    }, "probe-cluster");

    @Test
    void never(TckTarget target) {
      throw new AssertionError("must not run without a target");
    }
  }
}
