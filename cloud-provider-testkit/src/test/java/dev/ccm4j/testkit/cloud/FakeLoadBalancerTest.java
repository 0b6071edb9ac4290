package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.CLUSTER;
import static dev.ccm4j.testkit.cloud.Fixtures.nodes;
import static dev.ccm4j.testkit.cloud.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeLoadBalancerTest {
  private static final String UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
  private static final String NAME = "a0f1e2d3c4b5a69788796a5b4c3d2e1f";

  private final FakeCloud cloud = new FakeCloud();
  private final LoadBalancer lb = cloud.loadBalancer().orElseThrow();

  @Test
  void ensureCreatesABalancerThatGetReportsTruthfully() {
    V1Service svc = service("web", UID);
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).isEmpty();

    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, nodes("n2", "n1"));
    assertThat(status.getIngress()).hasSize(1);
    assertThat(status.getIngress().get(0).getIp()).isEqualTo("192.0.2.1");
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).contains(status);

    FakeLoadBalancer created = cloud.loadBalancers().get(CLUSTER + "/" + NAME);
    assertThat(created).isNotNull();
    assertThat(created.name()).isEqualTo(NAME);
    assertThat(created.serviceKey()).isEqualTo("default/web");
    assertThat(created.serviceUid()).isEqualTo(UID);
    assertThat(created.nodes()).containsExactly("n1", "n2");
    assertThat(created.ports()).containsExactly(new BalancerPort("http", "TCP", 80, 30080),
        new BalancerPort("dns", "UDP", 53, 30053));
    assertThat(created.sourceRanges()).containsExactly(WellKnown.DEFAULT_LOAD_BALANCER_SOURCE_RANGE);
    assertThat(cloud.findLoadBalancer("default/web")).contains(created);
    assertThat(cloud.loadBalancer(CLUSTER, svc)).contains(created);
    assertThat(lb.getLoadBalancer("other-cluster", svc)).as("balancers are per cluster").isEmpty();
  }

  @Test
  void ensureIsIdempotentAndKeepsTheIngress() {
    V1Service svc = service("web", UID);
    V1LoadBalancerStatus first = lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1"));
    Map<String, FakeLoadBalancer> after = cloud.loadBalancers();
    V1LoadBalancerStatus second = lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1"));
    assertThat(second).isEqualTo(first);
    assertThat(cloud.loadBalancers()).isEqualTo(after);

    lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1", "n3"));
    assertThat(cloud.findLoadBalancer("default/web").orElseThrow().ingress().ip())
        .as("the ingress is stable across ensures").isEqualTo("192.0.2.1");
  }

  @Test
  void updateSetsTheBackendsExactly() {
    V1Service svc = service("web", UID);
    lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1", "n2", "n3"));
    lb.updateLoadBalancer(CLUSTER, svc, nodes("n3", "n4"));
    assertThat(cloud.findLoadBalancer("default/web").orElseThrow().nodes()).containsExactly("n3", "n4");
    lb.updateLoadBalancer(CLUSTER, svc, List.of());
    assertThat(cloud.findLoadBalancer("default/web").orElseThrow().nodes()).isEmpty();

    assertThat(cloud.ensureCalls()).containsExactly(new BalancerCall(Operation.ENSURE_LOAD_BALANCER, CLUSTER,
        "default/web", List.of("n1", "n2", "n3")));
    assertThat(cloud.updateCalls()).containsExactly(
        new BalancerCall(Operation.UPDATE_LOAD_BALANCER, CLUSTER, "default/web", List.of("n3", "n4")),
        new BalancerCall(Operation.UPDATE_LOAD_BALANCER, CLUSTER, "default/web", List.of()));
    assertThat(cloud.calls(Operation.UPDATE_LOAD_BALANCER).get(0).nodes()).containsExactly("n3", "n4");
    cloud.clearBalancerCalls();
    assertThat(cloud.ensureCalls()).isEmpty();
    assertThat(cloud.updateCalls()).isEmpty();
  }

  @Test
  void updateOfAMissingBalancerFails() {
    assertThatThrownBy(() -> lb.updateLoadBalancer(CLUSTER, service("web", UID), nodes("n1")))
        .isInstanceOf(CloudProviderException.class);
    assertThat(cloud.loadBalancers()).isEmpty();
  }

  @Test
  void deleteRemovesAndIsANoOpWhenAbsent() {
    V1Service svc = service("web", UID);
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1"));
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(cloud.loadBalancers()).isEmpty();
    assertThat(lb.getLoadBalancer(CLUSTER, svc)).isEmpty();
    assertThat(cloud.calls()).extracting(c -> c.operation().label())
        .containsExactly("delete", "create", "delete", "delete", "get");
  }

  @Test
  void addressesComeFromThePoolAndAreReusedAfterDelete() {
    V1Service a = service("a", "a0000000-0000-0000-0000-000000000000");
    V1Service b = service("b", "b0000000-0000-0000-0000-000000000000");
    assertThat(lb.ensureLoadBalancer(CLUSTER, a, nodes()).getIngress().get(0).getIp()).isEqualTo("192.0.2.1");
    assertThat(lb.ensureLoadBalancer(CLUSTER, b, nodes()).getIngress().get(0).getIp()).isEqualTo("192.0.2.2");
    lb.ensureLoadBalancerDeleted(CLUSTER, a);
    V1Service c = service("c", "c0000000-0000-0000-0000-000000000000");
    assertThat(lb.ensureLoadBalancer(CLUSTER, c, nodes()).getIngress().get(0).getIp()).isEqualTo("192.0.2.1");
  }

  @Test
  void requestedIpAndACustomAllocatorAreHonoured() {
    cloud.setIngressAllocator((key, inUse) -> BalancerIngress.hostname(key.replace('/', '-') + ".lb.example"));
    V1LoadBalancerStatus hostnamed = lb.ensureLoadBalancer(CLUSTER, service("web", UID), nodes());
    assertThat(hostnamed.getIngress().get(0).getHostname()).isEqualTo("default-web.lb.example");
    assertThat(hostnamed.getIngress().get(0).getIp()).isNull();

    V1Service pinned = service("pinned", "11111111-2222-3333-4444-555555555555");
    pinned.getSpec().setLoadBalancerIP("198.51.100.7");
    assertThat(lb.ensureLoadBalancer(CLUSTER, pinned, nodes()).getIngress().get(0).getIp())
        .isEqualTo("198.51.100.7");
  }

  @Test
  void sourceRangesComeFromTheSpecOrTheAnnotation() {
    V1Service spec = service("spec", "11111111-0000-0000-0000-000000000000");
    spec.getSpec().setLoadBalancerSourceRanges(List.of("10.0.0.0/8", " 192.168.0.0/16"));
    lb.ensureLoadBalancer(CLUSTER, spec, nodes());
    assertThat(cloud.findLoadBalancer("default/spec").orElseThrow().sourceRanges())
        .containsExactly("10.0.0.0/8", "192.168.0.0/16");

    V1Service annotated = service("annotated", "21111111-0000-0000-0000-000000000000");
    annotated.getMetadata().putAnnotationsItem(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES,
        "172.16.0.0/12, 10.1.0.0/16");
    lb.ensureLoadBalancer(CLUSTER, annotated, nodes());
    assertThat(cloud.findLoadBalancer("default/annotated").orElseThrow().sourceRanges())
        .containsExactly("172.16.0.0/12", "10.1.0.0/16");
  }

  @Test
  void aBalancerPutByTheTestIsSeenAndDeleted() {
    V1Service svc = service("web", UID);
    cloud.putLoadBalancer(new FakeLoadBalancer(CLUSTER, NAME, "default/web", UID, List.of(),
        java.util.Set.of("old"), BalancerIngress.ip("203.0.113.9"), List.of()));
    assertThat(lb.getLoadBalancer(CLUSTER, svc).orElseThrow().getIngress().get(0).getIp())
        .isEqualTo("203.0.113.9");
    lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1"));
    assertThat(cloud.findLoadBalancer("default/web").orElseThrow().ingress().ip()).isEqualTo("203.0.113.9");
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(cloud.loadBalancers()).isEmpty();
  }

  @Test
  void aBalancerOfAnotherServiceWithTheSameNameIsNotTouched() {
    V1Service a = service("a", "a0000000-0000-0000-0000-000000000001");
    V1Service b = service("b", "a0000000-0000-0000-0000-000000000002");
    assertThat(lb.getLoadBalancerName(CLUSTER, b)).isEqualTo(lb.getLoadBalancerName(CLUSTER, a));
    lb.ensureLoadBalancer(CLUSTER, a, nodes("n1"));
    assertThatThrownBy(() -> lb.ensureLoadBalancer(CLUSTER, b, nodes("n2")))
        .isInstanceOf(CloudProviderException.class).hasMessageContaining("default/a");
    assertThatThrownBy(() -> lb.updateLoadBalancer(CLUSTER, b, nodes("n2")))
        .isInstanceOf(CloudProviderException.class);
    assertThat(cloud.findLoadBalancer("default/a").orElseThrow().nodes()).containsExactly("n1");
    assertThat(cloud.findLoadBalancer("default/b")).isEmpty();
  }

  @Test
  void concurrentEnsuresForDifferentServicesAllLandWithDistinctAddresses() throws Exception {
    int threads = 8;
    int perThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            String uid = String.format("%08x-0000-0000-0000-000000000000", thread * perThread + i);
            lb.ensureLoadBalancer(CLUSTER, service("svc-" + thread + "-" + i, uid), nodes("n" + i));
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
    assertThat(cloud.loadBalancers()).hasSize(threads * perThread);
    assertThat(cloud.loadBalancers().values()).extracting(b -> b.ingress().ip()).doesNotHaveDuplicates();
    assertThat(cloud.ensureCalls()).hasSize(threads * perThread);
  }

  @Test
  void argumentsAreNeverModified() {
    V1Service svc = service("web", UID);
    List<V1Node> backends = nodes("n1", "n2");
    lb.getLoadBalancer(CLUSTER, svc);
    V1LoadBalancerStatus status = lb.ensureLoadBalancer(CLUSTER, svc, backends);
    lb.updateLoadBalancer(CLUSTER, svc, backends);
    lb.getLoadBalancerName(CLUSTER, svc);
    lb.ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(svc).isEqualTo(service("web", UID));
    assertThat(backends).isEqualTo(nodes("n1", "n2"));
    assertThat(svc.getStatus()).as("the fake returns the status instead of writing it").isNull();
    assertThat(status).isNotNull();
  }

  @Test
  void returnedStatusesAreCopies() {
    V1Service svc = service("web", UID);
    lb.ensureLoadBalancer(CLUSTER, svc, nodes("n1")).getIngress().get(0).setIp("6.6.6.6");
    assertThat(lb.getLoadBalancer(CLUSTER, svc).orElseThrow().getIngress().get(0).getIp()).isEqualTo("192.0.2.1");
  }
}
