package dev.ccm4j.provider.local.bench;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.LoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Prints the local load balancer proxy's bulk throughput and connection setup latency next to a direct loopback
 * connection measured in the same run. Not a test: run it with
 * {@code ./mvnw -q -pl cloud-provider-local test-compile exec:java
 * -Dexec.mainClass=dev.ccm4j.provider.local.bench.ProxyBenchmark -Dexec.classpathScope=test}.
 */
public final class ProxyBenchmark {
  private static final long BULK_BYTES = 1L << 30;
  private static final int CHUNK = 256 * 1024;
  private static final int ROUNDS = 5;
  private static final int CONNECTS = 2_000;
  private static final int WARMUP_CONNECTS = 500;
  private static final String BACKEND_IP = "127.78.9.1";
  private static final int SERVICE_PORT = 18090;

  private ProxyBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args ignored
   * @throws Exception if a socket fails
   */
  public static void main(String[] args) throws Exception {
    CloudConfig config = CloudConfig.of("loadBalancer: {addressPool: \"127.78.1.1-127.78.1.250\"}\n");
    try (Server bulk = new Server(BACKEND_IP, true);
        Server greet = new Server(BACKEND_IP, false);
        CloudProvider provider = CloudProviders.create("local", config, ProxyBenchmark.class.getClassLoader())) {
      LoadBalancer lb = provider.loadBalancer().orElseThrow();
      V1Node node = new V1Node().metadata(new V1ObjectMeta().name("bench-node"))
          .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("InternalIP").address(BACKEND_IP))));
      V1Service svc = new V1Service()
          .metadata(new V1ObjectMeta().name("bench").namespace("default").uid(UUID.randomUUID().toString()))
          .spec(new V1ServiceSpec().type("LoadBalancer").ports(List.of(
              new V1ServicePort().protocol("TCP").port(SERVICE_PORT).nodePort(bulk.port()),
              new V1ServicePort().protocol("TCP").port(SERVICE_PORT + 1).nodePort(greet.port()))));
      V1LoadBalancerStatus status = lb.ensureLoadBalancer("bench", svc, List.of(node));
      InetAddress ingress = InetAddress.getByName(status.getIngress().get(0).getIp());
      InetSocketAddress proxyBulk = new InetSocketAddress(ingress, SERVICE_PORT);
      InetSocketAddress proxyGreet = new InetSocketAddress(ingress, SERVICE_PORT + 1);
      InetSocketAddress directBulk = new InetSocketAddress(InetAddress.getByName(BACKEND_IP), bulk.port());
      InetSocketAddress directGreet = new InetSocketAddress(InetAddress.getByName(BACKEND_IP), greet.port());

      System.out.printf(Locale.ROOT, "cores: %d, transfer: %d MiB per run%n",
          Runtime.getRuntime().availableProcessors(), BULK_BYTES >> 20);
      transfer(directBulk, BULK_BYTES / 4);
      transfer(proxyBulk, BULK_BYTES / 4);
      // alternate the two so that load from elsewhere on the machine hits both alike, and compare medians
      double[] direct = new double[ROUNDS];
      double[] proxied = new double[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        direct[i] = transfer(directBulk, BULK_BYTES);
        proxied[i] = transfer(proxyBulk, BULK_BYTES);
      }
      Arrays.sort(direct);
      Arrays.sort(proxied);
      double ratio = proxied[ROUNDS / 2] / direct[ROUNDS / 2];
      System.out.printf(Locale.ROOT, "throughput (median of %d): direct %.0f MiB/s, proxy %.0f MiB/s = %.0f %% of"
          + " direct  [target >= 70 %%: %s]%n", ROUNDS, direct[ROUNDS / 2], proxied[ROUNDS / 2], ratio * 100,
          ratio >= 0.70 ? "met" : "missed");
      System.out.printf(Locale.ROOT, "  all rounds, MiB/s: direct %s, proxy %s%n", rounded(direct),
          rounded(proxied));

      setup(directGreet, WARMUP_CONNECTS);
      setup(proxyGreet, WARMUP_CONNECTS);
      long[] d = setup(directGreet, CONNECTS);
      long[] p = setup(proxyGreet, CONNECTS);
      double added = (percentile(p, 50) - percentile(d, 50)) / 1e3;
      System.out.printf(Locale.ROOT, "connect to first byte over %d connections: direct p50 %.0f us p99 %.0f us,"
          + " proxy p50 %.0f us p99 %.0f us; added p50 %.0f us  [target < 1000 us: %s]%n", CONNECTS,
          percentile(d, 50) / 1e3, percentile(d, 99) / 1e3, percentile(p, 50) / 1e3, percentile(p, 99) / 1e3,
          added, added < 1000 ? "met" : "missed");
      lb.ensureLoadBalancerDeleted("bench", svc);
    }
  }

  /** Sends {@code bytes} and waits for the server's count: MiB/s for the whole exchange. */
  private static double transfer(InetSocketAddress to, long bytes) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    long start = System.nanoTime();
    try (SocketChannel c = SocketChannel.open(to)) {
      long left = bytes;
      while (left > 0) {
        chunk.clear().limit((int) Math.min(CHUNK, left));
        left -= c.write(chunk);
      }
      c.shutdownOutput();
      ByteBuffer ack = ByteBuffer.allocate(Long.BYTES);
      while (ack.hasRemaining() && c.read(ack) >= 0) {
        // an 8-byte ack may arrive in pieces
      }
      if (ack.flip().getLong() != bytes) {
        throw new IllegalStateException("the server counted a different number of bytes");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return bytes / (1024.0 * 1024.0) / seconds;
  }

  /** Connects {@code n} times and times each until the server's first byte arrives, in nanoseconds. */
  private static long[] setup(InetSocketAddress to, int n) throws IOException {
    long[] out = new long[n];
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      try (SocketChannel c = SocketChannel.open(to)) {
        one.clear();
        if (c.read(one) != 1) {
          throw new IllegalStateException("no greeting");
        }
        out[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static String rounded(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
  }

  private static double percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** A backend: either counts what it receives and answers the count, or greets with one byte and closes. */
  private static final class Server implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread thread;

    Server(String ip, boolean bulk) throws IOException {
      server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(InetAddress.getByName(ip), 0), 1024);
      thread = new Thread(() -> {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        while (server.isOpen()) {
          try (SocketChannel c = server.accept()) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (bulk) {
              long total = 0;
              int n;
              while ((n = c.read(buf.clear())) >= 0) {
                total += n;
              }
              c.write(ByteBuffer.allocate(Long.BYTES).putLong(total).flip());
            } else {
              c.write(ByteBuffer.wrap(new byte[] {1}));
            }
          } catch (IOException e) {
            if (!server.isOpen()) {
              return;
            }
          }
        }
      }, bulk ? "bench-bulk" : "bench-greet");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.socket().getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
