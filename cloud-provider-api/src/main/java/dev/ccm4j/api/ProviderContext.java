package dev.ccm4j.api;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the core hands a provider in {@link CloudProvider#initialize}: the cluster name, a Kubernetes client
 * factory, a shutdown signal and a metrics hook. Immutable.
 */
public final class ProviderContext {
  private final String clusterName;
  private final KubernetesClientFactory clients;
  private final CompletionStage<Void> shutdown;
  private final ProviderMetrics metrics;

  private ProviderContext(Builder b) {
    this.clusterName = b.clusterName;
    this.clients = b.clients;
    this.shutdown = b.shutdown;
    this.metrics = b.metrics;
  }

  /**
   * The {@code --cluster-name} of this cluster. Tag cloud resources with it, and touch only resources that carry it.
   *
   * @return the cluster name
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * Kubernetes API clients configured like the controllers' own.
   *
   * @return the factory
   */
  public KubernetesClientFactory clients() {
    return clients;
  }

  /**
   * Completes when the cloud-controller-manager shuts down or loses leadership. Stop background work then.
   *
   * @return a stage that completes normally on shutdown; it never completes exceptionally
   */
  public CompletionStage<Void> shutdown() {
    return shutdown;
  }

  /**
   * The provider's metrics hook.
   *
   * @return the metrics
   */
  public ProviderMetrics metrics() {
    return metrics;
  }

  /**
   * Starts a builder.
   *
   * @param clusterName the {@code --cluster-name}
   * @param clients the Kubernetes client factory
   * @return a builder; the shutdown signal defaults to one that never completes and metrics to no-op
   */
  public static Builder builder(String clusterName, KubernetesClientFactory clients) {
    return new Builder(clusterName, clients);
  }

  /** Builds a {@link ProviderContext}. */
  public static final class Builder {
    private final String clusterName;
    private final KubernetesClientFactory clients;
    private CompletionStage<Void> shutdown = new CompletableFuture<Void>().minimalCompletionStage();
    private ProviderMetrics metrics = ProviderMetrics.noop();

    private Builder(String clusterName, KubernetesClientFactory clients) {
      this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
      this.clients = Objects.requireNonNull(clients, "clients");
    }

    /**
     * Sets the shutdown signal.
     *
     * @param shutdown completes on shutdown
     * @return this builder
     */
    public Builder shutdown(CompletionStage<Void> shutdown) {
      this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
      return this;
    }

    /**
     * Sets the metrics hook.
     *
     * @param metrics the metrics
     * @return this builder
     */
    public Builder metrics(ProviderMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public ProviderContext build() {
      return new ProviderContext(this);
    }
  }
}
