package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.inprocess.SimulatedKubelets;
import dev.ccm4j.reliability.harness.Await;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.InJvmApi;
import dev.ccm4j.reliability.harness.LocalCcms;
import dev.ccm4j.reliability.harness.PrivateDirectory;
import dev.ccm4j.reliability.harness.Probe;
import dev.ccm4j.reliability.harness.Sizes;
import dev.ccm4j.kubeapi.FaultInjector;
import dev.ccm4j.kubeapi.RequestMatcher;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * API faults: the Kubernetes API emulator runs in this JVM behind a TLS front ({@link InJvmApi}); a local-provider
 * CCM runs as a separate process. In turn: every watch dropped (three times), history compacted and watches dropped
 * (every resume gets 410 Gone), a burst of 500s and of 429s with {@code Retry-After: 1}, every request held (the
 * API hung) for {@code reliability.api.hang} (CI 8 s, full 30 s), and the API restarted (down 2 s) with a new
 * serving certificate from the same CA on the same port. After each fault a new LoadBalancer Service must get its
 * address and a new Node must be initialized; {@code /healthz} and {@code /readyz} are probed every 250 ms the whole
 * time and must answer 200 again after each fault. A CCM that exits (lease lost while the API hangs longer than the
 * renew deadline, as upstream) is restarted as its Deployment would restart it, and counted.
 */
class ApiFaultsIT {
  private static final String SCENARIO = "api-faults";
  private static final Duration HANG = Sizes.duration("reliability.api.hang", Duration.ofSeconds(8));
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String TOKEN = "reliability-api-token-" + Long.toHexString(System.nanoTime());

  @Test
  void informersRelistAndControllersConvergeAfterEveryApiFault() throws Exception {
    Path dir = PrivateDirectory.create("ccm4j-api-faults");
    Figures figures = new Figures("API faults (hang " + HANG.toSeconds() + " s)");
    try (InJvmApi api = InJvmApi.start(dir, TOKEN);
        SimulatedKubelets kubelets = new SimulatedKubelets(api.client("kubelets"), Duration.ofSeconds(2))) {
      CoreV1Api core = api.core();
      kubelets.register("node-0", List.of(new V1NodeAddress().type("InternalIP").address("127.0.0.1")));
      Holder ccm = new Holder(LocalCcms.start(SCENARIO, "ccm", api));
      Watcher watcher = new Watcher(ccm);
      Thread probes = new Thread(watcher, "api-faults-probes");
      probes.setDaemon(true);
      probes.start();
      Map<String, Long> converge = new LinkedHashMap<>();
      int relists = -1;
      try {
        converge(api, core, kubelets, ccm, "baseline", converge);
        FaultInjector faults = api.server().faults();

        watcher.phase("dropped watches");
        int listsBefore = lists(api);
        for (int i = 0; i < 3; i++) {
          faults.dropWatches();
          Thread.sleep(300);
        }
        converge(api, core, kubelets, ccm, "dropped watches", converge);

        watcher.phase("410 Gone on resume");
        faults.compactHistory();
        faults.dropWatches();
        converge(api, core, kubelets, ccm, "410 Gone on resume", converge);
        relists = lists(api) - listsBefore;

        watcher.phase("500 and 429");
        for (String verb : List.of("get", "list", "watch", "update", "patch")) {
          faults.failNext(RequestMatcher.of(verb, "*"), 10, 500, "InternalError");
          faults.failNext(RequestMatcher.of(verb, "*"), 10, 429, "TooManyRequests", Duration.ofSeconds(1));
        }
        converge(api, core, kubelets, ccm, "500 and 429", converge);
        faults.clear();
        // the hang is measured against the renew deadline: it starts from a fresh renewal, not from one the 500s ate
        awaitRenewal(api);

        watcher.phase("API hung");
        FaultInjector.Hang hang = faults.hang(RequestMatcher.any());
        long hungAt = System.nanoTime();
        Thread.sleep(HANG.toMillis());
        hang.release();
        figures.seconds("hung", System.nanoTime() - hungAt);
        ccm.restartIfExited(api);
        converge(api, core, kubelets, ccm, "API hung", converge);

        watcher.phase("API restarted, new certificate");
        BigInteger before = api.front().servingSerial();
        api.restart(Duration.ofSeconds(2));
        assertThat(api.front().servingSerial()).as("the restarted API serves a new certificate").isNotEqualTo(before);
        ccm.restartIfExited(api);
        converge(api, core, kubelets, ccm, "API restarted, new certificate", converge);
        // readiness clears at the first lease answer after the restart (within one retry period, 2 s); only from
        // then on is a failing probe a failure to recover
        Await.until("/readyz ok after the faults", Duration.ofSeconds(10),
            () -> Probe.get(ccm.current.port(), "/readyz", Duration.ofSeconds(5)).ok());
        watcher.phase("after");
        Thread.sleep(1000);
      } finally {
        watcher.stop.set(true);
        probes.join(5000);
        ccm.current.close();
      }
      figures.put("service lists after drops and 410", relists);
      for (Map.Entry<String, Long> e : converge.entrySet()) {
        figures.put(e.getKey() + " converged", String.format(java.util.Locale.ROOT, "%.1f s", e.getValue() / 1e3));
      }
      figures.put("probes", watcher.probes);
      figures.put("probe failures by phase", watcher.failures());
      figures.put("what /readyz said", watcher.said());
      figures.put("CCM restarts", ccm.restarts);
      figures.put("max probe ms", watcher.maxMillis);
      figures.print();
      assertThat(relists).as("Service lists after the 410 (the informer relisted)").isGreaterThanOrEqualTo(1);
      assertThat(ccm.restarts).as("a CCM restart outside the hang (which may exceed the renew deadline)")
          .isLessThanOrEqualTo(HANG.compareTo(Duration.ofSeconds(10)) >= 0 ? 1 : 0);
      assertThat(watcher.lastFailurePhase).as("probes failing after the faults ended").isNotEqualTo("after");
      // while the API hangs, readiness names the check that sees it (the lease requests go unanswered); liveness
      // stays ok so a kubelet does not restart the CCM, and its data path, over an outage it cannot fix
      assertThat(watcher.said()).as("what /readyz said while the API hung").contains("API hung=")
          .contains("kube-apiserver");
      assertThat(watcher.failures()).as("/healthz while the API hung").doesNotContain("API hung /healthz");
    } finally {
      PrivateDirectory.delete(dir);
    }
  }

  private static void awaitRenewal(InJvmApi api) throws InterruptedException {
    java.time.OffsetDateTime after = java.time.OffsetDateTime.now();
    Await.until("a lease renewal after the 500s", CONVERGE, () -> {
      try {
        var spec = new io.kubernetes.client.openapi.apis.CoordinationV1Api(api.client("lease-reader"))
            .readNamespacedLease("ccm-" + SCENARIO, "kube-system").execute().getSpec();
        return spec != null && spec.getRenewTime() != null && spec.getRenewTime().isAfter(after);
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return false;
      }
    });
  }

  private static int lists(InJvmApi api) {
    return api.server().journal().of("list", "services").size();
  }

  private static int counter;

  /** A new Service and a new Node after the fault: both must converge. */
  private static void converge(InJvmApi api, CoreV1Api core, SimulatedKubelets kubelets, Holder ccm, String phase,
      Map<String, Long> converge) throws Exception {
    int n = ++counter;
    long t0 = System.nanoTime();
    String svc = "svc-" + n;
    String node = "node-" + n;
    Await.until("creating " + svc + " (" + phase + ")", CONVERGE, () -> {
      try {
        LocalCcms.service(core, svc, Map.of());
        return true;
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return e.getCode() == 409;
      }
    });
    Await.until("registering " + node + " (" + phase + ")", CONVERGE, () -> {
      try {
        kubelets.register(node, List.of(new V1NodeAddress().type("InternalIP").address("127.0.0." + (10 + n))));
        return true;
      } catch (io.kubernetes.client.openapi.ApiException e) {
        return e.getCode() == 409;
      }
    });
    Await.until(svc + " served after " + phase, CONVERGE, () -> {
      ccm.restartIfExitedQuietly(api);
      return LocalCcms.address(core, svc).isPresent();
    });
    Await.until(node + " initialized after " + phase, CONVERGE, () -> LocalCcms.initialized(core, node));
    converge.put(phase, (System.nanoTime() - t0) / 1_000_000);
  }

  /** The CCM process, restarted as its Deployment would when it exits. */
  private static final class Holder {
    volatile LocalCcms.Process current;
    volatile int restarts;

    Holder(LocalCcms.Process p) {
      this.current = p;
    }

    synchronized void restartIfExited(InJvmApi api) throws Exception {
      if (!current.process().alive()) {
        restarts++;
        current = LocalCcms.start(SCENARIO, "ccm-restart-" + restarts, api);
      }
    }

    void restartIfExitedQuietly(InJvmApi api) {
      try {
        restartIfExited(api);
      } catch (Exception e) {
        throw new IllegalStateException("cannot restart the CCM", e);
      }
    }
  }

  /** Probes /healthz?verbose and /readyz?verbose every 250 ms and records what fails, per phase. */
  private static final class Watcher implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final Holder ccm;
    volatile String phase = "baseline";
    volatile String lastFailurePhase = "";
    final Map<String, Integer> failures = new LinkedHashMap<>();
    final Map<String, String> said = new LinkedHashMap<>();
    int probes;
    long maxMillis;

    Watcher(Holder ccm) {
      this.ccm = ccm;
    }

    void phase(String p) {
      phase = p;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        for (String path : List.of("/healthz?verbose", "/readyz?verbose")) {
          // the phase a probe is charged to is the one it started in: a probe sent just before the test moves on
          // may answer after the move, and its answer describes the earlier phase
          String phase = this.phase;
          Probe.Answer a = Probe.get(ccm.current.port(), path, Duration.ofSeconds(5));
          synchronized (this) {
            probes++;
            maxMillis = Math.max(maxMillis, a.millis());
            if (!a.ok() && ccm.current.process().alive()) {
              failures.merge(phase + " " + path.substring(0, path.indexOf('?')), 1, Integer::sum);
              said.putIfAbsent(phase, a.status() + ": " + firstFailed(a.body()));
              lastFailurePhase = phase;
            }
          }
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    synchronized String failures() {
      return failures.isEmpty() ? "none" : failures.toString();
    }

    synchronized String said() {
      return said.isEmpty() ? "always ok" : said.toString().replace('|', '/');
    }

    private static String firstFailed(String body) {
      List<String> bad = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (line.startsWith("[-]")) {
          bad.add(line.strip());
        }
      }
      return bad.isEmpty() ? body.strip().replace('\n', ' ') : String.join("; ", bad);
    }
  }
}
