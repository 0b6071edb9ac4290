package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.kubeapi.RequestMatcher;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new leader is a fresh provider instance against the same API: it must serve each Service on the address the
 * Service's status already names, whatever order the service controller ensures them in, and must never give a
 * new Service an address some status still names.
 */
class AddressAdoptionIT {
  private static final String POOL = "127.77.31.1-127.77.31.20";
  private static final List<V1Node> NODES = List.of(node("node-a", "127.77.39.1"));

  private final List<LocalCloud> leaders = new ArrayList<>();
  private TestApi api;

  @BeforeEach
  void setUp() {
    api = new TestApi();
  }

  @AfterEach
  void tearDown() {
    leaders.forEach(LocalCloud::close);
    api.close();
  }

  /** A fresh provider, initialized like the core does once this process leads. */
  private LocalLoadBalancer leader() {
    LocalCloud cloud = api.cloud(POOL, Duration.ofSeconds(1), Duration.ZERO);
    leaders.add(cloud);
    return cloud.localLoadBalancer();
  }

  private void kill(LocalLoadBalancer lb) {
    LocalCloud cloud = leaders.stream().filter(c -> c.localLoadBalancer() == lb).findFirst().orElseThrow();
    cloud.close();
    leaders.remove(cloud);
  }

  /** Creates a Service in the API; each one is a minute younger than the one before. */
  private V1Service create(String name) throws ApiException {
    V1Service svc = new V1Service().metadata(new V1ObjectMeta().name(name).namespace("default"))
        .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(new V1ServicePort().name("web")
            .protocol("TCP").port(18080))));
    V1Service created = api.core.createNamespacedService("default", svc).execute();
    api.clock.advance(Duration.ofMinutes(1));
    return created;
  }

  /** Writes the status the service controller writes after an ensure. */
  private V1Service publish(String name, String ip) throws ApiException {
    V1Service svc = read(name);
    svc.status(new V1ServiceStatus().loadBalancer(new V1LoadBalancerStatus()
        .ingress(List.of(new V1LoadBalancerIngress().ip(ip)))));
    return api.core.replaceNamespacedServiceStatus(name, "default", svc).execute();
  }

  private V1Service read(String name) throws ApiException {
    return api.core.readNamespacedService(name, "default").execute();
  }

  private static String ensure(LocalLoadBalancer lb, V1Service svc) {
    return lb.ensureLoadBalancer(CLUSTER, svc, NODES).getIngress().get(0).getIp();
  }

  @Test
  void aNewLeaderKeepsEveryAddressAStatusNamesWhateverTheOrderOfEnsureCalls() throws ApiException {
    LocalLoadBalancer first = leader();
    Map<String, String> served = new HashMap<>();
    for (String name : List.of("s0", "s1", "s2", "s3", "s4")) {
      create(name);
      String ip = ensure(first, read(name));
      publish(name, ip);
      served.put(name, ip);
    }
    // the leader dies while Services are being created: s5 got no status yet
    create("s5");
    kill(first);

    List<List<String>> orders = List.of(List.of("s4", "s3", "s2", "s1", "s0", "s5"),
        List.of("s5", "s2", "s4", "s0", "s3", "s1"), List.of("s1", "s5", "s3", "s0", "s4", "s2"));
    for (List<String> order : orders) {
      LocalLoadBalancer next = leader();
      Map<String, String> now = new HashMap<>();
      for (String name : order) {
        now.put(name, ensure(next, read(name)));
      }
      for (String name : served.keySet()) {
        assertThat(now.get(name)).as("address of %s after ensuring in order %s", name, order)
            .isEqualTo(served.get(name));
      }
      assertThat(now.get("s5")).as("the new Service's address, order %s", order)
          .isNotIn(served.values()).startsWith("127.77.31.");
      kill(next);
    }
  }

  @Test
  void aNewLeaderWaitsForTheAddressWhileTheOldLeaderStillServesItInsteadOfMovingTheService() throws Exception {
    LocalLoadBalancer old = leader();
    create("a");
    publish("a", ensure(old, read("a")));
    assertThat(read("a").getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("127.77.31.1");

    // the old leader lost the lease but keeps serving until it exits
    LocalLoadBalancer next = leader();
    V1Service a = read("a");
    assertThatThrownBy(() -> next.ensureLoadBalancer(CLUSTER, a, NODES))
        .isInstanceOf(RetryAfterException.class)
        .hasMessageContaining("127.77.31.1")
        .hasMessageContaining("still bound");
    assertThat(next.getLoadBalancer(CLUSTER, a)).isEmpty();
    kill(old);
    assertThat(ensure(next, a)).isEqualTo("127.77.31.1");
  }

  @Test
  void anAddressBoundElsewhereForLongerThanTheGraceIsGivenUp() throws Exception {
    create("a");
    publish("a", "127.77.31.1");
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(TestBackends.ip("127.77.31.1"), 18080));
      LocalLoadBalancer lb = leader();
      lb.adoptionGrace(Duration.ZERO);
      assertThat(ensure(lb, read("a"))).isEqualTo("127.77.31.2");
    }
  }

  @Test
  void aNewServiceNeverGetsAnAddressAStatusNamesEvenBeforeItsServiceIsEnsured() throws ApiException {
    create("a");
    publish("a", "127.77.31.1");
    create("b");
    publish("b", "127.77.31.3");
    create("n1");
    create("n2");
    LocalLoadBalancer lb = leader();

    assertThat(ensure(lb, read("n1"))).isEqualTo("127.77.31.2");
    assertThat(ensure(lb, read("n2"))).isEqualTo("127.77.31.4");
    assertThat(ensure(lb, read("b"))).isEqualTo("127.77.31.3");
    assertThat(ensure(lb, read("a"))).isEqualTo("127.77.31.1");
  }

  @Test
  void whenTwoStatusesNameOneAddressTheOlderServiceKeepsIt() throws ApiException {
    create("old");
    publish("old", "127.77.31.5");
    create("young");
    publish("young", "127.77.31.5");

    try (LogCapture log = LogCapture.of("dev.ccm4j.provider.local")) {
      LocalLoadBalancer lb = leader();
      assertThat(ensure(lb, read("young"))).isEqualTo("127.77.31.1");
      assertThat(ensure(lb, read("old"))).isEqualTo("127.77.31.5");
      assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("WARN", "default/young", "127.77.31.5",
          "default/old"));
      kill(lb);
    }
    LocalLoadBalancer other = leader();
    assertThat(ensure(other, read("old"))).isEqualTo("127.77.31.5");
    assertThat(ensure(other, read("young"))).isNotEqualTo("127.77.31.5");
  }

  @Test
  void deletingAServiceFreesTheAddressItsStatusNamed() throws ApiException {
    create("gone");
    publish("gone", "127.77.31.1");
    create("n1");
    create("n2");
    LocalLoadBalancer lb = leader();
    assertThat(ensure(lb, read("n1"))).isEqualTo("127.77.31.2");

    // the service controller cleans up a deleted Service even when this process never served it
    V1Service gone = read("gone");
    lb.ensureLoadBalancerDeleted(CLUSTER, gone);
    api.core.deleteNamespacedService("gone", "default").execute();
    assertThat(ensure(lb, read("n2"))).isEqualTo("127.77.31.1");
  }

  @Test
  void noAddressIsHandedOutUntilTheServicesCanBeListedAndServedOnesNeedNoApi() throws ApiException {
    create("a");
    publish("a", "127.77.31.1");
    create("n");
    LocalLoadBalancer lb = leader();
    api.server.faults().failNext(RequestMatcher.of("list", "services"), 1, 503, "ServiceUnavailable");

    V1Service n = read("n");
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, n, NODES))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("cannot list Services")
        .hasMessageContaining("503");
    assertThat(lb.getLoadBalancer(CLUSTER, n)).isEmpty();

    assertThat(ensure(lb, n)).isEqualTo("127.77.31.2");
    // listed once: with the API gone, served Services still ensure and new ones still get free addresses
    api.server.close();
    assertThat(ensure(lb, n)).isEqualTo("127.77.31.2");
    V1Service fresh = Fixtures.service("offline", Fixtures.tcp(18080, 30080));
    assertThat(ensure(lb, fresh)).isEqualTo("127.77.31.3");
  }
}
