package dev.ccm4j.provider.alibaba;

import static dev.ccm4j.provider.alibaba.ProviderTestSupport.CLUSTER;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.instance;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.node;
import static dev.ccm4j.provider.alibaba.ProviderTestSupport.providerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AlibabaRoutes} against the emulator's VPC route table over real HTTP. */
class AlibabaRoutesIT {
  private static final AtomicInteger CIDRS = new AtomicInteger();

  private AlibabaEmulator emulator;
  private AlibabaCloudProvider provider;
  private Routes routes;

  @BeforeEach
  void start() {
    emulator = AlibabaEmulator.builder().accessKey("it-key", "it-secret-value").instances(0)
        .instanceTransition(Duration.ZERO).routeEntryPending(Duration.ofMillis(300)).build().start();
    provider = ProviderTestSupport.provider(emulator, Duration.ofSeconds(3));
    routes = provider.routes().orElseThrow();
  }

  @AfterEach
  void stop() {
    provider.close();
    emulator.close();
  }

  @Test
  void createWaitsForPendingToBecomeAvailableThenListsAndDeletes() {
    ControlInstance vm = instance(emulator, "node-a");
    String cidr = cidr();

    routes.createRoute(CLUSTER, "uid-a", route(vm, cidr));

    assertThat(emulator.control().routes()).filteredOn(r -> r.destinationCidr().equals(cidr)).singleElement()
        .satisfies(r -> assertThat(r.nextHopInstanceId()).isEqualTo(vm.id()));
    Route listed = listedOnce(cidr);
    assertThat(listed.targetNode()).isEqualTo("node-a");
    assertThat(listed.blackhole()).isFalse();
    assertThat(listed.name()).isEqualTo(vm.id() + ":" + cidr);
    assertThat(emulator.control().journal("DescribeRouteTableList")).as("the VPC's one table is discovered")
        .isNotEmpty();

    routes.deleteRoute(CLUSTER, listed);
    assertThat(routes.listRoutes(CLUSTER)).noneMatch(r -> r.destinationCidr().equals(cidr));
    assertThat(emulator.control().routes()).noneMatch(r -> r.destinationCidr().equals(cidr));
    routes.deleteRoute(CLUSTER, listed);
  }

  @Test
  void anEntryStillPendingAsksForARetryAndIsNotListedUntilAvailable() {
    provider.close();
    provider = ProviderTestSupport.provider(emulator, Duration.ZERO);
    routes = provider.routes().orElseThrow();
    ControlInstance one = instance(emulator, "node-p1");
    ControlInstance two = instance(emulator, "node-p2");
    String first = cidr();
    String second = cidr();

    assertThatThrownBy(() -> routes.createRoute(CLUSTER, "uid-p1", route(one, first)))
        .isInstanceOfSatisfying(RetryAfterException.class,
            e -> assertThat(e.retryAfter()).isPositive())
        .hasMessageContaining("not available yet");
    assertThat(routes.listRoutes(CLUSTER)).as("a pending route does not count yet")
        .noneMatch(r -> r.destinationCidr().equals(first));
    assertThatThrownBy(() -> routes.createRoute(CLUSTER, "uid-p2", route(two, second)))
        .as("another create while the table has a pending entry")
        .isInstanceOf(RetryAfterException.class).hasMessageContaining("OperationConflict");

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> routes.createRoute(CLUSTER, "uid-p1", route(one, first)));
    assertThat(listedOnce(first).targetNode()).isEqualTo("node-p1");
  }

  @Test
  void aDuplicateToTheSameInstanceIsSuccessButToAnotherIsAClearError() {
    ControlInstance vm = instance(emulator, "node-d");
    ControlInstance other = instance(emulator, "node-o");
    String cidr = cidr();
    routes.createRoute(CLUSTER, "uid-d", route(vm, cidr));

    routes.createRoute(CLUSTER, "uid-d", route(vm, cidr));
    assertThatThrownBy(() -> routes.createRoute(CLUSTER, "uid-o", route(other, cidr)))
        .isInstanceOf(CloudProviderException.class).isNotInstanceOf(RetryAfterException.class)
        .hasMessageContaining("already routes " + cidr).hasMessageContaining(vm.id());
    assertThat(listedOnce(cidr).targetNode()).isEqualTo("node-d");
  }

  @Test
  void aNodeKnownByAnAlicloudPrefixedProviderIdIsRoutedToItsInstance() {
    ControlInstance vm = instance(emulator, "node-prefixed");
    provider.instancesV2().orElseThrow()
        .instanceMetadata(node(vm.name(), "alicloud://" + providerId(vm), vm.privateIp()));
    String cidr = cidr();

    // no addresses: the instance comes from the node's provider ID alone, prefix stripped
    routes.createRoute(CLUSTER, "uid-x", Route.builder().targetNode(vm.name()).destinationCidr(cidr).build());

    assertThat(emulator.control().routes()).filteredOn(r -> r.destinationCidr().equals(cidr))
        .extracting(r -> r.nextHopInstanceId()).containsExactly(vm.id());
    assertThat(listedOnce(cidr).targetNode()).isEqualTo(vm.name());
  }

  @Test
  void aRouteToATerminatedInstanceIsABlackholeAndCanBeDeleted() {
    ControlInstance vm = instance(emulator, "node-h");
    String cidr = cidr();
    routes.createRoute(CLUSTER, "uid-h", route(vm, cidr));
    emulator.control().terminateInstance(vm.id());

    Route hole = listedOnce(cidr);
    assertThat(hole.blackhole()).isTrue();
    assertThat(hole.targetNode()).isEqualTo("node-h");
    routes.deleteRoute(CLUSTER, hole);
    assertThat(routes.listRoutes(CLUSTER)).noneMatch(r -> r.destinationCidr().equals(cidr));
  }

  @Test
  void aRouteFoundInTheCloudForAnUnknownNodeIsNamedAfterItsProviderId() {
    ControlInstance vm = instance(emulator, "node-u");
    String cidr = cidr();
    routes.createRoute(CLUSTER, "uid-u", route(vm, cidr));
    provider.close();
    // a restarted provider without a cluster client knows no node names yet
    provider = ProviderTestSupport.provider(emulator, Duration.ofSeconds(3));
    routes = provider.routes().orElseThrow();

    assertThat(listedOnce(cidr).targetNode()).isEqualTo(providerId(vm));
  }

  @Test
  void aNodeWhoseInstanceCannotBeFoundIsAClearErrorAndNothingIsCreated() {
    String cidr = cidr();
    Route route = Route.builder().targetNode("stranger").destinationCidr(cidr)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.250.0.1"))).build();
    assertThatThrownBy(() -> routes.createRoute(CLUSTER, "uid-s", route)).hasMessageContaining("stranger")
        .hasMessageContaining("10.250.0.1");
    assertThat(emulator.control().journal("CreateRouteEntry")).isEmpty();
  }

  @Test
  void parallelCreatesAreQueuedSoTheTableNeverRefusesThem() throws Exception {
    List<ControlInstance> vms = List.of(instance(emulator, "node-q1"), instance(emulator, "node-q2"),
        instance(emulator, "node-q3"), instance(emulator, "node-q4"));
    ExecutorService pool = Executors.newFixedThreadPool(vms.size());
    try {
      List<Future<?>> creates = new ArrayList<>();
      for (ControlInstance vm : vms) {
        creates.add(pool.submit(() -> routes.createRoute(CLUSTER, vm.name(), route(vm, cidr()))));
      }
      for (Future<?> f : creates) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(routes.listRoutes(CLUSTER)).extracting(Route::targetNode)
        .containsExactlyInAnyOrder("node-q1", "node-q2", "node-q3", "node-q4");
    assertThat(emulator.control().journal("CreateRouteEntry")).as("creates, none refused").hasSize(4)
        .allSatisfy(e -> assertThat(e.errorCode()).isEmpty());
  }

  @Test
  void ipv6PodRoutesAreNotImplementedAsUpstreamRoutesIpv4Only() {
    ControlInstance vm = instance(emulator, "node-v6");
    assertThatThrownBy(() -> routes.createRoute(CLUSTER, "uid-6", route(vm, "fd00:1:2:3::/64")))
        .isInstanceOf(NotImplementedException.class).hasMessageContaining("fd00:1:2:3::/64");
    assertThat(emulator.control().journal("CreateRouteEntry")).isEmpty();
  }

  private Route listedOnce(String cidr) {
    List<Route> found = routes.listRoutes(CLUSTER).stream().filter(r -> r.destinationCidr().equals(cidr)).toList();
    assertThat(found).as("routes to %s", cidr).hasSize(1);
    return found.get(0);
  }

  private static Route route(ControlInstance vm, String cidr) {
    return Route.builder().targetNode(vm.name()).destinationCidr(cidr)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address(vm.privateIp()),
            new V1NodeAddress().type("Hostname").address(vm.name())))
        .build();
  }

  private static String cidr() {
    return "172.20." + CIDRS.incrementAndGet() + ".0/24";
  }
}
