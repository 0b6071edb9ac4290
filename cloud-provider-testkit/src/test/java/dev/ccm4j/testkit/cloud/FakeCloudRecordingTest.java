package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.CLUSTER;
import static dev.ccm4j.testkit.cloud.Fixtures.instance;
import static dev.ccm4j.testkit.cloud.Fixtures.node;
import static dev.ccm4j.testkit.cloud.Fixtures.nodes;
import static dev.ccm4j.testkit.cloud.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.InstancesV2;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FakeCloudRecordingTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void recordsEveryCallWithItsTargetNodesSequenceAndTime() {
    FakeCloud cloud = new FakeCloud("fake", Clock.fixed(T0, ZoneOffset.UTC));
    cloud.addInstance(instance("n1").build());
    InstancesV2 v2 = cloud.instancesV2().orElseThrow();
    v2.instanceExists(node("n1", "fake://n1"));
    cloud.loadBalancer().orElseThrow().ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1", "n2"));

    List<Call> calls = cloud.calls();
    assertThat(calls).hasSize(2);
    Call first = calls.get(0);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.operation()).isEqualTo(Operation.INSTANCE_EXISTS);
    assertThat(first.target()).isEqualTo("n1");
    assertThat(first.nodes()).isEmpty();
    assertThat(first.timestamp()).isEqualTo(T0);
    assertThat(first.thread()).isEqualTo(Thread.currentThread().getName());
    Call second = calls.get(1);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.operation().label()).isEqualTo("create");
    assertThat(second.target()).isEqualTo("default/web");
    assertThat(second.nodes()).containsExactly("n1", "n2");
  }

  @Test
  void queriesAndClear() {
    FakeCloud cloud = new FakeCloud();
    InstancesV2 v2 = cloud.instancesV2().orElseThrow();
    v2.instanceExists(node("a"));
    v2.instanceExists(node("b"));
    cloud.zones().orElseThrow().getZone();
    assertThat(cloud.count(Operation.INSTANCE_EXISTS)).isEqualTo(2);
    assertThat(cloud.count(Operation.GET_ZONE)).isEqualTo(1);
    assertThat(cloud.count(Operation.LIST_ROUTES)).isZero();
    assertThat(cloud.calls(Operation.INSTANCE_EXISTS)).extracting(Call::target).containsExactly("a", "b");

    cloud.clearCalls();
    assertThat(cloud.calls()).isEmpty();
    v2.instanceExists(node("c"));
    assertThat(cloud.calls()).singleElement().extracting(Call::sequence).as("sequence numbers are never reused")
        .isEqualTo(4L);
  }

  @Test
  void operationLabelsAreUniqueAndMatchUpstreamWhereItHasThem() {
    assertThat(List.of(Operation.values())).extracting(Operation::label).doesNotHaveDuplicates();
    assertThat(Operation.ENSURE_LOAD_BALANCER.label()).isEqualTo("create");
    assertThat(Operation.UPDATE_LOAD_BALANCER.label()).isEqualTo("update");
    assertThat(Operation.ENSURE_LOAD_BALANCER_DELETED.label()).isEqualTo("delete");
    assertThat(Operation.INSTANCE_SHUTDOWN_BY_PROVIDER_ID.label()).isEqualTo("instance-shutdown-by-provider-id");
  }

  @Test
  void concurrentCallsAreAllRecordedInOneConsistentOrder() throws Exception {
    FakeCloud cloud = new FakeCloud();
    InstancesV2 v2 = cloud.instancesV2().orElseThrow();
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            v2.instanceExists(node(prefix + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Call> calls = cloud.calls();
    assertThat(calls).hasSize(threads * perThread);
    assertThat(calls).extracting(Call::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
    Map<String, Integer> nextPerThread = new HashMap<>();
    for (Call c : calls) {
      String prefix = c.target().substring(0, c.target().indexOf('-') + 1);
      int expected = nextPerThread.getOrDefault(prefix, 0);
      assertThat(c.target()).as("each thread's calls stay in its own order").isEqualTo(prefix + expected);
      nextPerThread.put(prefix, expected + 1);
    }
    assertThat(nextPerThread).hasSize(threads).allSatisfy((k, v) -> assertThat(v).isEqualTo(perThread));
  }
}
