package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.TestBackends.backendOf;
import static dev.ccm4j.provider.local.TestBackends.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.provider.local.proxy.ServiceProxy;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.local.TestBackends.EchoServer;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy serves TCP and UDP only: SCTP ports are refused clearly instead of reported as served. */
class UnsupportedPortsIT {
  private static final String POOL = "127.77.41.1-127.77.41.10";
  private static final String NODE = "127.77.49.1";

  private TestApi api;
  private LocalCloud cloud;
  private LocalLoadBalancer lb;
  private EchoServer backend;

  @BeforeEach
  void setUp() {
    api = new TestApi();
    cloud = api.cloud(POOL, Duration.ofSeconds(1), Duration.ZERO);
    lb = cloud.localLoadBalancer();
    backend = TestBackends.echoServers(NODE).get(0);
  }

  @AfterEach
  void tearDown() {
    cloud.close();
    backend.close();
    api.close();
  }

  private static List<V1Node> nodes() {
    return List.of(node("node-a", NODE));
  }

  private static V1ServicePort sctp(int port, int nodePort) {
    return new V1ServicePort().name("sctp-" + port).protocol("SCTP").port(port).nodePort(nodePort);
  }

  @Test
  void anSctpOnlyServiceIsRefusedAsAConfigurationErrorAndTakesNoAddress() {
    V1Service svc = service("sctp-only", sctp(9000, 30900), sctp(9001, 30901));

    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(ServiceConfigurationException.class)
        .hasMessageContaining("spec.ports[0] (SCTP 9000)")
        .hasMessageContaining("spec.ports[1] (SCTP 9001)")
        .hasMessageContaining("TCP and UDP only");
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    assertThat(lb.describeAll()).isEmpty();

    // the pool's first address is still free
    V1Service next = service("next", tcp(18080, backend.port()));
    assertThat(lb.ensureLoadBalancer(CLUSTER, next, nodes()).getIngress().get(0).getIp()).isEqualTo("127.77.41.1");
  }

  @Test
  void aMixedServiceServesItsTcpPortAndWarnsOnceAboutTheSctpOne() throws Exception {
    V1Service svc = service("mixed", tcp(18080, backend.port()), sctp(9000, 30900));
    try (LogCapture log = LogCapture.of("dev.ccm4j.provider.local")) {
      V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, nodes());

      assertThat(status.getIngress().get(0).getPorts()).singleElement()
          .satisfies(p -> assertThat(p.getProtocol() + " " + p.getPort()).isEqualTo("TCP 18080"));
      InetSocketAddress at = new InetSocketAddress(ip(status.getIngress().get(0).getIp()), 18080);
      assertThat(backendOf(at, null)).isEqualTo(NODE);

      await().atMost(Duration.ofSeconds(10)).until(() -> !api.warnings("mixed").isEmpty());
      CoreV1Event event = api.warnings("mixed").get(0);
      assertThat(event.getReason()).isEqualTo(ServiceProxy.REASON_UNSUPPORTED_PORT);
      assertThat(event.getMessage()).contains("spec.ports[1] (SCTP 9000)", "TCP and UDP only");
      assertThat(log.lines()).filteredOn(l -> l.contains(" WARN ") && l.contains("default/mixed")
          && l.contains("SCTP 9000")).hasSize(1);

      // the same ports again: no second warning
      lb.ensureLoadBalancer(CLUSTER, svc, nodes());
      assertThat(log.lines()).filteredOn(l -> l.contains("SCTP 9000")).hasSize(1);
    }
  }

  @Test
  void aServedServiceThatBecomesSctpOnlyIsRefusedAndLeftAsItWas() throws Exception {
    V1Service svc = service("switching", tcp(18080, backend.port()));
    V1LoadBalancerStatus before = lb.ensureLoadBalancer(CLUSTER, svc, nodes());
    svc.getSpec().ports(List.of(sctp(18080, 30900)));

    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(ServiceConfigurationException.class).hasMessageContaining("spec.ports[0] (SCTP 18080)");
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).contains(before);
  }
}
