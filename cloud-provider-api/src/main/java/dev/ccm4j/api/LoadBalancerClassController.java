package dev.ccm4j.api;

import java.util.Objects;

/**
 * Runs the core's Service load balancer controller for the Services of one {@code spec.loadBalancerClass},
 * calling a provider's own {@link LoadBalancer} for them.
 *
 * <p>The core's built-in service controller leaves Services with a {@code loadBalancerClass} alone, as upstream's
 * does. A provider that offers a second kind of load balancer (for example Alibaba's NLB next to CLB) contributes
 * one of these instead of writing its own watch loop: the core then applies to those Services everything it does
 * for the built-in ones (finalizer, status, events, backoff, node backends, metrics), and governs every call to
 * {@link #loadBalancer()} like any other cloud call (timeout, throttling, concurrency).
 *
 * <p>Such Services get this controller's own {@link #finalizer()}, not the built-in controller's, so that a
 * Service whose class Kubernetes wiped (it does when the type changes away from {@code LoadBalancer}) is still
 * cleaned up by this controller and never by the built-in one.
 *
 * <p>Immutable. Build with {@link #builder(String, String, LoadBalancer)}.
 */
public final class LoadBalancerClassController implements ProviderController {
  /** The prefix of the default finalizer, {@code ccm4j.dev/<name>}. */
  public static final String DEFAULT_FINALIZER_PREFIX = "ccm4j.dev/";

  private final String name;
  private final String loadBalancerClass;
  private final LoadBalancer loadBalancer;
  private final boolean enabledByDefault;
  private final String finalizer;

  private LoadBalancerClassController(Builder b) {
    this.name = b.name;
    this.finalizer = b.finalizer;
    this.loadBalancerClass = b.loadBalancerClass;
    this.loadBalancer = b.loadBalancer;
    this.enabledByDefault = b.enabledByDefault;
  }

  /**
   * Starts a builder.
   *
   * @param name the controller name for {@code --controllers}, for example {@code nlb-service-controller}
   * @param loadBalancerClass the {@code spec.loadBalancerClass} this controller serves, for example
   *     {@code alibabacloud.com/nlb}; not empty, no whitespace
   * @param balancer the load balancer implementation called for those Services
   * @return a new builder, enabled by default
   * @throws IllegalArgumentException if the name or class is malformed
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String name, String loadBalancerClass, LoadBalancer balancer) {
    return new Builder(name, loadBalancerClass, balancer);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The load balancer class this controller serves.
   *
   * @return the exact {@code spec.loadBalancerClass} value
   */
  public String loadBalancerClass() {
    return loadBalancerClass;
  }

  /**
   * The provider's implementation for Services of this class.
   *
   * @return the load balancer, as given to the builder (the core wraps it in its governance)
   */
  public LoadBalancer loadBalancer() {
    return loadBalancer;
  }

  @Override
  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  /**
   * The cleanup finalizer the core puts on the Services of this class before the first cloud call, and removes
   * once the load balancer is deleted. The {@link LoadBalancer#adoptedFinalizers()} of {@link #loadBalancer()}
   * are honoured as well.
   *
   * @return {@code ccm4j.dev/<name>} unless the builder set another
   */
  public String finalizer() {
    return finalizer;
  }

  @Override
  public String toString() {
    return "LoadBalancerClassController{name=" + name + ", loadBalancerClass=" + loadBalancerClass
        + ", finalizer=" + finalizer + ", enabledByDefault=" + enabledByDefault + "}";
  }

  /** Builds a {@link LoadBalancerClassController}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String loadBalancerClass;
    private final LoadBalancer loadBalancer;
    private boolean enabledByDefault = true;
    private String finalizer;

    private Builder(String name, String loadBalancerClass, LoadBalancer loadBalancer) {
      this.name = ProviderControllers.requireName(name);
      this.finalizer = DEFAULT_FINALIZER_PREFIX + name;
      Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
      if (loadBalancerClass.isEmpty() || loadBalancerClass.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("invalid loadBalancerClass \"" + loadBalancerClass
            + "\" for provider controller " + name + ": expected a non-empty value without whitespace");
      }
      this.loadBalancerClass = loadBalancerClass;
      this.loadBalancer = Objects.requireNonNull(loadBalancer, "balancer");
    }

    /**
     * Sets whether {@code --controllers=*} enables the controller.
     *
     * @param enabled true (the default) to run it unless disabled with {@code -name}
     * @return this builder
     */
    public Builder enabledByDefault(boolean enabled) {
      this.enabledByDefault = enabled;
      return this;
    }

    /**
     * Sets the cleanup finalizer, for example the one a vendor's previous controller used, so that a cluster can
     * move back and forth between the two without orphaning load balancers.
     *
     * @param finalizer a qualified name {@code <dns-subdomain>/<name>}; not the built-in
     *     {@value WellKnown#FINALIZER_LOAD_BALANCER_CLEANUP}
     * @return this builder
     * @throws IllegalArgumentException if the finalizer is malformed or the built-in one
     */
    public Builder finalizer(String finalizer) {
      this.finalizer = ProviderControllers.requireFinalizer(name, finalizer);
      return this;
    }

    /**
     * Builds the controller description.
     *
     * @return the immutable controller
     */
    public LoadBalancerClassController build() {
      return new LoadBalancerClassController(this);
    }
  }
}
