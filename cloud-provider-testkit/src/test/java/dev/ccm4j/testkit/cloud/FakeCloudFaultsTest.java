package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.CLUSTER;
import static dev.ccm4j.testkit.cloud.Fixtures.instance;
import static dev.ccm4j.testkit.cloud.Fixtures.node;
import static dev.ccm4j.testkit.cloud.Fixtures.nodes;
import static dev.ccm4j.testkit.cloud.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ThrottledException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FakeCloudFaultsTest {
  private static final long AWAIT_SECONDS = 30;

  private final FakeCloud cloud = new FakeCloud();
  private final InstancesV2 v2 = cloud.instancesV2().orElseThrow();
  private final LoadBalancer lb = cloud.loadBalancer().orElseThrow();

  FakeCloudFaultsTest() {
    cloud.addInstance(instance("n1").build());
    cloud.addInstance(instance("n2").build());
  }

  @Test
  void failsTheNextNCallsThenRecovers() {
    RetryAfterException retry = new RetryAfterException("provisioning", Duration.ofSeconds(5));
    cloud.failNext(Operation.INSTANCE_EXISTS, 2, retry);
    assertThat(catchThrowable(() -> v2.instanceExists(node("n1")))).isSameAs(retry);
    assertThat(catchThrowable(() -> v2.instanceExists(node("n2")))).isSameAs(retry);
    assertThat(v2.instanceExists(node("n1"))).isTrue();
    assertThat(cloud.count(Operation.INSTANCE_EXISTS)).as("failed calls are recorded too").isEqualTo(3);
  }

  @Test
  void aFaultAimedAtOneObjectLeavesOthersAlone() {
    InstanceNotFoundException gone = new InstanceNotFoundException("gone");
    cloud.failNext(Operation.INSTANCE_METADATA, "n2", 1, gone);
    assertThat(v2.instanceMetadata(node("n1"))).isPresent();
    assertThat(catchThrowable(() -> v2.instanceMetadata(node("n2")))).isSameAs(gone);
    assertThat(v2.instanceMetadata(node("n2"))).isPresent();

    cloud.failNext(Operation.INSTANCE_SHUTDOWN, "fake://n1", 1, gone);
    assertThat(catchThrowable(() -> v2.instanceShutdown(node("n1", "fake://n1"))))
        .as("InstancesV2 faults match the provider ID too").isSameAs(gone);
    assertThat(v2.instanceShutdown(node("n1", "fake://n1"))).isFalse();

    ImplementedElsewhereException elsewhere = new ImplementedElsewhereException("internal LB");
    cloud.failNext(Operation.ENSURE_LOAD_BALANCER, "default/internal", 1, elsewhere);
    lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1"));
    assertThat(catchThrowable(() -> lb.ensureLoadBalancer(CLUSTER, service("internal", "u-2"), nodes("n1"))))
        .isSameAs(elsewhere);
    assertThat(cloud.findLoadBalancer("default/internal")).as("a failed ensure changes nothing").isEmpty();
    assertThat(cloud.ensureCalls()).extracting(BalancerCall::serviceKey).containsExactly("default/web");
  }

  @Test
  void failsForeverUntilCleared() {
    ThrottledException throttled = new ThrottledException("429", Duration.ofSeconds(3), null);
    cloud.failAlways(Operation.GET_ZONE, throttled);
    cloud.failAlways(Operation.LIST_ROUTES, new IllegalStateException("boom"));
    for (int i = 0; i < 5; i++) {
      assertThat(catchThrowable(() -> cloud.zones().orElseThrow().getZone())).isSameAs(throttled);
    }
    cloud.clearFaults(Operation.GET_ZONE);
    assertThat(cloud.zones().orElseThrow().getZone()).isNotNull();
    assertThatThrownBy(() -> cloud.routes().orElseThrow().listRoutes(CLUSTER))
        .isInstanceOf(IllegalStateException.class);
    cloud.clearFaults();
    assertThat(cloud.routes().orElseThrow().listRoutes(CLUSTER)).isEmpty();

    cloud.failAlways(Operation.NODE_ADDRESSES, "n2", new InstanceNotFoundException("n2"));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cloud.instances().orElseThrow().nodeAddresses("n2"))
          .isInstanceOf(InstanceNotFoundException.class);
      assertThat(cloud.instances().orElseThrow().nodeAddresses("n1")).hasSize(1);
    }
  }

  @Test
  void rejectsNonPositiveCounts() {
    assertThatThrownBy(() -> cloud.failNext(Operation.GET_ZONE, 0, new RuntimeException()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInterruptedDelayedCallThrowsAndKeepsTheInterruptFlag() throws Exception {
    cloud.setDelay(Operation.INSTANCE_EXISTS, Duration.ofMinutes(10));
    CountDownLatch entered = new CountDownLatch(1);
    cloud.onCall(Operation.INSTANCE_EXISTS, call -> entered.countDown());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        v2.instanceExists(node("n1"));
      } catch (Throwable t) {
        thrown.set(t);
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    }, "delayed-caller");
    caller.setDaemon(true);
    caller.start();
    assertThat(entered.await(AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CloudProviderException.class).hasMessageContaining("interrupted");
    assertThat(flagKept).isTrue();
  }

  @Test
  void theGlobalDelayAppliesToEveryCallAndAPerOperationDelayReplacesIt() throws Exception {
    cloud.setDelay(Duration.ofMinutes(10));
    cloud.setDelay(Operation.GET_ZONE, Duration.ZERO);
    assertThat(cloud.zones().orElseThrow().getZone()).isNotNull();

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> v2.instanceExists(node("n1"))).isInstanceOf(CloudProviderException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }

    cloud.clearDelays();
    assertThat(v2.instanceExists(node("n1"))).isTrue();
    assertThatThrownBy(() -> cloud.setDelay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHookBlockedOnALatchDetectsTwoConcurrentEnsuresForTheSameService() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    CountDownLatch bothInside = new CountDownLatch(2);
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER, call -> {
      maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      bothInside.countDown();
      bothInside.await(AWAIT_SECONDS, TimeUnit.SECONDS);
      inside.decrementAndGet();
    });
    Thread a = new Thread(() -> lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1")), "ensure-a");
    Thread b = new Thread(() -> lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n2")), "ensure-b");
    a.start();
    b.start();
    a.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS * 2));
    b.join(TimeUnit.SECONDS.toMillis(AWAIT_SECONDS * 2));

    assertThat(maxInside).hasValue(2);
    assertThat(cloud.maxConcurrentCalls("default/web")).isEqualTo(2);
    assertThat(cloud.ensureCalls()).hasSize(2);
    assertThat(cloud.findLoadBalancer("default/web")).isPresent();
  }

  @Test
  void sequentialCallsNeverOverlapAndHooksCanBeCleared() {
    AtomicInteger hookCalls = new AtomicInteger();
    cloud.onCall(Operation.UPDATE_LOAD_BALANCER, call -> hookCalls.incrementAndGet());
    lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1"));
    lb.updateLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n2"));
    lb.ensureLoadBalancerDeleted(CLUSTER, service("web", "u-1"));
    assertThat(cloud.maxConcurrentCalls("default/web")).isEqualTo(1);
    assertThat(cloud.maxConcurrentCalls("default/other")).isZero();
    assertThat(hookCalls).hasValue(1);

    cloud.clearHooks();
    cloud.resetConcurrency();
    lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1"));
    lb.updateLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n2"));
    assertThat(hookCalls).hasValue(1);
    assertThat(cloud.maxConcurrentCalls("default/web")).isEqualTo(1);
  }

  @Test
  void anExceptionFromAHookFailsTheCallBeforeAnyChange() {
    cloud.onCall(Operation.ENSURE_LOAD_BALANCER, call -> {
      throw new IllegalStateException("hook says no");
    });
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, service("web", "u-1"), nodes("n1")))
        .hasMessage("hook says no");
    assertThat(cloud.loadBalancers()).isEmpty();
    assertThat(cloud.count(Operation.ENSURE_LOAD_BALANCER)).isEqualTo(1);
  }
}
