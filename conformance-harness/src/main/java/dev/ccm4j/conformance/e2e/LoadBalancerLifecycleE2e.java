package dev.ccm4j.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's load balancer lifecycle, without the data path: the CCM only programs nodes, so no pods are needed.
 * The API side (ingress, cleanup finalizer) is always checked; with a fixture the cloud side (listeners, node ports,
 * addresses, no orphans) is too.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-network] [ccm4j] LoadBalancers [Feature:LoadBalancer]")
public final class LoadBalancerLifecycleE2e {
  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerLifecycleE2e.class);
  private static final String FINALIZER = WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP;

  @Test
  @DisplayName("should handle load balancer cleanup finalizer for service [Slow]")
  void cleanupFinalizer(E2eEnvironment env, E2eNamespace ns) throws Exception {
    Optional<CloudLoadBalancers> cloud = cloudSide(env);
    ServiceJig jig = new ServiceJig(env, ns, "lb-finalizer");
    jig.createLoadBalancer(spec -> { });

    V1Service svc = jig.awaitIngress();
    assertThat(ServiceJig.finalizers(svc)).as("finalizers of %s once it has an ingress", jig.key()).contains(FINALIZER);
    if (cloud.isPresent()) {
      cloud.get().awaitMatching(svc);
    }

    jig.changeToClusterIp();
    svc = jig.awaitLoadBalancerReleased();
    if (cloud.isPresent()) {
      cloud.get().awaitGone(svc);
    }

    jig.changeToLoadBalancer();
    svc = jig.awaitState("Service " + jig.key() + " to get an ingress and the " + FINALIZER
        + " finalizer again after switching back to LoadBalancer",
        s -> ServiceJig.hasIngress(s) && ServiceJig.hasCleanupFinalizer(s));
    if (cloud.isPresent()) {
      cloud.get().awaitMatching(svc);
    }

    jig.delete();
    jig.awaitDeleted();
    if (cloud.isPresent()) {
      cloud.get().awaitGone(svc);
    }
  }

  @Test
  @DisplayName("should be able to change the type and ports of a TCP service [Slow]")
  void changeTypeAndPorts(E2eEnvironment env, E2eNamespace ns) throws Exception {
    Optional<CloudLoadBalancers> cloud = cloudSide(env);
    ServiceJig jig = new ServiceJig(env, ns, "lb-ports");
    jig.createLoadBalancer(spec -> { });
    V1Service svc = jig.awaitIngress();
    assertThat(ServiceJig.finalizers(svc)).as("finalizers of %s once it has an ingress", jig.key()).contains(FINALIZER);
    List<String> ingress = ServiceJig.ingressPoints(svc);
    if (cloud.isPresent()) {
      cloud.get().awaitMatching(svc);
    }

    // change the existing port and add a second one, as upstream's "increment spec.ports[0].port" step does
    V1Service changed = jig.update(s -> {
      s.getSpec().getPorts().get(0).setPort(81);
      s.getSpec().getPorts().add(ServiceJig.port("https", 443, 8443));
    });
    assertThat(changed.getSpec().getPorts()).extracting(V1ServicePort::getPort).containsExactly(81, 443);
    if (cloud.isPresent()) {
      cloud.get().await("to follow the port change to " + changed.getSpec().getPorts().stream()
          .map(p -> p.getPort() + "->" + p.getNodePort()).toList(), changed,
          lb -> CloudLoadBalancers.listenersMatch(lb, changed));
    }
    svc = jig.awaitIngress();
    assertThat(ServiceJig.ingressPoints(svc)).as("ingress of %s after its ports changed", jig.key())
        .isEqualTo(ingress);
    if (cloud.isPresent()) {
      cloud.get().awaitMatching(svc);
    }

    jig.changeToClusterIp();
    svc = jig.awaitLoadBalancerReleased();
    assertThat(svc.getSpec().getPorts()).extracting(V1ServicePort::getNodePort).as("node ports after ClusterIP")
        .containsOnlyNulls();
    if (cloud.isPresent()) {
      cloud.get().awaitGone(svc);
    }

    jig.delete();
    jig.awaitDeleted();
  }

  /** Skips specs for a provider without load balancers; says when only the API side can be checked. */
  private static Optional<CloudLoadBalancers> cloudSide(E2eEnvironment env) {
    Assumptions.assumeTrue(env.loadBalancerNaming().isPresent(),
        "provider " + env.providerName() + " offers no LoadBalancer");
    Optional<CloudLoadBalancers> cloud = CloudLoadBalancers.of(env);
    if (cloud.isEmpty()) {
      LOG.info("no fixture for provider {}: checking the API side only", env.providerName());
    }
    return cloud;
  }
}
