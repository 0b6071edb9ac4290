package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.InJvmApi;
import dev.ccm4j.reliability.harness.LocalCcms;
import dev.ccm4j.reliability.harness.PrivateDirectory;
import dev.ccm4j.reliability.harness.Probe;
import dev.ccm4j.reliability.harness.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients on a CCM's serving port, for {@code reliability.hostile.duration} (CI 15 s, full 120 s): clients
 * that send their headers one byte a second, clients that send a declared body one byte a second, many TLS
 * connections left idle, TCP connections whose TLS handshake never finishes, and oversized requests (1 MiB of
 * headers, a 10 MiB body). Half of them come from the probes' own address (127.0.0.1), half from other loopback
 * addresses. Meanwhile {@code /healthz} and {@code /readyz} are probed every 200 ms on new connections, as a
 * kubelet probes them: every probe must answer 200 within {@link #BOUND}. Each hostile kind re-opens what the server
 * closes, so the pressure lasts the whole run.
 */
class HostileClientsIT {
  private static final String SCENARIO = "hostile-clients";
  private static final Duration DURATION = Sizes.duration("reliability.hostile.duration", Duration.ofSeconds(15));
  private static final int PER_KIND = Sizes.count("reliability.hostile.connections", 60);
  /** A kubelet probe's default timeout is 1 s; the bound leaves room for a 2-core CI runner. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private final AtomicBoolean stop = new AtomicBoolean();
  private final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> closedByServer = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> oversizedAnswers = new ConcurrentHashMap<>();
  private final List<Socket> all = new CopyOnWriteArrayList<>();
  private int port;

  @Test
  void probesKeepAnsweringWhileHostileClientsHoldThePort() throws Exception {
    Path dir = PrivateDirectory.create("ccm4j-hostile");
    try (InJvmApi api = InJvmApi.start(dir, "hostile-" + Long.toHexString(System.nanoTime()));
        LocalCcms.Process ccm = LocalCcms.start(SCENARIO, "ccm", api)) {
      port = ccm.port();
      // a leader is unready until its informers have synced: the hostility starts from a ready CCM
      dev.ccm4j.reliability.harness.Await.until("a ready CCM", Duration.ofSeconds(30),
          () -> Probe.get(port, "/readyz", Duration.ofSeconds(5)).ok());
      List<Thread> threads = new ArrayList<>();
      threads.add(trickler("slow headers", "GET /healthz HTTP/1.1\r\nHost: ccm\r\nX-Slow: ", true));
      threads.add(trickler("slow bodies",
          "POST /healthz HTTP/1.1\r\nHost: ccm\r\nContent-Length: 100000\r\n\r\n", true));
      threads.add(holder("idle TLS connections", true));
      threads.add(holder("handshakes never finished", false));
      threads.add(oversized());
      threads.forEach(Thread::start);

      List<Long> millis = Collections.synchronizedList(new ArrayList<>());
      Map<String, Integer> failures = new TreeMap<>();
      long end = System.nanoTime() + DURATION.toNanos();
      int probes = 0;
      while (System.nanoTime() < end) {
        for (String path : List.of("/healthz", "/readyz")) {
          Probe.Answer a = Probe.get(port, path, Duration.ofSeconds(10));
          probes++;
          millis.add(a.millis());
          if (!a.ok() || a.millis() > BOUND.toMillis()) {
            failures.merge(path + " " + (a.ok() ? "slow" : a.status() < 0 ? a.body() : a.status() + " " + a.body()), 1,
                Integer::sum);
          }
        }
        Thread.sleep(200);
      }
      stop.set(true);
      all.forEach(HostileClientsIT::closeQuietly);
      for (Thread t : threads) {
        t.join(5000);
      }
      assertThat(ccm.process().alive()).as("the CCM survived the hostile clients").isTrue();
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      new Figures("Hostile clients (" + DURATION.toSeconds() + " s, " + PER_KIND + " per kind)")
          .put("connections opened", new TreeMap<>(opened))
          .put("closed by the server", new TreeMap<>(closedByServer))
          .put("oversized answers", new TreeMap<>(oversizedAnswers))
          .put("probes", probes)
          .put("probe p50 ms", sorted.get(sorted.size() / 2))
          .put("probe p99 ms", sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)))
          .put("probe max ms", sorted.get(sorted.size() - 1))
          .put("probes failed or over " + BOUND.toMillis() + " ms", failures.isEmpty() ? "0" : failures)
          .print();
      assertThat(failures).as("probes that failed or took longer than " + BOUND.toMillis() + " ms").isEmpty();
    } finally {
      PrivateDirectory.delete(dir);
    }
  }

  /** Alternates the probes' own address and other loopback addresses. */
  private Socket connect(String kind, boolean tls) throws IOException {
    int n = opened.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    Socket raw = new Socket();
    if (n % 2 == 0) {
      raw.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + n % 8)), 0));
    }
    raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    all.add(raw);
    if (!tls) {
      return raw;
    }
    SSLSocketFactory f = Probe.trustAll().getSocketFactory();
    SSLSocket s = (SSLSocket) f.createSocket(raw, "127.0.0.1", port, true);
    s.setSoTimeout(15_000);
    s.startHandshake();
    all.add(s);
    return s;
  }

  private void closed(String kind, Socket s) {
    closedByServer.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    all.remove(s);
    closeQuietly(s);
  }

  /** Connections that send a prefix, then one byte a second, reopened when the server closes them. */
  private Thread trickler(String kind, String prefix, boolean tls) {
    return daemon(kind, () -> {
      List<Socket> socks = new ArrayList<>();
      while (!stop.get()) {
        while (socks.size() < PER_KIND && !stop.get()) {
          try {
            Socket s = connect(kind, tls);
            s.getOutputStream().write(prefix.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            socks.add(s);
          } catch (IOException e) {
            pause(50);
          }
        }
        for (Socket s : new ArrayList<>(socks)) {
          try {
            s.getOutputStream().write('a');
            s.getOutputStream().flush();
          } catch (IOException e) {
            socks.remove(s);
            closed(kind, s);
          }
        }
        pause(1000);
      }
    });
  }

  /** Connections that send nothing (after the handshake, or instead of finishing it). */
  private Thread holder(String kind, boolean tls) {
    return daemon(kind, () -> {
      List<Socket> socks = new ArrayList<>();
      while (!stop.get()) {
        while (socks.size() < PER_KIND && !stop.get()) {
          try {
            Socket s = connect(kind, tls);
            if (!tls) {
              // the first bytes of a TLS record header, and then nothing
              s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
              s.getOutputStream().flush();
            }
            s.setSoTimeout(1);
            socks.add(s);
          } catch (IOException e) {
            pause(50);
          }
        }
        for (Socket s : new ArrayList<>(socks)) {
          try {
            int b = s.getInputStream().read();
            if (b < 0) {
              socks.remove(s);
              closed(kind, s);
            }
          } catch (java.net.SocketTimeoutException e) {
            // still open
          } catch (IOException e) {
            socks.remove(s);
            closed(kind, s);
          }
        }
        pause(500);
      }
    });
  }

  /** 1 MiB of headers, then a 10 MiB body, one after the other: the status each gets (or that it was cut off). */
  private Thread oversized() {
    String kind = "oversized";
    return daemon(kind, () -> {
      byte[] filler = new byte[64 * 1024];
      java.util.Arrays.fill(filler, (byte) 'x');
      boolean headers = true;
      while (!stop.get()) {
        try {
          Socket s = connect(kind, true);
          try (s) {
            OutputStream out = s.getOutputStream();
            String what;
            try {
              if (headers) {
                what = "1 MiB headers";
                out.write("GET /healthz HTTP/1.1\r\nHost: ccm\r\nX-Big: ".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 16; i++) {
                  out.write(filler);
                }
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              } else {
                what = "10 MiB body";
                out.write(("POST /healthz HTTP/1.1\r\nHost: ccm\r\nContent-Length: " + (10 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 160; i++) {
                  out.write(filler);
                }
              }
              out.flush();
            } catch (IOException e) {
              what = (headers ? "1 MiB headers" : "10 MiB body") + " cut off";
            }
            oversizedAnswers.computeIfAbsent(what + " " + status(s.getInputStream()), k -> new AtomicInteger())
                .incrementAndGet();
          }
        } catch (IOException e) {
          pause(50);
        }
        headers = !headers;
        pause(200);
      }
    });
  }

  private static String status(InputStream in) {
    try {
      byte[] b = new byte[12];
      int n = in.readNBytes(b, 0, 12);
      return n >= 12 ? new String(b, 9, 3, StandardCharsets.US_ASCII) : "closed";
    } catch (IOException e) {
      return "closed";
    }
  }

  private Thread daemon(String name, Runnable r) {
    Thread t = new Thread(() -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (!stop.get()) {
          throw e;
        }
      }
    }, "hostile-" + name);
    t.setDaemon(true);
    return t;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // gone already
    }
  }
}
