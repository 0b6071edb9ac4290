package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.FaultRule;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.reliability.harness.Await;
import dev.ccm4j.reliability.harness.Campaign;
import dev.ccm4j.reliability.harness.Ccm;
import dev.ccm4j.reliability.harness.CloudCensus;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.Metrics;
import dev.ccm4j.reliability.harness.Services;
import dev.ccm4j.reliability.harness.Sizes;
import dev.ccm4j.reliability.harness.Vendor;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Cloud faults through the emulator's fault rules while Services are created and a Node is NotReady: 30% of calls
 * throttled with a retry-after, 10% answered 500, 2 s latency spikes, then a full outage (every call 503). From
 * outside: everything converges after the faults end (exactly one load balancer per Service), the CCM's governed
 * cloud call rate stays within {@code --cloud-api-qps} (+ burst), the backoff shows in {@code /metrics} (throttled
 * calls counted, the effective rate lowered, work queue retries), and no Node is deleted during the outage.
 *
 * <p>Sizes: {@code reliability.faults.services} Services, {@code reliability.faults.duration} of mixed faults and
 * {@code reliability.faults.outage} of outage.
 */
class CloudFaultsIT {
  private static final int SERVICES = Sizes.count("reliability.faults.services", 20);
  private static final Duration FAULTS = Sizes.duration("reliability.faults.duration", Duration.ofSeconds(20));
  private static final Duration OUTAGE = Sizes.duration("reliability.faults.outage", Duration.ofSeconds(10));
  private static final double QPS = 5;
  private static final int BURST = 10;
  /** The window the governed call rate is measured over. */
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration START = Duration.ofSeconds(90);

  /** One scrape of the CCM's metrics, with the Nodes seen at that moment. */
  private record Sample(long nanos, double calls, double throttled, double qps, int nodes) {}

  @Test
  void throttlingErrorsLatencyAndAnOutageConvergeWithinTheRateAndDeleteNoNode() throws Exception {
    long began = System.nanoTime();
    try (Campaign campaign = Campaign.start("cloud-faults", Vendor.ALIBABA, 3)) {
      campaign.run(() -> scenario(campaign, began));
    }
  }

  private static void scenario(Campaign campaign, long began) throws Exception {
    Services services = new Services(campaign);
    List<ControlInstance> instances = campaign.joinNodes();
    Ccm ccm = campaign.startCcm("ccm", "--cloud-api-qps=" + (int) QPS, "--cloud-api-burst=" + BURST,
        "--concurrent-service-syncs=5");
    ccm.awaitLeading(START);
    Await.until("every Node initialized", Duration.ofSeconds(60), () -> {
      try {
        return campaign.core().listNode().execute().getItems().stream().allMatch(n -> n.getSpec() != null
            && n.getSpec().getProviderID() != null && (n.getSpec().getTaints() == null
            || n.getSpec().getTaints().isEmpty()));
      } catch (ApiException e) {
        return false;
      }
    });

    List<Sample> samples = new CopyOnWriteArrayList<>();
    ConcurrentSkipListMap<Long, JournalEntry> journal = new ConcurrentSkipListMap<>();
    AtomicLong journalSeen = new AtomicLong();
    AtomicInteger injected5xx = new AtomicInteger();
    ScheduledExecutorService background = Executors.newScheduledThreadPool(3, r -> {
      Thread t = new Thread(r, "cloud-faults-sampler");
      t.setDaemon(true);
      return t;
    });
    int minNodes;
    Instant faultsFrom = Instant.now();
    Instant outageFrom;
    Instant outageTo;
    long outageStart;
    long outageEnd;
    long converged;
    try {
      background.scheduleAtFixedRate(() -> sample(campaign, ccm, samples), 0, 500, TimeUnit.MILLISECONDS);
      background.scheduleAtFixedRate(() -> readJournal(campaign, journal), 0, 1, TimeUnit.SECONDS);

      faultsFrom = Instant.now();
      // mixed faults: the throttle rule first, so a 500 rule's count is only spent on calls it let through
      campaign.cloud().addFault(FaultRule.builder().operation(".*").throttleFraction(0.3)
          .retryAfter(Duration.ofSeconds(1)).build());
      AtomicLong lastSeq = new AtomicLong(-1);
      double[] owed = new double[1];
      var errors = background.scheduleAtFixedRate(() -> {
        // a rule fails its next N calls, not a fraction: every second, 10% of the calls since the last look are
        // owed a 500, the fractions carried over so a slow caller still gets its share
        long seq = journal.isEmpty() ? -1 : journal.lastKey();
        long calls = lastSeq.get() < 0 ? 0 : seq - lastSeq.get();
        lastSeq.set(seq);
        owed[0] += calls * 0.1;
        int n = (int) Math.floor(owed[0]);
        if (n > 0) {
          owed[0] -= n;
          campaign.cloud().addFault(FaultRule.builder().operation(".*").fail(500, "InternalError",
              "injected by the reliability campaign").times(n).build());
          injected5xx.addAndGet(n);
        }
      }, 1, 1, TimeUnit.SECONDS);
      var spikes = background.scheduleAtFixedRate(() -> campaign.cloud().addFault(FaultRule.builder()
          .operation(".*").latency(Duration.ofSeconds(2)).times(1).build()), 0, 5, TimeUnit.SECONDS);
      long faultsEnd = System.nanoTime() + FAULTS.toNanos();
      int created = 0;
      int duringFaults = SERVICES * 3 / 4;
      while (created < duringFaults) {
        services.create(name(created++));
        Thread.sleep(Math.max(1, FAULTS.toMillis() / duringFaults));
      }
      Thread.sleep(Math.max(0, (faultsEnd - System.nanoTime()) / 1_000_000));
      errors.cancel(false);
      spikes.cancel(false);

      // the outage: every call fails, a Node goes NotReady, and more Services are asked for
      campaign.cloud().clearFaults();
      campaign.cloud().addFault(FaultRule.builder().operation(".*").fail(503, "ServiceUnavailable",
          "injected outage").build());
      outageStart = System.nanoTime();
      outageFrom = Instant.now();
      String notReady = Campaign.nodeName(instances.get(instances.size() - 1));
      campaign.kubelets().stop(notReady);
      while (created < SERVICES) {
        services.create(name(created++));
      }
      Thread.sleep(OUTAGE.toMillis());
      outageEnd = System.nanoTime();
      outageTo = Instant.now();
      minNodes = samples.stream().filter(s -> s.nanos() >= outageStart).mapToInt(Sample::nodes).min()
          .orElse(-1);
      campaign.cloud().clearFaults();
      campaign.kubelets().start(notReady);

      Await.until("every Service served after the faults end", Duration.ofSeconds(120 + SERVICES), () -> {
        try {
          List<V1Service> all = services.list();
          CloudCensus census = campaign.census();
          return all.size() == SERVICES && all.stream().allMatch(s -> Services.address(s).isPresent()
              && census.of(s).size() == 1);
        } catch (ApiException e) {
          return false;
        }
      });
      converged = System.nanoTime() - outageEnd;
      readJournal(campaign, journal);
      sample(campaign, ccm, samples);
    } finally {
      background.shutdownNow();
      background.awaitTermination(10, TimeUnit.SECONDS);
    }

    List<V1Service> all = services.list();
    CloudCensus census = campaign.census();
    Metrics m = ccm.metrics();
    double governedPeak = peakRate(samples);
    List<JournalEntry> entries = new ArrayList<>(journal.values());
    double vendorPeak = peakJournalRate(entries);
    Instant from = faultsFrom;
    Instant mid = outageFrom;
    Instant to = outageTo;
    List<JournalEntry> mixed = entries.stream().filter(e -> !e.time().isBefore(from) && e.time().isBefore(mid))
        .toList();
    List<JournalEntry> outage = entries.stream().filter(e -> !e.time().isBefore(mid) && e.time().isBefore(to))
        .toList();
    long mixedThrottled = mixed.stream().filter(e -> e.errorCode().toLowerCase(Locale.ROOT).contains("throttl"))
        .count();
    long mixed5xx = mixed.stream().filter(e -> e.status() >= 500).count();
    long mixedSlow = mixed.stream().filter(e -> e.durationMillis() >= 2000).count();
    long outage503 = outage.stream().filter(e -> e.status() == 503).count();
    long throttledAnswers = entries.stream().filter(e -> e.errorCode().toLowerCase(Locale.ROOT)
        .contains("throttl")).count();
    long fiveHundreds = entries.stream().filter(e -> e.status() >= 500).count();
    double minQps = samples.stream().mapToDouble(Sample::qps).filter(q -> !Double.isNaN(q)).min().orElse(QPS);
    double retries = m.sum("workqueue_retries_total", "name", "service");
    double throttledCalls = m.sum("cloudprovider_api_requests_total", "result", "throttled");
    double deleted = m.sum("cloud_node_lifecycle_nodes_deleted_total");
    new Figures("cloud faults (alibaba)")
        .put("Services", SERVICES)
        .put("faults / outage", FAULTS.toSeconds() + " s / " + OUTAGE.toSeconds() + " s")
        .put("vendor calls during faults: throttled / 500 / >= 2 s", mixed.size() + ": " + mixedThrottled + " / "
            + mixed5xx + " / " + mixedSlow)
        .put("vendor calls during outage (503)", outage.size() + " (" + outage503 + ")")
        .put("vendor calls in all", entries.size())
        .put("governed calls/s, peak " + WINDOW.toSeconds() + " s window", String.format(Locale.ROOT, "%.1f",
            governedPeak))
        .put("bound (qps + burst/window)", String.format(Locale.ROOT, "%.1f", QPS + BURST / (double)
            WINDOW.toSeconds()))
        .put("vendor HTTP calls/s, peak", String.format(Locale.ROOT, "%.1f", vendorPeak))
        .put("effective qps, lowest", String.format(Locale.ROOT, "%.2f", minQps))
        .put("throttled calls / service retries (metrics)", (long) throttledCalls + " / " + (long) retries)
        .seconds("converged after the outage", converged)
        .put("Nodes during outage (min) / deleted", minNodes + " / " + (long) deleted)
        .seconds("scenario time", System.nanoTime() - began)
        .print();

    assertThat(all).hasSize(SERVICES);
    for (V1Service s : all) {
      assertThat(census.of(s)).as("load balancers of %s", s.getMetadata().getName()).hasSize(1);
    }
    assertThat(census.orphans(all)).as("orphaned load balancers").isZero();
    assertThat(minNodes).as("Nodes during the outage").isEqualTo(instances.size());
    assertThat(deleted).as("cloud_node_lifecycle_nodes_deleted_total").isZero();
    assertThat(governedPeak).as("governed cloud calls per second over any %s window", WINDOW)
        .isLessThanOrEqualTo(QPS + BURST / (double) WINDOW.toSeconds());
    assertThat(throttledAnswers).as("throttled answers the emulator gave").isPositive();
    assertThat(fiveHundreds).as("5xx answers the emulator gave").isPositive();
    assertThat(throttledCalls).as("cloudprovider_api_requests_total{result=throttled}").isPositive();
    assertThat(minQps).as("cloudprovider_api_rate_limit_qps lowered while throttled").isLessThan(QPS);
    assertThat(retries).as("workqueue_retries_total{name=service}").isPositive();
  }

  private static String name(int i) {
    return String.format("fault-%04d", i);
  }

  private static void sample(Campaign campaign, Ccm ccm, List<Sample> samples) {
    try {
      Metrics m = ccm.metrics();
      int nodes = campaign.core().listNode().execute().getItems().size();
      samples.add(new Sample(System.nanoTime(), m.sum("cloudprovider_api_requests_total"),
          m.sum("cloudprovider_api_requests_total", "result", "throttled"),
          m.min("cloudprovider_api_rate_limit_qps"), nodes));
    } catch (RuntimeException | ApiException e) {
      // a missed sample only widens the windows around it
    }
  }

  private static void readJournal(Campaign campaign, Map<Long, JournalEntry> journal) {
    try {
      for (JournalEntry e : campaign.cloud().journal()) {
        journal.putIfAbsent(e.seq(), e);
      }
    } catch (RuntimeException e) {
      // the next read catches up: entries are keyed by sequence number
    }
  }

  /** The highest governed call rate over any window between two samples at least {@link #WINDOW} apart. */
  private static double peakRate(List<Sample> samples) {
    double peak = 0;
    for (int i = 0; i < samples.size(); i++) {
      for (int j = i + 1; j < samples.size(); j++) {
        long dt = samples.get(j).nanos() - samples.get(i).nanos();
        if (dt >= WINDOW.toNanos()) {
          peak = Math.max(peak, (samples.get(j).calls() - samples.get(i).calls()) / (dt / 1e9));
          break;
        }
      }
    }
    return peak;
  }

  /** The highest vendor HTTP call rate the journal shows over any {@link #WINDOW}. */
  private static double peakJournalRate(List<JournalEntry> entries) {
    List<Instant> times = entries.stream().map(JournalEntry::time).sorted().toList();
    double peak = 0;
    int j = 0;
    for (int i = 0; i < times.size(); i++) {
      while (j < times.size() && Duration.between(times.get(i), times.get(j)).compareTo(WINDOW) < 0) {
        j++;
      }
      peak = Math.max(peak, (j - i) / (double) WINDOW.toSeconds());
    }
    return peak;
  }
}
