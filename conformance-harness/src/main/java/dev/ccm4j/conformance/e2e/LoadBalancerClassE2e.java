package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Service with a {@code loadBalancerClass} belongs to another controller: the CCM must not add its finalizer, set
 * or clear its status, or create a cloud load balancer for it. Upstream's conformance spec "should complete a
 * service status lifecycle" relies on exactly that.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-network] [ccm4j] Services")
public final class LoadBalancerClassE2e {
  static final String FOREIGN_CLASS = "example.com/internal-vip";
  static final String PATCHED_INGRESS = "203.0.113.1";

  @Test
  @DisplayName("should ignore a LoadBalancer Service of another loadBalancerClass")
  void ignoresForeignClass(E2eEnvironment env, E2eNamespace ns) throws Exception {
    ServiceJig jig = new ServiceJig(env, ns, "lb-foreign");
    jig.createLoadBalancer(spec -> spec.setLoadBalancerClass(FOREIGN_CLASS));
    watchUntouched(env, jig, "no ingress, no " + WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP + " finalizer and no cloud"
        + " load balancer on " + jig.key(),
        s -> ServiceJig.ingress(s).isEmpty());
    jig.delete();
    jig.awaitDeleted();
  }

  @Test
  @DisplayName("should complete a service status lifecycle with another loadBalancerClass")
  void statusLifecycle(E2eEnvironment env, E2eNamespace ns) throws Exception {
    ServiceJig jig = new ServiceJig(env, ns, "lb-status");
    jig.createLoadBalancer(spec -> spec.setLoadBalancerClass(FOREIGN_CLASS));
    V1Service patched = jig.patchStatus("{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + PATCHED_INGRESS
        + "\"}]}}}");
    assertThat(ServiceJig.ingressPoints(patched)).as("ingress of %s after patching its status", jig.key())
        .containsExactly(PATCHED_INGRESS);
    watchUntouched(env, jig, "the patched ingress " + PATCHED_INGRESS + " to stay, with no "
        + WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP + " finalizer and no cloud load balancer, on " + jig.key(),
        s -> ServiceJig.ingressPoints(s).equals(List.of(PATCHED_INGRESS)));
    jig.delete();
    jig.awaitDeleted();
  }

  /** Watches the Service and the cloud for the settle window; the CCM must change nothing. */
  private static void watchUntouched(E2eEnvironment env, ServiceJig jig, String what,
      Predicate<V1Service> statusAsLeft) throws InterruptedException {
    Optional<CloudLoadBalancers> cloud = CloudLoadBalancers.of(env);
    Waits.holdsFor(what, env.timeouts().ignoredSettle(), env.timeouts().poll(),
        () -> {
          V1Service svc = jig.get();
          Optional<FixtureLoadBalancer> lb = Optional.empty();
          if (cloud.isPresent()) {
            lb = env.fixture().orElseThrow().loadBalancer(cloud.get().nameOf(svc));
          }
          return new Observed(svc, lb);
        },
        o -> !ServiceJig.hasCleanupFinalizer(o.svc()) && statusAsLeft.test(o.svc()) && o.lb().isEmpty(),
        o -> ServiceJig.describe(o.svc()) + "; cloud: " + CloudLoadBalancers.describe(o.lb()));
  }

  private record Observed(V1Service svc, Optional<FixtureLoadBalancer> lb) {}
}
