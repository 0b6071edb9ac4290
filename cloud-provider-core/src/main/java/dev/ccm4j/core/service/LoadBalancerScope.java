package dev.ccm4j.core.service;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Services one service load balancer controller owns, and by which finalizers.
 *
 * <p>The built-in controller owns the Services without a {@code loadBalancerClass}, marked with
 * {@value WellKnown#FINALIZER_LOAD_BALANCER_CLEANUP}; a provider's class controller owns the Services of exactly its
 * class, marked with its own finalizer. Each also honours the finalizers its load balancer adopts from a vendor's
 * previous controller: a Service carrying one is cleaned up by this controller, and they are all removed together.
 * Because the finalizers differ, a Service whose class Kubernetes wiped (on a type change away from
 * {@code LoadBalancer}) is still cleaned up by the controller that created its load balancer, and only by it.
 */
final class LoadBalancerScope {
  private final String loadBalancerClass;
  private final String finalizer;
  private final Set<String> finalizers;

  private LoadBalancerScope(String loadBalancerClass, String finalizer, Set<String> adopted) {
    this.loadBalancerClass = loadBalancerClass;
    this.finalizer = Objects.requireNonNull(finalizer, "finalizer");
    Set<String> all = new LinkedHashSet<>();
    all.add(finalizer);
    all.addAll(Objects.requireNonNull(adopted, "adopted"));
    this.finalizers = Set.copyOf(all);
  }

  /** The built-in controller's scope: Services without a class. */
  static LoadBalancerScope builtIn(Set<String> adopted) {
    return new LoadBalancerScope(null, WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP, adopted);
  }

  /** A class controller's scope: Services of exactly {@code loadBalancerClass}. */
  static LoadBalancerScope forClass(String loadBalancerClass, String finalizer, Set<String> adopted) {
    return new LoadBalancerScope(Objects.requireNonNull(loadBalancerClass, "loadBalancerClass"), finalizer, adopted);
  }

  /** The finalizer this controller adds. */
  String finalizer() {
    return finalizer;
  }

  /** This controller's finalizer followed by the adopted ones: everything its cleanup removes. */
  Set<String> finalizers() {
    return finalizers;
  }

  /** Type {@code LoadBalancer} and this scope's class (none for the built-in controller). */
  boolean wantsLoadBalancer(V1Service service) {
    V1ServiceSpec spec = service.getSpec();
    return spec != null && ServicePredicates.TYPE_LOAD_BALANCER.equals(spec.getType())
        && Objects.equals(spec.getLoadBalancerClass(), loadBalancerClass);
  }

  /** Whether the Service's class, or its lack of one, belongs to another controller. */
  boolean foreignClass(V1Service service) {
    String cls = service.getSpec() == null ? null : service.getSpec().getLoadBalancerClass();
    return !Objects.equals(cls, loadBalancerClass);
  }

  /** Carries this controller's finalizer or one it adopts. */
  boolean hasFinalizer(V1Service service) {
    List<String> present = finalizersOf(service);
    for (String f : present) {
      if (finalizers.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** Carries this controller's own finalizer. */
  boolean hasOwnFinalizer(V1Service service) {
    return finalizersOf(service).contains(finalizer);
  }

  /** Carries a finalizer of this scope and is either being deleted or no longer of type {@code LoadBalancer}. */
  boolean needsCleanup(V1Service service) {
    if (!hasFinalizer(service)) {
      return false;
    }
    boolean deleting = service.getMetadata().getDeletionTimestamp() != null;
    return deleting || service.getSpec() == null
        || !ServicePredicates.TYPE_LOAD_BALANCER.equals(service.getSpec().getType());
  }

  /** Whether an update must re-ensure the load balancer: upstream's rule with this scope's idea of "wants". */
  boolean needsUpdate(V1Service oldService, V1Service newService) {
    return ServicePredicates.needsUpdate(oldService, newService, wantsLoadBalancer(oldService),
        wantsLoadBalancer(newService));
  }

  private static List<String> finalizersOf(V1Service service) {
    V1ObjectMeta meta = service.getMetadata();
    return meta == null || meta.getFinalizers() == null ? List.of() : meta.getFinalizers();
  }

  @Override
  public String toString() {
    return loadBalancerClass == null ? "services without a loadBalancerClass"
        : "services of loadBalancerClass " + loadBalancerClass;
  }
}
