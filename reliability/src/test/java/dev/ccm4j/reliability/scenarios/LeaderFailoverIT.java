package dev.ccm4j.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.ControlLoadBalancer;
import dev.ccm4j.reliability.harness.Await;
import dev.ccm4j.reliability.harness.Campaign;
import dev.ccm4j.reliability.harness.Ccm;
import dev.ccm4j.reliability.harness.CloudCensus;
import dev.ccm4j.reliability.harness.Figures;
import dev.ccm4j.reliability.harness.Services;
import dev.ccm4j.reliability.harness.Sizes;
import dev.ccm4j.reliability.harness.Vendor;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Leader failover under load: two CCMs compete for one lease (4 s lease, 3 s renew deadline, 1 s retry) against the
 * Alibaba emulator; the leader is killed with SIGKILL while Services are being created, and the new leader is
 * killed again while Services are being deleted. From outside: the standby leads within lease + retry (+ slack),
 * every Service ends with exactly one load balancer and every deleted one with none, nothing served before a kill
 * changes its address, load balancer or listeners, and every deleted Service's finalizer goes. A second test hands
 * over with SIGTERM, which must take under 2 s.
 *
 * <p>Sizes: {@code reliability.failover.services} Services created (half before the kill, half around it) and
 * {@code reliability.failover.deletions} deleted.
 */
class LeaderFailoverIT {
  private static final int SERVICES = Sizes.count("reliability.failover.services", 80);
  private static final int DELETIONS = Math.min(SERVICES, Sizes.count("reliability.failover.deletions", 40));
  private static final Duration START = Duration.ofSeconds(90);
  /** The standby's deadline after a kill: the lease must expire, then its next retry takes it. */
  private static final Duration TAKEOVER_BOUND = Campaign.LEASE.plus(Campaign.RETRY).plusMillis(1500);
  private static final String[] FLAGS = {"--concurrent-service-syncs=10", "--cloud-api-qps=100",
      "--cloud-api-burst=200"};

  /** What a served Service looked like: its status address, its load balancer and the listeners on it. */
  private record Served(String address, String lbId, List<String> lbAddresses, String listeners) {}

  private static Duration convergence(int services) {
    return Duration.ofSeconds(60 + services / 2);
  }

  @Test
  void sigkillWhileCreatingAndWhileDeletingLosesNothing() throws Exception {
    long began = System.nanoTime();
    try (Campaign campaign = Campaign.start("leader-sigkill", Vendor.ALIBABA, 3)) {
      campaign.run(() -> sigkillScenario(campaign, began));
    }
  }

  @Test
  void sigtermHandsOverInUnderTwoSeconds() throws Exception {
    long began = System.nanoTime();
    try (Campaign campaign = Campaign.start("leader-sigterm", Vendor.ALIBABA, 3)) {
      campaign.run(() -> sigtermScenario(campaign, began));
    }
  }

  private static String name(int i) {
    return String.format("svc-%04d", i);
  }

  /** Creates Services [from, to) on this thread, calling {@code before} with each index first. */
  private static void createWhile(Services services, int from, int to, IntConsumer before) throws ApiException {
    for (int i = from; i < to; i++) {
      before.accept(i);
      services.create(name(i));
    }
  }

  /** Polls the lease until another identity holds it; returns the nanoseconds since {@code since}. */
  private static long awaitNewHolder(Campaign campaign, String old, long since) throws InterruptedException {
    long deadline = since + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> h = campaign.leaseHolder();
      if (h.isPresent() && !h.get().equals(old)) {
        return System.nanoTime() - since;
      }
      TimeUnit.MILLISECONDS.sleep(25);
    }
    throw new AssertionError("no other CCM took the lease from " + old + " within 60 s");
  }

  private static void awaitServed(Campaign campaign, Services services, int expected) throws InterruptedException {
    Await.until(expected + " Services served", convergence(expected), () -> {
      try {
        List<V1Service> all = services.list();
        return all.size() == expected && all.stream().allMatch(s -> Services.address(s).isPresent());
      } catch (ApiException e) {
        return false;
      }
    });
  }

  private static Map<String, Served> snapshot(Campaign campaign, Services services) {
    try {
      CloudCensus census = campaign.census();
      Map<String, Served> out = new LinkedHashMap<>();
      for (V1Service s : services.list()) {
        Optional<String> address = Services.address(s);
        List<ControlLoadBalancer> lbs = census.of(s);
        if (address.isPresent() && lbs.size() == 1) {
          ControlLoadBalancer lb = lbs.get(0);
          out.put(s.getMetadata().getName(), new Served(address.get(), lb.id(), lb.addresses(),
              lb.listeners().toString()));
        }
      }
      return out;
    } catch (ApiException e) {
      throw new IllegalStateException("listing Services failed: " + e.getCode(), e);
    }
  }

  /** The Services that do not have exactly one load balancer, each with its count. */
  private static List<String> notExactlyOne(CloudCensus census, List<V1Service> services) {
    List<String> wrong = new ArrayList<>();
    for (V1Service s : services) {
      int n = census.of(s).size();
      if (n != 1) {
        wrong.add(s.getMetadata().getName() + " has " + n);
      }
    }
    return wrong;
  }

  /** The Services of a snapshot whose address, load balancer or listeners are not what they were. */
  private static List<String> changed(Campaign campaign, Services services, Map<String, Served> before) {
    Map<String, Served> now = snapshot(campaign, services);
    List<String> changed = new ArrayList<>();
    before.forEach((name, was) -> {
      Served is = now.get(name);
      if (!was.equals(is)) {
        changed.add(name + ": " + was + " -> " + is);
      }
    });
    return changed;
  }

  private static Set<String> names(List<V1Service> services) {
    Set<String> out = new TreeSet<>();
    services.forEach(s -> out.add(s.getMetadata().getName()));
    return out;
  }

  private static void sigkillScenario(Campaign campaign, long began) throws Exception {
    Services services = new Services(campaign);
    campaign.joinNodes();
    Ccm a = campaign.startCcm("ccm-a", FLAGS);
    String idA = a.awaitLeading(START);
    Ccm b = campaign.startCcm("ccm-b", FLAGS);
    b.awaitStandby(START);

    // phase 1: half the Services are served before anything goes wrong
    int before = SERVICES / 2;
    for (int i = 0; i < before; i++) {
      services.create(name(i));
    }
    awaitServed(campaign, services, before);

    // phase 2: the other half is created while the leader is SIGKILLed a quarter of the way in
    long[] killedAt = new long[1];
    Map<String, Served> servedAtKill = new LinkedHashMap<>();
    int killAfter = before + (SERVICES - before) / 2;
    createWhile(services, before, SERVICES, i -> {
      if (i == killAfter) {
        servedAtKill.putAll(snapshot(campaign, services));
        killedAt[0] = System.nanoTime();
        a.kill();
      }
    });
    long createTakeover = awaitNewHolder(campaign, idA, killedAt[0]);
    String idB = b.awaitLeading(Duration.ofSeconds(30));
    assertThat(campaign.leaseHolder()).contains(idB);
    long convergeStart = System.nanoTime();
    awaitServed(campaign, services, SERVICES);
    long createConverged = System.nanoTime() - convergeStart;

    List<V1Service> all = services.list();
    CloudCensus census = campaign.census();
    List<String> wrongAfterCreate = notExactlyOne(census, all);
    int orphansAfterCreate = census.orphans(all);
    List<String> changedByCreateKill = changed(campaign, services, servedAtKill);

    // phase 3: a fresh standby, then deletions while the new leader is SIGKILLed half-way
    Ccm c = campaign.startCcm("ccm-c", FLAGS);
    c.awaitStandby(START);
    Map<String, Served> servedBeforeDeletes = snapshot(campaign, services);
    List<String> deleted = new ArrayList<>();
    long[] killedAt2 = new long[1];
    for (int i = 0; i < DELETIONS; i++) {
      if (i == DELETIONS / 2) {
        killedAt2[0] = System.nanoTime();
        b.kill();
      }
      services.delete(name(i));
      deleted.add(name(i));
    }
    long deleteTakeover = awaitNewHolder(campaign, idB, killedAt2[0]);
    c.awaitLeading(Duration.ofSeconds(30));
    long deleteStart = System.nanoTime();
    Await.until("every deleted Service is gone (its finalizer removed)", convergence(DELETIONS), () -> {
      try {
        Set<String> left = names(services.list());
        return deleted.stream().noneMatch(left::contains);
      } catch (ApiException e) {
        return false;
      }
    });
    List<V1Service> remaining = services.list();
    Await.until("the deleted Services' load balancers are gone", Duration.ofSeconds(30),
        () -> campaign.census().orphans(remaining) == 0);
    long deleteConverged = System.nanoTime() - deleteStart;
    CloudCensus after = campaign.census();
    List<String> wrongAfterDelete = notExactlyOne(after, remaining);
    servedBeforeDeletes.keySet().retainAll(names(remaining));
    List<String> changedByDeleteKill = changed(campaign, services, servedBeforeDeletes);

    new Figures("leader SIGKILL (alibaba)")
        .put("Services created / deleted", SERVICES + " / " + DELETIONS)
        .seconds("takeover during creates", createTakeover)
        .seconds("takeover during deletes", deleteTakeover)
        .put("bound (lease + retry + 1.5 s)", TAKEOVER_BOUND.toMillis() / 1000.0 + " s")
        .seconds("converged after create kill", createConverged)
        .seconds("converged after delete kill", deleteConverged)
        .put("served at kill, changed", changedByCreateKill.size() + " of " + servedAtKill.size() + ", "
            + changedByDeleteKill.size() + " of " + servedBeforeDeletes.size())
        .put("orphaned / duplicated LBs", orphansAfterCreate + after.orphans(remaining) + " / "
            + after.duplicates())
        .seconds("scenario time", System.nanoTime() - began)
        .print();
    assertThat(wrongAfterCreate).as("Services without exactly one load balancer after the SIGKILL during"
        + " creation").isEmpty();
    assertThat(orphansAfterCreate).as("orphaned load balancers after the SIGKILL during creation").isZero();
    assertThat(changedByCreateKill).as("Services served before the SIGKILL during creation whose address, load"
        + " balancer or listeners changed").isEmpty();
    assertThat(remaining).hasSize(SERVICES - DELETIONS);
    assertThat(wrongAfterDelete).as("Services without exactly one load balancer after the SIGKILL during"
        + " deletion").isEmpty();
    assertThat(after.orphans(remaining)).as("orphaned load balancers after the SIGKILL during deletion").isZero();
    assertThat(changedByDeleteKill).as("Services served before the SIGKILL during deletion whose address, load"
        + " balancer or listeners changed").isEmpty();
    assertThat(createTakeover).as("takeover after the SIGKILL during creation, ns")
        .isLessThanOrEqualTo(TAKEOVER_BOUND.toNanos());
    assertThat(deleteTakeover).as("takeover after the SIGKILL during deletion, ns")
        .isLessThanOrEqualTo(TAKEOVER_BOUND.toNanos());
  }

  private static void sigtermScenario(Campaign campaign, long began) throws Exception {
    Services services = new Services(campaign);
    campaign.joinNodes();
    Ccm a = campaign.startCcm("ccm-a", FLAGS);
    String idA = a.awaitLeading(START);
    Ccm b = campaign.startCcm("ccm-b", FLAGS);
    b.awaitStandby(START);
    int n = Math.max(4, SERVICES / 8);
    for (int i = 0; i < n; i++) {
      services.create(name(i));
    }
    awaitServed(campaign, services, n);
    Map<String, Served> served = snapshot(campaign, services);

    long t0 = System.nanoTime();
    a.terminate();
    long handover = awaitNewHolder(campaign, idA, t0);
    String idB = b.awaitLeading(Duration.ofSeconds(30));
    assertThat(a.process().awaitExit(Duration.ofSeconds(15))).as("the old leader exits after SIGTERM").isTrue();
    long exited = System.nanoTime() - t0;

    services.create(name(n));
    awaitServed(campaign, services, n + 1);
    List<V1Service> all = services.list();
    CloudCensus census = campaign.census();
    List<String> wrong = notExactlyOne(census, all);
    List<String> changed = changed(campaign, services, served);

    new Figures("leader SIGTERM (alibaba)")
        .put("Services", n + 1)
        .seconds("handover", handover)
        .put("bound", "2.0 s")
        .seconds("old leader exited after", exited)
        .put("served, changed", changed.size() + " of " + served.size())
        .put("orphaned / duplicated LBs", census.orphans(all) + " / " + census.duplicates())
        .seconds("scenario time", System.nanoTime() - began)
        .print();
    assertThat(wrong).as("Services without exactly one load balancer").isEmpty();
    assertThat(census.orphans(all)).as("orphaned load balancers").isZero();
    assertThat(changed).as("Services served before the SIGTERM whose address, load balancer or listeners"
        + " changed").isEmpty();
    assertThat(campaign.leaseHolder()).contains(idB);
    assertThat(handover).as("SIGTERM handover, ns").isLessThan(Duration.ofSeconds(2).toNanos());
  }
}
