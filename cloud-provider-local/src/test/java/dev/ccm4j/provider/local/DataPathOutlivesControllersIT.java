package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.TestBackends.backendOf;
import static dev.ccm4j.provider.local.TestBackends.connect;
import static dev.ccm4j.provider.local.TestBackends.ip;
import static dev.ccm4j.provider.local.TestBackends.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.provider.local.TestBackends.EchoServer;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the lease is lost the core stops the controllers (the shutdown signal completes) but keeps the provider
 * open: the load balancers must keep forwarding what they were last told, with the API gone, until
 * {@link LocalCloud#close()}, which must then stop everything at once.
 */
class DataPathOutlivesControllersIT {
  private static final String POOL = "127.77.42.1-127.77.42.10";
  private static final String NODE_A = "127.77.48.1";
  private static final String NODE_B = "127.77.48.2";

  private TestApi api;
  private LocalCloud cloud;
  private LocalLoadBalancer lb;
  private EchoServer a;
  private EchoServer b;

  @BeforeEach
  void setUp() {
    api = new TestApi();
    // a long drain: close() must not wait for it
    cloud = api.cloud(POOL, Duration.ofMillis(100), Duration.ofSeconds(30));
    lb = cloud.localLoadBalancer();
    List<EchoServer> servers = TestBackends.echoServers(NODE_A, NODE_B);
    a = servers.get(0);
    b = servers.get(1);
  }

  @AfterEach
  void tearDown() {
    cloud.close();
    a.close();
    b.close();
    api.close();
  }

  private static List<V1Node> nodes() {
    return List.of(node("node-a", NODE_A), node("node-b", NODE_B));
  }

  @Test
  void loadBalancersKeepServingWithoutTheApiAndControllersAndStopPromptlyOnClose() throws Exception {
    V1Service web = service("web", tcp(18080, a.port()));
    InetSocketAddress at = new InetSocketAddress(ip(lb.ensureLoadBalancer(CLUSTER, web, nodes()).getIngress()
        .get(0).getIp()), 18080);
    V1Service draining = service("draining", tcp(18081, a.port()));
    InetSocketAddress drainingAt = new InetSocketAddress(ip(lb.ensureLoadBalancer(CLUSTER, draining, nodes())
        .getIngress().get(0).getIp()), 18081);
    Socket established = connect(at, null);
    assertThat(readLine(established)).isIn(NODE_A, NODE_B);
    Socket drained = connect(drainingAt, null);
    assertThat(readLine(drained)).isIn(NODE_A, NODE_B);

    // the lease is lost: the API is unreachable and the core stops the controllers, keeping the provider
    api.server.close();
    api.shutdown.complete(null);

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(backendOf(at, null)).isIn(NODE_A, NODE_B));
    established.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readLine(established)).isEqualTo("still here");
    // health checks go on too: a node that dies drops out
    b.close();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Boolean.FALSE.equals(lb.backendHealth(CLUSTER, web).get(NODE_B + ":" + a.port())));
    for (int i = 0; i < 4; i++) {
      assertThat(backendOf(at, null)).isEqualTo(NODE_A);
    }

    // a deletion in flight waits for its connection (30 s); close() ends it and everything else at once
    CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> lb.ensureLoadBalancerDeleted(CLUSTER,
        draining));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> connect(drainingAt, null))
        .isInstanceOf(ConnectException.class));
    long start = System.nanoTime();
    cloud.close();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("LocalCloud.close() with an open and a draining connection took " + tookMillis + " ms");
    assertThat(tookMillis).as("LocalCloud.close() in ms").isLessThan(1000);

    assertThatThrownBy(() -> connect(at, null)).isInstanceOf(ConnectException.class);
    assertThat(endOfStream(established)).isTrue();
    assertThat(endOfStream(drained)).isTrue();
    deleting.get(2, TimeUnit.SECONDS);
    established.close();
    drained.close();
  }

  /** Whether the proxy closed its side: end of stream or a reset, not a timeout. */
  private static boolean endOfStream(Socket s) {
    try {
      s.setSoTimeout(5_000);
      return s.getInputStream().read() == -1;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }
}
