package dev.ccm4j.core.service;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream's decisions about Services: which want a load balancer, which need cleanup, which changes matter. */
final class ServicePredicates {
  static final String TYPE_LOAD_BALANCER = "LoadBalancer";

  private ServicePredicates() {}

  /** The built-in controller's scope without adopted finalizers, behind the static helpers below. */
  private static final LoadBalancerScope BUILT_IN = LoadBalancerScope.builtIn(java.util.Set.of());

  /** Type {@code LoadBalancer} and no {@code loadBalancerClass}: any class means another controller owns it. */
  static boolean wantsLoadBalancer(V1Service service) {
    return BUILT_IN.wantsLoadBalancer(service);
  }

  static boolean hasLoadBalancerClass(V1Service service) {
    return service.getSpec() != null && service.getSpec().getLoadBalancerClass() != null;
  }

  /** Carries {@value WellKnown#FINALIZER_LOAD_BALANCER_CLEANUP}. */
  static boolean hasFinalizer(V1Service service) {
    return BUILT_IN.hasFinalizer(service);
  }

  /** Carries the finalizer and is either being deleted or no longer of type {@code LoadBalancer}. */
  static boolean needsCleanup(V1Service service) {
    return BUILT_IN.needsCleanup(service);
  }

  /** Whether an update from {@code oldService} to {@code newService} must re-ensure the load balancer. */
  static boolean needsUpdate(V1Service oldService, V1Service newService) {
    return BUILT_IN.needsUpdate(oldService, newService);
  }

  /**
   * Upstream's {@code needsUpdate}, given whether the old and the new object want a load balancer of the
   * controller asking.
   */
  static boolean needsUpdate(V1Service oldService, V1Service newService, boolean oldWants, boolean newWants) {
    if (!oldWants && !newWants) {
      return false;
    }
    if (oldWants != newWants) {
      return true;
    }
    V1ServiceSpec a = spec(oldService);
    V1ServiceSpec b = spec(newService);
    return !Objects.equals(list(a.getLoadBalancerSourceRanges()), list(b.getLoadBalancerSourceRanges()))
        || portsDiffer(list(a.getPorts()), list(b.getPorts()))
        || !Objects.equals(a.getSessionAffinity(), b.getSessionAffinity())
        || !Objects.equals(a.getSessionAffinityConfig(), b.getSessionAffinityConfig())
        || !Objects.equals(a.getLoadBalancerIP(), b.getLoadBalancerIP())
        || !Objects.equals(list(a.getExternalIPs()), list(b.getExternalIPs()))
        || !Objects.equals(annotations(oldService), annotations(newService))
        || !Objects.equals(uid(oldService), uid(newService))
        || !Objects.equals(a.getExternalTrafficPolicy(), b.getExternalTrafficPolicy())
        || !Objects.equals(a.getHealthCheckNodePort(), b.getHealthCheckNodePort())
        || list(a.getIpFamilies()).size() != list(b.getIpFamilies()).size();
  }

  /** Upstream's {@code LoadBalancerStatusEqual}: only the ingress entries count. */
  static boolean ingressEqual(V1LoadBalancerStatus a, V1LoadBalancerStatus b) {
    return list(a == null ? null : a.getIngress()).equals(list(b == null ? null : b.getIngress()));
  }

  static V1LoadBalancerStatus currentStatus(V1Service service) {
    V1ServiceStatus status = service.getStatus();
    return status == null ? null : status.getLoadBalancer();
  }

  static List<V1LoadBalancerIngress> ingress(V1Service service) {
    V1LoadBalancerStatus status = currentStatus(service);
    return list(status == null ? null : status.getIngress());
  }

  static String uid(V1Service service) {
    return service.getMetadata() == null ? null : service.getMetadata().getUid();
  }

  static String key(V1Service service) {
    V1ObjectMeta meta = Objects.requireNonNull(service.getMetadata(), "service metadata");
    return meta.getNamespace() + "/" + meta.getName();
  }

  private static boolean portsDiffer(List<V1ServicePort> a, List<V1ServicePort> b) {
    if (a.size() != b.size()) {
      return true;
    }
    for (int i = 0; i < a.size(); i++) {
      V1ServicePort x = a.get(i);
      V1ServicePort y = b.get(i);
      if (!Objects.equals(x.getName(), y.getName()) || !Objects.equals(x.getProtocol(), y.getProtocol())
          || !Objects.equals(x.getPort(), y.getPort()) || !Objects.equals(x.getNodePort(), y.getNodePort())
          || !Objects.equals(x.getTargetPort(), y.getTargetPort())
          || !Objects.equals(x.getAppProtocol(), y.getAppProtocol())) {
        return true;
      }
    }
    return false;
  }

  private static V1ServiceSpec spec(V1Service service) {
    return service.getSpec() == null ? new V1ServiceSpec() : service.getSpec();
  }

  /** Absent and empty annotation maps are the same, as in Go where a nil map equals an empty one. */
  private static Map<String, String> annotations(V1Service service) {
    Map<String, String> a = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
