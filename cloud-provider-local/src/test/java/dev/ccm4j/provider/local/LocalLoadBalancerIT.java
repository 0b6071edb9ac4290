package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.Fixtures.udp;
import static dev.ccm4j.provider.local.TestBackends.backendOf;
import static dev.ccm4j.provider.local.TestBackends.connect;
import static dev.ccm4j.provider.local.TestBackends.ip;
import static dev.ccm4j.provider.local.TestBackends.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.provider.local.TestBackends.EchoServer;
import dev.ccm4j.provider.local.TestBackends.HealthServer;
import dev.ccm4j.provider.local.TestBackends.UdpEcho;
import io.kubernetes.client.openapi.models.V1ClientIPConfig;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1SessionAffinityConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy with real sockets on 127.0.0.0/8: backends stand in for node ports on their own loopback address. */
class LocalLoadBalancerIT {
  private static final String POOL = "127.77.1.1-127.77.1.250";
  private static final String NODE_A = "127.77.9.1";
  private static final String NODE_B = "127.77.9.2";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private LocalCloud cloud;
  private LocalLoadBalancer lb;
  private EchoServer a;
  private EchoServer b;

  @BeforeEach
  void setUp() {
    start(Duration.ofSeconds(10));
    List<EchoServer> servers = TestBackends.echoServers(NODE_A, NODE_B);
    a = servers.get(0);
    b = servers.get(1);
    cleanup.addAll(servers);
  }

  private void start(Duration drain) {
    if (cloud != null) {
      cloud.close();
    }
    LocalConfig config = new LocalConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        new LoadBalancerSettings(List.of(IpRange.parse(POOL)), Duration.ofMillis(200), drain));
    cloud = new LocalCloud(config, Optional.empty());
    lb = cloud.localLoadBalancer();
  }

  @AfterEach
  void tearDown() throws Exception {
    cloud.close();
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  private List<V1Node> nodes() {
    return List.of(node("node-a", NODE_A), node("node-b", NODE_B));
  }

  private static InetSocketAddress ingress(V1LoadBalancerStatus status, int port) {
    return new InetSocketAddress(ip(status.getIngress().get(0).getIp()), port);
  }

  @Test
  void connectionsGoRoundRobinAndStatusIsReported() throws IOException {
    V1Service svc = service("web", tcp(18080, a.port()));
    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, nodes());

    assertThat(status.getIngress()).hasSize(1);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo("127.77.1.1");
    assertThat(status.getIngress().get(0).getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(18080));
    Map<String, Integer> hits = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      hits.merge(backendOf(ingress(status, 18080), null), 1, Integer::sum);
    }
    assertThat(hits).containsEntry(NODE_A, 3).containsEntry(NODE_B, 3);
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).contains(status);
  }

  @Test
  void clientIpAffinitySticks() throws IOException {
    V1Service svc = service("sticky", tcp(18080, a.port()));
    svc.getSpec().sessionAffinity("ClientIP")
        .sessionAffinityConfig(new V1SessionAffinityConfig().clientIP(new V1ClientIPConfig().timeoutSeconds(600)));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    String first = backendOf(at, "127.77.60.1");
    for (int i = 0; i < 5; i++) {
      assertThat(backendOf(at, "127.77.60.1")).isEqualTo(first);
    }
    String other = backendOf(at, "127.77.60.2");
    assertThat(backendOf(at, "127.77.60.2")).isEqualTo(other);
  }

  @Test
  void deadBackendIsSkippedAfterTheHealthCheck() throws IOException {
    V1Service svc = service("failover", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);
    await().atMost(WAIT).until(() -> lb.backendHealth(CLUSTER, svc).values().stream().allMatch(h -> h));

    b.close();
    await().atMost(WAIT).until(() -> Boolean.FALSE.equals(lb.backendHealth(CLUSTER, svc).get(NODE_B + ":"
        + a.port())));
    for (int i = 0; i < 4; i++) {
      assertThat(backendOf(at, null)).isEqualTo(NODE_A);
    }
    assertThat(lb.backendHealth(CLUSTER, svc)).containsEntry(NODE_A + ":" + a.port(), true);
  }

  @Test
  void externalTrafficPolicyLocalChecksHealthzOnTheHealthCheckNodePort() throws IOException {
    HealthServer ha = new HealthServer(new InetSocketAddress(ip(NODE_A), 0));
    cleanup.add(ha);
    HealthServer hb = new HealthServer(new InetSocketAddress(ip(NODE_B), ha.port()));
    cleanup.add(hb);
    hb.status(503);
    V1Service svc = service("local-etp", tcp(18080, a.port()));
    svc.getSpec().externalTrafficPolicy("Local").healthCheckNodePort(ha.port());
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    await().atMost(WAIT).until(() -> Boolean.FALSE.equals(lb.backendHealth(CLUSTER, svc).get(NODE_B + ":"
        + a.port())));
    for (int i = 0; i < 4; i++) {
      assertThat(backendOf(at, null)).isEqualTo(NODE_A);
    }
    // the backend itself still accepts: only /healthz made it unhealthy
    assertThat(b.accepted()).isZero();

    hb.status(200);
    await().atMost(WAIT).until(() -> Boolean.TRUE.equals(lb.backendHealth(CLUSTER, svc).get(NODE_B + ":"
        + a.port())));
    Map<String, Integer> hits = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      hits.merge(backendOf(at, null), 1, Integer::sum);
    }
    assertThat(hits).containsKeys(NODE_A, NODE_B);
  }

  @Test
  void aBackendThatDoesNotAnswerTheConnectIsReplacedAfterTheTimeout() throws IOException {
    HealthServer ha = new HealthServer(new InetSocketAddress(ip(NODE_A), 0));
    cleanup.add(ha);
    HealthServer hb = new HealthServer(new InetSocketAddress(ip(NODE_B), ha.port()));
    cleanup.add(hb);
    b.close();
    // a listener whose accept queue is full drops new SYNs, so a connect to it neither succeeds nor fails
    ServerSocket full = new ServerSocket();
    cleanup.add(full);
    full.setReuseAddress(true);
    // the backend that held this port was just closed; its listener may take a moment to let go of it
    InetSocketAddress stuckAt = new InetSocketAddress(ip(NODE_B), a.port());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(50)).ignoreException(java.net.BindException.class)
        .until(() -> {
          full.bind(stuckAt, 1);
          return true;
        });
    for (int i = 0; i < 3; i++) {
      SocketChannel filler = SocketChannel.open();
      cleanup.add(filler);
      filler.configureBlocking(false);
      filler.connect(full.getLocalSocketAddress());
    }
    V1Service svc = service("timeout", tcp(18080, a.port()));
    // health comes from /healthz, so the stuck node stays healthy and takes the first connection
    svc.getSpec().externalTrafficPolicy("Local").healthCheckNodePort(ha.port());
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc,
        List.of(node("node-b", NODE_B), node("node-a", NODE_A))), 18080);

    assertThat(backendOf(at, null)).isEqualTo(NODE_A);
  }

  @Test
  void whenNoBackendIsHealthyAllAreTried() throws IOException {
    V1Service svc = service("all-down", tcp(18080, a.port()));
    svc.getSpec().externalTrafficPolicy("Local").healthCheckNodePort(1);
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);
    await().atMost(WAIT).until(() -> lb.backendHealth(CLUSTER, svc).values().stream().noneMatch(h -> h));

    assertThat(backendOf(at, null)).isIn(NODE_A, NODE_B);
  }

  @Test
  void sourceRangesAreEnforcedFromSpecAndAnnotation() throws IOException {
    V1Service svc = service("ranges", tcp(18080, a.port()));
    svc.getSpec().loadBalancerSourceRanges(List.of("127.77.50.0/24"));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    assertThat(backendOf(at, "127.77.50.7")).isIn(NODE_A, NODE_B);
    assertRefused(at, "127.77.51.7");

    V1Service annotated = service("annotated", tcp(18081, a.port()));
    annotated.getMetadata().annotations(Map.of(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES,
        "127.77.51.0/24, 127.77.52.0/24"));
    InetSocketAddress at2 = ingress(lb.ensureLoadBalancer(CLUSTER, annotated, nodes()), 18081);
    assertThat(backendOf(at2, "127.77.52.7")).isIn(NODE_A, NODE_B);
    assertRefused(at2, "127.77.50.7");
  }

  /** A forwarded connection would read the backend's greeting; a refused one reads end of stream or a reset. */
  private static void assertRefused(InetSocketAddress at, String fromIp) throws IOException {
    try (Socket s = connect(at, fromIp)) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    } catch (IOException e) {
      // a reset is the expected way to be refused
      assertThat(e).isNotInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void udpDatagramsAreRelayedAndFilteredBySource() throws IOException {
    UdpEcho echo = new UdpEcho("udp-a", new InetSocketAddress(ip(NODE_A), 0));
    cleanup.add(echo);
    V1Service svc = service("dns", udp(15353, echo.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-a", NODE_A))), 15353);

    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(ip("127.77.50.3"), 0))) {
      client.setSoTimeout(20_000);
      assertThat(roundTrip(client, at, "ping")).isEqualTo("udp-a:ping");
      assertThat(roundTrip(client, at, "again")).isEqualTo("udp-a:again");
    }

    svc.getSpec().loadBalancerSourceRanges(List.of("127.77.50.3/32"));
    lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-a", NODE_A)));
    try (DatagramSocket outsider = new DatagramSocket(new InetSocketAddress(ip("127.77.51.3"), 0));
        DatagramSocket insider = new DatagramSocket(new InetSocketAddress(ip("127.77.50.3"), 0))) {
      outsider.setSoTimeout(1_000);
      insider.setSoTimeout(20_000);
      byte[] data = "blocked".getBytes(StandardCharsets.UTF_8);
      outsider.send(new DatagramPacket(data, data.length, at));
      // the insider's reply proves the proxy handled the datagrams sent before it
      assertThat(roundTrip(insider, at, "allowed")).isEqualTo("udp-a:allowed");
      assertThatThrownBy(() -> outsider.receive(new DatagramPacket(new byte[64], 64)))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static String roundTrip(DatagramSocket client, InetSocketAddress to, String payload) throws IOException {
    byte[] data = payload.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(data, data.length, to));
    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
    client.receive(reply);
    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void halfCloseAndLargeTransfersArriveIntact() throws Exception {
    V1Service svc = service("bulk", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-a", NODE_A))), 18080);
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(payload);

    try (Socket s = connect(at, null)) {
      assertThat(readLine(s)).isEqualTo(NODE_A);
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
        try {
          return s.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      OutputStream out = s.getOutputStream();
      out.write(payload);
      out.flush();
      // the echo backend answers in full only after it saw our end of stream through the proxy
      s.shutdownOutput();
      byte[] back = received.get(60, TimeUnit.SECONDS);
      assertThat(back.length).isEqualTo(payload.length);
      assertThat(sha256(back)).isEqualTo(sha256(payload));
    }
    await().atMost(WAIT).until(() -> lb.openConnections(CLUSTER, svc) == 0);
  }

  private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void aReceiverThatDoesNotReadStopsTheSender() throws Exception {
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress(ip(NODE_A), 0));
      V1Service svc = service("backpressure", tcp(18080, silent.getLocalPort()));
      InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-a", NODE_A))), 18080);
      try (SocketChannel client = SocketChannel.open(at)) {
        client.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long[] written = {0};
        // once every buffer on the way is full, writes stop making progress instead of the proxy buffering more
        await().atMost(WAIT).until(() -> {
          long before = written[0];
          for (int i = 0; i < 64; i++) {
            written[0] += client.write(chunk.clear());
          }
          return written[0] == before;
        });
        assertThat(written[0]).isPositive().isLessThan(256L * 1024 * 1024);

        // the stalled data is still delivered, in full, once the receiver reads. The backend's port also takes the
        // proxy's TCP health probes, which connect and close without a byte: those are skipped, not the relay
        silent.setSoTimeout((int) WAIT.toMillis());
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        while (received < written[0]) {
          try (Socket accepted = silent.accept()) {
            InputStream in = accepted.getInputStream();
            long before = received;
            int n;
            while (received < written[0] && (n = in.read(buffer)) > 0) {
              received += n;
            }
            assertThat(received == before || received == written[0])
                .as("the relayed connection ended after %d of %d bytes", received, written[0]).isTrue();
          }
        }
        assertThat(received).isEqualTo(written[0]);
      }
    }
  }

  @Test
  void manyConnectionsShareAFixedSetOfThreads() throws IOException {
    V1Service svc = service("threads", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket s = connect(at, null);
        open.add(s);
        assertThat(readLine(s)).isIn(NODE_A, NODE_B);
      }
      assertThat(lb.openConnections(CLUSTER, svc)).isEqualTo(40);
      long proxyThreads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("local-lb-")).count();
      int loops = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      assertThat(proxyThreads).isBetween(1L, loops + 3L);
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
    await().atMost(WAIT).until(() -> lb.openConnections(CLUSTER, svc) == 0);
  }

  @Test
  void updatingBackendsKeepsEstablishedConnections() throws IOException {
    V1Service svc = service("update", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, List.of(node("node-a", NODE_A))), 18080);

    try (Socket s = connect(at, null)) {
      assertThat(readLine(s)).isEqualTo(NODE_A);
      lb.updateLoadBalancer(CLUSTER, svc, List.of(node("node-b", NODE_B)));
      assertThat(backendOf(at, null)).isEqualTo(NODE_B);

      s.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(s)).isEqualTo("still here");
    }
  }

  @Test
  void deletionStopsAcceptingDrainsAndFreesTheAddress() throws Exception {
    V1Service svc = service("drain", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    Socket s = connect(at, null);
    assertThat(readLine(s)).isIn(NODE_A, NODE_B);
    CompletableFuture<Void> deleted = CompletableFuture.runAsync(() -> lb.ensureLoadBalancerDeleted(CLUSTER, svc));
    await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> connect(at, null).close())
        .isInstanceOf(ConnectException.class));
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    assertThat(deleted).isNotDone();

    s.getOutputStream().write("drain me\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readLine(s)).isEqualTo("drain me");
    s.close();
    deleted.get(30, TimeUnit.SECONDS);

    try (ServerSocket rebind = new ServerSocket()) {
      rebind.bind(at);
      assertThat(rebind.isBound()).isTrue();
    }
  }

  @Test
  void drainIsBoundedAndThenClosesConnections() throws Exception {
    start(Duration.ofMillis(300));
    V1Service svc = service("bounded", tcp(18080, a.port()));
    InetSocketAddress at = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    try (Socket s = connect(at, null)) {
      assertThat(readLine(s)).isIn(NODE_A, NODE_B);
      lb.ensureLoadBalancerDeleted(CLUSTER, svc);
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
    }
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
  }

  @Test
  void loadBalancerIpIsHonouredInsideThePoolAndRefusedOutside() {
    V1Service inPool = service("fixed", tcp(18080, a.port()));
    inPool.getSpec().loadBalancerIP("127.77.1.77");
    assertThat(lb.ensureLoadBalancer(CLUSTER, inPool, nodes()).getIngress().get(0).getIp())
        .isEqualTo("127.77.1.77");

    V1Service outside = service("outside", tcp(18080, a.port()));
    outside.getSpec().loadBalancerIP("127.77.200.1");
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, outside, nodes()))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("127.77.200.1")
        .hasMessageContaining(POOL);
    assertThat(lb.getLoadBalancer(CLUSTER, outside)).isEmpty();

    V1Service taken = service("taken", tcp(18080, a.port()));
    taken.getSpec().loadBalancerIP("127.77.1.77");
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, taken, nodes()))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("127.77.1.77")
        .hasMessageContaining("already used");
  }

  @Test
  void changingLoadBalancerIpMovesTheLoadBalancer() throws IOException {
    V1Service svc = service("moving", tcp(18080, a.port()));
    svc.getSpec().loadBalancerIP("127.77.1.77");
    InetSocketAddress old = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);

    svc.getSpec().loadBalancerIP("127.77.1.78");
    InetSocketAddress moved = ingress(lb.ensureLoadBalancer(CLUSTER, svc, nodes()), 18080);
    assertThat(moved.getAddress().getHostAddress()).isEqualTo("127.77.1.78");
    assertThat(backendOf(moved, null)).isIn(NODE_A, NODE_B);
    assertThatThrownBy(() -> connect(old, null).close()).isInstanceOf(ConnectException.class);

    svc.getSpec().loadBalancerIP("10.0.0.1");
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, svc, nodes()))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("10.0.0.1");
    // a refused move leaves the load balancer where it was
    assertThat(backendOf(moved, null)).isIn(NODE_A, NODE_B);
  }

  @Test
  void boundAddressesAreSkipped() throws IOException {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(ip("127.77.1.1"), 18080));
      V1Service svc = service("skip", tcp(18080, a.port()));
      assertThat(lb.ensureLoadBalancer(CLUSTER, svc, nodes()).getIngress().get(0).getIp())
          .isEqualTo("127.77.1.2");
    }
  }

  @Test
  void ensureIsIdempotentAndFollowsPortChanges() throws IOException {
    V1Service svc = service("ports", tcp(18080, a.port()));
    V1LoadBalancerStatus first = lb.ensureLoadBalancer(CLUSTER, svc, nodes());
    try (Socket s = connect(ingress(first, 18080), null)) {
      assertThat(readLine(s)).isIn(NODE_A, NODE_B);
      assertThat(lb.ensureLoadBalancer(CLUSTER, svc, nodes())).isEqualTo(first);

      svc.getSpec().getPorts().add(tcp(18081, a.port()));
      V1LoadBalancerStatus both = lb.ensureLoadBalancer(CLUSTER, svc, nodes());
      assertThat(both.getIngress().get(0).getIp()).isEqualTo(first.getIngress().get(0).getIp());
      assertThat(both.getIngress().get(0).getPorts()).hasSize(2);
      assertThat(backendOf(ingress(both, 18081), null)).isIn(NODE_A, NODE_B);

      svc.getSpec().getPorts().remove(0);
      lb.ensureLoadBalancer(CLUSTER, svc, nodes());
      assertThatThrownBy(() -> connect(ingress(first, 18080), null).close()).isInstanceOf(ConnectException.class);
      assertThat(backendOf(ingress(both, 18081), null)).isIn(NODE_A, NODE_B);

      // a closed port stops accepting, but its established connection goes on
      s.getOutputStream().write("alive\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(s)).isEqualTo("alive");
    }
  }
}
