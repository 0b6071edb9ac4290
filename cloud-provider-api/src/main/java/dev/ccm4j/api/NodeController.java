package dev.ccm4j.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Calls a provider's {@link NodeReconciler} for every Node that is added, changed or deleted, and for every Node
 * again each {@link #resyncPeriod()}. A Node whose last reconcile failed is left to its own backoff by the resync,
 * so a failing Node is retried at 5 ms doubling up to 1000 s, never also every resync period.
 *
 * <p>The core feeds it from its shared Node informer through a work queue named after the controller, retries
 * failures with rate-limited backoff (honouring {@link RetryAfterException}), governs the reconciler's calls like
 * any other cloud call, and runs it only on the leader. Use it for per-node cloud work the built-in controllers
 * do not cover, for example keeping security group membership in step with the nodes.
 *
 * <p>Immutable. Build with {@link #builder(String, NodeReconciler)}.
 */
public final class NodeController implements ProviderController {
  /** The resync period when none is set. */
  public static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofMinutes(5);

  private final String name;
  private final NodeReconciler reconciler;
  private final boolean enabledByDefault;
  private final Duration resyncPeriod;

  private NodeController(Builder b) {
    this.name = b.name;
    this.reconciler = b.reconciler;
    this.enabledByDefault = b.enabledByDefault;
    this.resyncPeriod = b.resyncPeriod;
  }

  /**
   * Starts a builder.
   *
   * @param name the controller name for {@code --controllers}, for example {@code security-group-controller}
   * @param reconciler called for each node
   * @return a new builder; disabled by default, resync every 5 minutes
   * @throws IllegalArgumentException if the name is malformed
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String name, NodeReconciler reconciler) {
    return new Builder(name, reconciler);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The provider's reconciler.
   *
   * @return the reconciler given to the builder
   */
  public NodeReconciler reconciler() {
    return reconciler;
  }

  @Override
  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  /**
   * How often every Node is reconciled again even if nothing changed.
   *
   * @return a positive duration
   */
  public Duration resyncPeriod() {
    return resyncPeriod;
  }

  @Override
  public String toString() {
    return "NodeController{name=" + name + ", enabledByDefault=" + enabledByDefault
        + ", resyncPeriod=" + resyncPeriod + "}";
  }

  /** Builds a {@link NodeController}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final NodeReconciler reconciler;
    // Off by default: per-node cloud work is an opt-in that operators choose with --controllers.
    private boolean enabledByDefault;
    private Duration resyncPeriod = DEFAULT_RESYNC_PERIOD;

    private Builder(String name, NodeReconciler reconciler) {
      this.name = ProviderControllers.requireName(name);
      this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    }

    /**
     * Sets whether {@code --controllers=*} enables the controller.
     *
     * @param enabled true to run it unless disabled with {@code -name}; the default is false
     * @return this builder
     */
    public Builder enabledByDefault(boolean enabled) {
      this.enabledByDefault = enabled;
      return this;
    }

    /**
     * Sets the resync period.
     *
     * @param period how often every Node is reconciled again; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code period} is zero or negative
     */
    public Builder resyncPeriod(Duration period) {
      Objects.requireNonNull(period, "period");
      if (period.isZero() || period.isNegative()) {
        throw new IllegalArgumentException("resyncPeriod of provider controller " + name
            + " must be positive, got " + period);
      }
      this.resyncPeriod = period;
      return this;
    }

    /**
     * Builds the controller description.
     *
     * @return the immutable controller
     */
    public NodeController build() {
      return new NodeController(this);
    }
  }
}
