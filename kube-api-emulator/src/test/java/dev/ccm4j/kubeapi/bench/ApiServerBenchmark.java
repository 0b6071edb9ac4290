package dev.ccm4j.kubeapi.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.KubeApiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the emulator under a CCM-sized load: 5,000 nodes and 10,000 services created by several client
 * threads while three watchers follow the services. Prints create throughput, write-to-watch-event latency
 * (from just before the POST is sent to the ADDED event reaching each watcher) and the time to list 10,000
 * services. A plain main class, not a test:
 *
 * <pre>
 * ./mvnw -q -pl kube-api-emulator test-compile exec:java \
 *   -Dexec.mainClass=dev.ccm4j.kubeapi.bench.ApiServerBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class ApiServerBenchmark {
  private static final int NODES = 5_000;
  private static final int SERVICES = 10_000;
  private static final int WRITERS = 4;
  private static final int WATCHERS = 3;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

  private ApiServerBenchmark(String base) {
    this.base = base;
  }

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) throws Exception {
    try (KubeApiServer server = KubeApiServer.builder().build().start()) {
      new ApiServerBenchmark(server.url()).run(server.resourceVersion());
    }
  }

  private void run(long startRv) throws Exception {
    List<Watcher> watchers = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      watchers.add(new Watcher(i, "/api/v1/services?watch=true&resourceVersion=" + startRv));
    }
    // warm up the JIT and the connection pool with objects that are removed again
    create("warmup", 500, i -> "/api/v1/namespaces/kube-public/configmaps",
        i -> "{\"metadata\":{\"name\":\"warm-" + i + "\"},\"data\":{\"k\":\"v\"}}", false);

    double nodeRate = create("nodes", NODES, i -> "/api/v1/nodes", ApiServerBenchmark::node, false);
    double serviceRate = create("services", SERVICES, i -> "/api/v1/namespaces/default/services",
        ApiServerBenchmark::service, true);
    for (Watcher w : watchers) {
      if (!w.done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("watcher " + w.id + " saw only " + w.seen.get() + " services");
      }
    }
    long[] latencies = watchers.stream().flatMapToLong(w -> Arrays.stream(w.latencies())).sorted().toArray();

    long[] listMillis = new long[5];
    int items = 0;
    int listBytes = 0;
    for (int i = -2; i < listMillis.length; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/services")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      long elapsed = System.nanoTime() - t0;
      JsonObject list = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
      items = list.getAsJsonArray("items").size();
      listBytes = r.body().length;
      if (i >= 0) {
        listMillis[i] = TimeUnit.NANOSECONDS.toMillis(elapsed);
      }
    }
    Arrays.sort(listMillis);
    for (Watcher w : watchers) {
      w.close();
    }

    double p50 = percentile(latencies, 0.50);
    double p99 = percentile(latencies, 0.99);
    System.out.printf("nodes created:      %d at %.0f creates/s (%d writer threads, %d service watchers open)%n",
        NODES, nodeRate, WRITERS, WATCHERS);
    System.out.printf("services created:   %d at %.0f creates/s  [target >= 2000/s: %s]%n", SERVICES, serviceRate,
        serviceRate >= 2000 ? "met" : "MISSED");
    System.out.printf("write-to-event:     p50 %.1f ms, p99 %.1f ms over %d events  [target p99 <= 50 ms: %s]%n",
        p50, p99, latencies.length, p99 <= 50 ? "met" : "MISSED");
    System.out.printf("list %d services:  median %d ms (min %d, max %d over %d runs; %.1f MB received, parse not"
        + " included)%n", items, listMillis[listMillis.length / 2], listMillis[0], listMillis[listMillis.length - 1],
        listMillis.length, listBytes / 1e6);
  }

  private static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, idx)] / 1_000_000.0;
  }

  private static String node(int i) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-" + i + "\",\"labels\":{"
        + "\"topology.kubernetes.io/zone\":\"zone-" + (i % 3) + "\"}},\"spec\":{\"providerID\":\"fake://node-" + i
        + "\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],\"addresses\":[{\"type\":"
        + "\"InternalIP\",\"address\":\"10.0." + (i / 250) + "." + (i % 250) + "\"}]}}";
  }

  private static String service(int i) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc-" + i + "\",\"labels\":{"
        + "\"app\":\"app-" + (i % 50) + "\"}},\"spec\":{\"type\":\"ClusterIP\",\"selector\":{\"app\":\"app-"
        + (i % 50) + "\"},\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\"}]}}";
  }

  /** Creates {@code count} objects with {@link #WRITERS} threads and returns the creates per second. */
  private double create(String what, int count, java.util.function.IntFunction<String> path,
      java.util.function.IntFunction<String> body, boolean track) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < WRITERS; t++) {
      futures.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < count) {
          HttpRequest req = HttpRequest.newBuilder(URI.create(base + path.apply(i)))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
              .build();
          if (track) {
            sentAt.put("svc-" + i, System.nanoTime());
          }
          HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 201) {
            throw new IllegalStateException(what + " create failed: " + r.statusCode() + " " + r.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long elapsed = System.nanoTime() - t0;
    pool.shutdown();
    return count / (elapsed / 1e9);
  }

  /** One watch stream following services and timing each ADDED event against its create. */
  private final class Watcher implements AutoCloseable {
    final int id;
    final AtomicInteger seen = new AtomicInteger();
    final CountDownLatch done = new CountDownLatch(1);
    private final long[] latencyNanos = new long[SERVICES];
    private final InputStream stream;

    Watcher(int id, String path) throws IOException, InterruptedException {
      this.id = id;
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      this.stream = r.body();
      Thread t = new Thread(this::read, "bench-watcher-" + id);
      t.setDaemon(true);
      t.start();
    }

    private void read() {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          long now = System.nanoTime();
          // a cheap scan instead of a full parse keeps the watchers from competing with the server for CPU
          if (!line.startsWith("{\"type\":\"ADDED\"")) {
            continue;
          }
          int at = line.indexOf("\"name\":\"svc-");
          if (at < 0) {
            continue;
          }
          String name = line.substring(at + 8, line.indexOf('"', at + 8));
          Long sent = sentAt.get(name);
          int n = seen.getAndIncrement();
          if (sent != null && n < latencyNanos.length) {
            latencyNanos[n] = now - sent;
          }
          if (n + 1 == SERVICES) {
            done.countDown();
          }
        }
      } catch (IOException e) {
        // closed at the end of the run
      }
    }

    long[] latencies() {
      return Arrays.copyOf(latencyNanos, Math.min(seen.get(), SERVICES));
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }
}
