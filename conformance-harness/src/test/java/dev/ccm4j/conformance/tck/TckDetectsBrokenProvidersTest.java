package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.Route;
import dev.ccm4j.conformance.tck.Forwarding.ForwardingInstances;
import dev.ccm4j.conformance.tck.Forwarding.ForwardingInstancesV2;
import dev.ccm4j.conformance.tck.Forwarding.ForwardingLoadBalancer;
import dev.ccm4j.conformance.tck.Forwarding.ForwardingRoutes;
import dev.ccm4j.testkit.cloud.BalancerIngress;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeCloudFixture;
import dev.ccm4j.testkit.cloud.FakeLoadBalancer;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TCK can fail: each deliberately broken provider, a small decorator around {@link FakeCloud}, fails exactly
 * the contract it breaks and passes the others.
 */
class TckDetectsBrokenProvidersTest {
  private static final Set<String> LB = SuiteRun.contracts(LoadBalancerContract.class);
  private static final String INTERRUPTED = "loadBalancerDeleteAfterAnInterruptedEnsure";

  @Test
  void aSecondEnsureThatRecreatesTheLoadBalancerFailsIdempotency() {
    assertFailsExactly(SuiteRun.of(RecreatingEnsure.class), LB, "loadBalancerEnsureIsIdempotent");
  }

  @Test
  void anUpdateThatKeepsRemovedNodesFailsTheHostsContract() {
    SuiteRun run = SuiteRun.of(UpdateKeepsRemovedNodes.class);
    assertFailsExactly(run, LB, "loadBalancerUpdateSetsExactlyTheGivenHosts");
    assertThat(run.failed().get("loadBalancerUpdateSetsExactlyTheGivenHosts")).hasMessageContaining("backends");
  }

  @Test
  void instancesThatReportAStoppedInstanceAsGoneFailTheExistsContracts() {
    Set<String> all = new HashSet<>(SuiteRun.contracts(InstancesContract.class));
    all.addAll(SuiteRun.contracts(InstancesV2Contract.class));
    assertFailsExactly(SuiteRun.of(StoppedLooksGone.class), all, "instancesExistsForAStoppedInstance",
        "instancesV2ExistsForAStoppedInstance");
  }

  @Test
  void aProviderThatMutatesTheServiceFailsTheReadOnlyContract() {
    SuiteRun run = SuiteRun.of(MutatesService.class);
    assertFailsExactly(run, LB, "loadBalancerArgumentsAreNotMutated");
    assertThat(run.failed().get("loadBalancerArgumentsAreNotMutated"))
        .hasMessageContaining("the Service after ensureLoadBalancer");
  }

  @Test
  void aDeleteThatThrowsWhenMissingFailsTheDeleteContracts() {
    assertFailsExactly(SuiteRun.of(DeleteThrowsWhenMissing.class), LB,
        "loadBalancerDeletingAMissingOneReturnsNormally", "loadBalancerDeleteLeavesNothingBehind");
  }

  @Test
  void routesMissingFromTheListFailTheDualStackContract() {
    assertFailsExactly(SuiteRun.of(ListDropsIpv6Routes.class), SuiteRun.contracts(RoutesContract.class),
        "routesDualStackRoutesAreBothListed");
  }

  @Test
  void aRetryAfterLongerThanAnHourIsRejected() {
    SuiteRun run = SuiteRun.of(RetryAfterTwoHours.class);
    assertThat(run.failed()).containsKey("loadBalancerRetryAfterIsWellFormed");
    assertThat(run.failed().get("loadBalancerRetryAfterIsWellFormed")).hasMessageContaining("retry-after")
        .hasMessageContaining("PT2H");
    assertThat(run.succeeded()).contains("loadBalancerDeletingAMissingOneReturnsNormally");
  }

  @Test
  void aProviderThatAsksForShortRetriesWhileProvisioningPassesEveryLoadBalancerContract() {
    assertFailsExactly(SuiteRun.of(SlowProvisioning.class), LB);
  }

  @Test
  void anEnsureThatClearsTheInterruptFlagFails() {
    SuiteRun run = SuiteRun.run(Map.of(), selectMethod(ClearsInterruptFlag.class, INTERRUPTED,
        TckTarget.class.getName()));
    assertThat(run.failed()).containsOnlyKeys(INTERRUPTED);
    assertThat(run.failed().get(INTERRUPTED)).hasMessageContaining("interrupt flag");

    SuiteRun honest = SuiteRun.run(Map.of(), selectMethod(HonoursInterrupts.class, INTERRUPTED,
        TckTarget.class.getName()));
    assertThat(honest.failed()).isEmpty();
    assertThat(honest.succeeded()).containsExactly(INTERRUPTED);
  }

  @Test
  void aProviderWithoutLoadBalancersHasTheLoadBalancerContractsSkippedWithTheReason() {
    SuiteRun run = SuiteRun.of(NoLoadBalancer.class);
    assertThat(run.aborted()).containsOnlyKeys(LB);
    assertThat(run.aborted().values()).containsOnly("Assumption failed: provider fake offers no LoadBalancer");
    assertThat(run.failed()).isEmpty();
    assertThat(run.succeeded()).hasSize(SuiteRun.contracts(InstancesContract.class).size()
        + SuiteRun.contracts(InstancesV2Contract.class).size() + SuiteRun.contracts(RoutesContract.class).size()
        + SuiteRun.contracts(ZonesContract.class).size());
  }

  private static void assertFailsExactly(SuiteRun run, Set<String> contracts, String... failing) {
    assertThat(run.failed().keySet()).as("failed contracts").containsExactlyInAnyOrder(failing);
    Set<String> passing = new HashSet<>(contracts);
    passing.removeAll(Set.of(failing));
    assertThat(run.succeeded()).as("passing contracts").containsExactlyInAnyOrderElementsOf(passing);
    assertThat(run.aborted()).as("skipped contracts").isEmpty();
  }

  /** A fresh fake cloud per test, wrapped by {@code broken}, with the fake's own fixture. */
  private static TckExtension broken(Function<FakeCloud, CloudProvider> broken) {
    return TckExtension.of(() -> {
      FakeCloud cloud = new FakeCloud();
      return new TckTarget(broken.apply(cloud), new FakeCloudFixture(cloud), "tck-cluster");
    });
  }

  static class RecreatingEnsure implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> {
      AtomicInteger next = new AtomicInteger(1);
      cloud.setIngressAllocator((service, inUse) -> BalancerIngress.ip("198.51.100." + next.getAndIncrement()));
      return Forwarding.Provider.of(cloud).loadBalancer(lb -> new ForwardingLoadBalancer(lb) {
        @Override
        public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
          delegate.ensureLoadBalancerDeleted(clusterName, service);
          return delegate.ensureLoadBalancer(clusterName, service, nodes);
        }
      });
    });
  }

  static class UpdateKeepsRemovedNodes implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).loadBalancer(lb ->
        new ForwardingLoadBalancer(lb) {
          @Override
          public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
            List<V1Node> union = new ArrayList<>(nodes);
            Set<String> given = new HashSet<>(nodes.stream().map(n -> n.getMetadata().getName()).toList());
            for (String kept : cloud.loadBalancer(clusterName, service).map(FakeLoadBalancer::nodes).orElseThrow()) {
              if (!given.contains(kept)) {
                union.add(new V1Node().metadata(new V1ObjectMeta().name(kept)));
              }
            }
            delegate.updateLoadBalancer(clusterName, service, union);
          }
        }));
  }

  static class StoppedLooksGone implements InstancesContract, InstancesV2Contract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).instances(
        v1 -> new ForwardingInstances(v1) {
          @Override
          public boolean instanceExistsByProviderId(String providerId) {
            return delegate.instanceExistsByProviderId(providerId)
                && !delegate.instanceShutdownByProviderId(providerId);
          }
        },
        v2 -> new ForwardingInstancesV2(v2) {
          @Override
          public boolean instanceExists(V1Node node) {
            return delegate.instanceExists(node) && !delegate.instanceShutdown(node);
          }
        }));
  }

  static class MutatesService implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).loadBalancer(lb ->
        new ForwardingLoadBalancer(lb) {
          @Override
          public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
            service.getMetadata().putAnnotationsItem("example.com/load-balancer-id", "lb-1");
            return delegate.ensureLoadBalancer(clusterName, service, nodes);
          }
        }));
  }

  static class DeleteThrowsWhenMissing implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).loadBalancer(lb ->
        new ForwardingLoadBalancer(lb) {
          @Override
          public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
            if (delegate.getLoadBalancer(clusterName, service).isEmpty()) {
              throw new CloudProviderException("load balancer not found");
            }
            delegate.ensureLoadBalancerDeleted(clusterName, service);
          }
        }));
  }

  static class ListDropsIpv6Routes implements RoutesContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).routes(routes ->
        new ForwardingRoutes(routes) {
          @Override
          public List<Route> listRoutes(String clusterName) {
            return delegate.listRoutes(clusterName).stream().filter(r -> !r.destinationCidr().contains(":")).toList();
          }
        }));
  }

  static class RetryAfterTwoHours implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> Forwarding.Provider.of(cloud).loadBalancer(lb ->
        new ForwardingLoadBalancer(lb) {
          @Override
          public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
            throw new RetryAfterException("load balancer still provisioning", Duration.ofHours(2));
          }
        }));
  }

  static class SlowProvisioning implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> {
      Set<String> provisioned = ConcurrentHashMap.newKeySet();
      return Forwarding.Provider.of(cloud).loadBalancer(lb -> new ForwardingLoadBalancer(lb) {
        @Override
        public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
          if (provisioned.add(service.getMetadata().getUid())) {
            throw new CloudProviderException("ensure failed",
                new RetryAfterException("load balancer provisioning", Duration.ofMillis(20)));
          }
          return delegate.ensureLoadBalancer(clusterName, service, nodes);
        }
      });
    });
  }

  static class ClearsInterruptFlag implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> {
      blockEnsures(cloud);
      return Forwarding.Provider.of(cloud).loadBalancer(lb -> new ForwardingLoadBalancer(lb) {
        @Override
        public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
          try {
            return delegate.ensureLoadBalancer(clusterName, service, nodes);
          } catch (RuntimeException e) {
            Thread.interrupted();
            throw e;
          }
        }
      });
    });
  }

  static class HonoursInterrupts implements LoadBalancerContract {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> {
      blockEnsures(cloud);
      return cloud;
    });
  }

  static class NoLoadBalancer implements ProviderContracts {
    @RegisterExtension
    static final TckExtension TCK = broken(cloud -> cloud.disable(Capability.LOAD_BALANCER));
  }

  /** Every ensure blocks until its thread is interrupted, as a call to a hung cloud API would. */
  private static void blockEnsures(FakeCloud cloud) {
    CountDownLatch never = new CountDownLatch(1);
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER, call -> never.await());
  }
}
