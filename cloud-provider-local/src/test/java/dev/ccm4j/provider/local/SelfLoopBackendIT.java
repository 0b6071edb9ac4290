package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.Fixtures.udp;
import static dev.ccm4j.provider.local.TestBackends.connect;
import static dev.ccm4j.provider.local.TestBackends.ip;
import static dev.ccm4j.provider.local.TestBackends.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.provider.local.proxy.ServiceProxy;
import dev.ccm4j.provider.local.TestBackends.EchoServer;
import dev.ccm4j.provider.local.TestBackends.HealthServer;
import dev.ccm4j.provider.local.TestBackends.UdpEcho;
import dev.ccm4j.testkit.logging.LogCapture;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose address and nodePort are a load balancer listener of this process: the proxy must never dial it
 * (each such connection would be accepted and forwarded again until the process runs out of descriptors), must
 * not health-check it, must keep serving the other backends, and must say so on the Service.
 */
class SelfLoopBackendIT {
  private static final String LB_IP = "127.77.21.1";
  private static final String LB_IP_2 = "127.77.21.2";
  private static final String GOOD_IP = "127.77.29.1";
  private static final Path FDS = Path.of("/proc/self/fd");
  /** Far below what a loop opens within a second, and far above what the test itself holds open. */
  private static final long FD_SLACK = 40;

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  /** A node at the load balancer's own address, and a node with a real backend. */
  private final List<V1Node> selfAndGood = List.of(node("node-self", LB_IP), node("node-good", GOOD_IP));
  private TestApi api;
  private LocalCloud cloud;
  private LocalLoadBalancer lb;
  private LogCapture log;

  @BeforeEach
  void setUp() {
    api = new TestApi();
    cloud = api.cloud(LB_IP + "-" + LB_IP_2, Duration.ofMillis(100), Duration.ZERO);
    lb = cloud.localLoadBalancer();
    log = LogCapture.of("dev.ccm4j.provider.local");
  }

  @AfterEach
  void tearDown() throws Exception {
    cloud.close();
    log.close();
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    api.close();
  }

  @Test
  void aBackendThatIsTheLoadBalancersOwnListenerIsRefusedAndTheOthersServe() throws Exception {
    EchoServer good = new EchoServer("good", new InetSocketAddress(ip(GOOD_IP), 0));
    cleanup.add(good);
    int port = good.port();
    // the node's nodePort is the service port, and its address the load balancer's: the proxy's own listener
    V1Service svc = service("loop", tcp(port, port));
    svc.getSpec().loadBalancerIP(LB_IP);
    long before = openFds();
    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, selfAndGood);
    InetSocketAddress at = new InetSocketAddress(ip(status.getIngress().get(0).getIp()), port);
    assertThat(at.getAddress().getHostAddress()).isEqualTo(LB_IP);

    // several health rounds pass: the refused backend is not among the checked ones
    await().atMost(Duration.ofSeconds(10)).until(() -> good.accepted() >= 3);
    assertThat(lb.backendHealth(CLUSTER, svc)).containsOnlyKeys(GOOD_IP + ":" + port);
    for (int i = 0; i < 6; i++) {
      // the previous connection's relay closes on the proxy's loop, a moment after the client's close
      await().atMost(Duration.ofSeconds(10)).until(() -> lb.openConnections(CLUSTER, svc) == 0);
      try (Socket s = connect(at, null)) {
        assertThat(readLine(s)).isEqualTo("good");
        // one relay per client connection: the proxy did not connect to itself on the way
        assertThat(lb.openConnections(CLUSTER, svc)).isEqualTo(1);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> lb.openConnections(CLUSTER, svc) == 0);
    assertThat(openFds() - before).isLessThan(FD_SLACK);

    String address = LB_IP + ":" + port;
    await().atMost(Duration.ofSeconds(10)).until(() -> !api.warnings("loop").isEmpty());
    CoreV1Event event = api.warnings("loop").get(0);
    assertThat(event.getReason()).isEqualTo(ServiceProxy.REASON_BACKEND_REFUSED);
    assertThat(event.getMessage()).contains("node node-self", address, "this Service's own");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("Service");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(svc.getMetadata().getUid());
    assertThat(log.lines()).filteredOn(l -> l.contains(" WARN ") && l.contains("default/loop")
        && l.contains("node-self") && l.contains(address)).hasSize(1);

    // the same refusal is reported once while it lasts, not on every update
    lb.updateLoadBalancer(CLUSTER, svc, selfAndGood);
    lb.ensureLoadBalancer(CLUSTER, svc, selfAndGood);
    assertThat(log.lines()).filteredOn(l -> l.contains("node-self") && l.contains(" WARN ")).hasSize(1);
  }

  @Test
  void aLoadBalancerWhoseOnlyBackendIsItselfNeitherLoopsNorHealthChecksItself() throws Exception {
    int tcpPort = freeTcpPort(LB_IP);
    int udpPort = freeUdpPort(LB_IP);
    V1Service svc = service("alone", tcp(tcpPort, tcpPort), udp(udpPort, udpPort));
    svc.getSpec().loadBalancerIP(LB_IP);
    long before = openFds();
    lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-self", LB_IP)));

    // a loop needs no client: the health checks alone would connect the proxy to itself
    assertFdsStayFlat(before);
    try (Socket s = connect(new InetSocketAddress(ip(LB_IP), tcpPort), null)) {
      // no backend is left, so the connection is closed rather than forwarded to the proxy itself
      assertThat(readLine(s)).isNull();
    } catch (IOException e) {
      assertThat(e).hasMessageContaining("reset");
    }
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(ip("127.77.28.1"), 0))) {
      byte[] data = "ping".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(data, data.length, new InetSocketAddress(ip(LB_IP), udpPort)));
    }
    assertFdsStayFlat(before);
    assertThat(lb.backendHealth(CLUSTER, svc)).isEmpty();
    assertThat(lb.describe(lb.getLoadBalancerName(CLUSTER, svc)).orElseThrow().backendNodes()).isEmpty();

    await().atMost(Duration.ofSeconds(10)).until(() -> api.warnings("alone").size() == 2);
    assertThat(api.warnings("alone")).extracting(CoreV1Event::getMessage)
        .anySatisfy(m -> assertThat(m).contains("TCP", "node-self", LB_IP + ":" + tcpPort))
        .anySatisfy(m -> assertThat(m).contains("UDP", "node-self", LB_IP + ":" + udpPort));
  }

  @Test
  void aBackendThatIsAnotherLoadBalancersListenerIsNeverDialledEvenWhenThatListenerOpensLater() throws Exception {
    EchoServer good = new EchoServer("good", new InetSocketAddress(ip(GOOD_IP), 0));
    cleanup.add(good);
    int port = good.port();
    V1Service back = service("back", tcp(port, port));
    back.getSpec().loadBalancerIP(LB_IP_2);
    // node-front's address is where the next load balancer will listen: a fine backend until then
    InetSocketAddress backAt = new InetSocketAddress(ip(lb.ensureLoadBalancer(CLUSTER, back,
        List.of(node("node-front", LB_IP), node("node-good", GOOD_IP))).getIngress().get(0).getIp()), port);
    V1Service front = service("front", tcp(port, port));
    front.getSpec().loadBalancerIP(LB_IP);
    lb.ensureLoadBalancer(CLUSTER, front, List.of(node("node-good", GOOD_IP)));

    for (int i = 0; i < 4; i++) {
      try (Socket s = connect(backAt, null)) {
        assertThat(readLine(s)).isEqualTo("good");
        assertThat(lb.openConnections(CLUSTER, front)).isZero();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !api.warnings("back").isEmpty());
    assertThat(api.warnings("back").get(0).getMessage()).contains("node node-front", LB_IP + ":" + port,
        "another Service's");

    // the next backend update drops it for good, health checks included, without a second warning
    lb.updateLoadBalancer(CLUSTER, back, List.of(node("node-front", LB_IP), node("node-good", GOOD_IP)));
    assertThat(lb.backendHealth(CLUSTER, back)).containsOnlyKeys(GOOD_IP + ":" + port);
    assertThat(log.lines()).filteredOn(l -> l.contains("node-front") && l.contains(" WARN ")).hasSize(1);
  }

  @Test
  void aBackendWhoseHealthCheckAddressIsAListenerIsRefused() throws Exception {
    EchoServer good = new EchoServer("good", new InetSocketAddress(ip(GOOD_IP), 0));
    cleanup.add(good);
    HealthServer healthz = new HealthServer(new InetSocketAddress(ip(GOOD_IP), 0));
    cleanup.add(healthz);
    int port = healthz.port();
    // the service port is the health check node port: node-self's /healthz probe would hit the listener
    V1Service svc = service("etp-local", tcp(port, good.port()));
    svc.getSpec().loadBalancerIP(LB_IP);
    svc.getSpec().externalTrafficPolicy("Local").healthCheckNodePort(port);
    InetSocketAddress at = new InetSocketAddress(
        ip(lb.ensureLoadBalancer(CLUSTER, svc, selfAndGood).getIngress().get(0).getIp()), port);

    assertThat(lb.backendHealth(CLUSTER, svc)).containsOnlyKeys(GOOD_IP + ":" + good.port());
    for (int i = 0; i < 3; i++) {
      try (Socket s = connect(at, null)) {
        assertThat(readLine(s)).isEqualTo("good");
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !api.warnings("etp-local").isEmpty());
    assertThat(api.warnings("etp-local").get(0).getMessage())
        .contains("node node-self", "health check address " + LB_IP + ":" + port);
  }

  @Test
  void aUdpBackendThatIsItsOwnListenerIsRefusedAndTheOtherAnswers() throws Exception {
    UdpEcho echo = new UdpEcho("udp-good", new InetSocketAddress(ip(GOOD_IP), 0));
    cleanup.add(echo);
    int port = echo.port();
    V1Service svc = service("dns", udp(port, port));
    svc.getSpec().loadBalancerIP(LB_IP);
    long before = openFds();
    lb.ensureLoadBalancer(CLUSTER, svc, selfAndGood);

    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(ip("127.77.28.1"), 0))) {
      client.setSoTimeout(10_000);
      for (int i = 0; i < 4; i++) {
        byte[] data = ("ping" + i).getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(data, data.length, new InetSocketAddress(ip(LB_IP), port)));
        DatagramPacket reply = new DatagramPacket(new byte[256], 256);
        client.receive(reply);
        assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
            .isEqualTo("udp-good:ping" + i);
      }
    }
    assertThat(openFds() - before).isLessThan(FD_SLACK);
    await().atMost(Duration.ofSeconds(10)).until(() -> !api.warnings("dns").isEmpty());
    assertThat(api.warnings("dns").get(0).getMessage()).contains("UDP", "node-self", LB_IP + ":" + port);
  }

  /** Samples for a second: a loop would have opened thousands of descriptors by then. */
  private static void assertFdsStayFlat(long before) {
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(openFds() - before).as("descriptors opened since the load balancer started")
            .isLessThan(FD_SLACK));
  }

  private static long openFds() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freeTcpPort(String ip) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(ip(ip), 0));
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort(String ip) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip(ip), 0))) {
      return s.getLocalPort();
    }
  }
}
