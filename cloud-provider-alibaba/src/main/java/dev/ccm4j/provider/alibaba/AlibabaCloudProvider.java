package dev.ccm4j.provider.alibaba;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.Routes;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.clb.ClbLoadBalancer;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.nlb.NlbLoadBalancer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alibaba Cloud provider ({@code alibaba}): InstancesV2 on ECS, Routes on VPC route tables, LoadBalancer on
 * CLB, NLB for Services of class {@code alibabacloud.com/nlb} as a provider-contributed controller, and a node
 * controller that turns off the nodes' ENI source/destination check, which VPC pod routes need.
 *
 * <p>Provider IDs are upstream's {@code <region>.<instance-id>} ({@link AlibabaProviderIds}); an {@code alicloud://}
 * prefix is accepted. The region comes from the cloud-config, else from the ECS metadata service, and the VPC
 * likewise; neither is asked for before {@link #initialize}, so a bad cloud-config fails start-up without any network
 * call. One {@link AlibabaApi} (one connection pool, one credential chain) serves every capability.
 */
public final class AlibabaCloudProvider implements CloudProvider {
  private static final Logger LOG = LoggerFactory.getLogger(AlibabaCloudProvider.class);

  /** The provider name, as given to {@code --cloud-provider}. */
  public static final String NAME = "alibaba";
  /** How long a route create waits for its entry to become available before asking the controller to retry. */
  static final Duration ROUTE_AVAILABLE_WAIT = Duration.ofSeconds(3);

  private final AlibabaCloudConfig config;
  private final Supplier<AlibabaApi> apiFactory;
  private final NodeIndex index = new NodeIndex();
  private final Memo<AlibabaApi> api;
  private final Memo<String> region;
  private final Memo<String> vpcId;
  private final AlibabaInstances instances;
  private final AlibabaRoutes routes;
  private final Memo<ClbLoadBalancer> clb;
  private final Memo<NlbLoadBalancer> nlb;
  private volatile String clusterName;

  /**
   * Creates the provider over an existing client. Makes no network call.
   *
   * @param config the parsed cloud-config
   * @param api the client for every product; closed by {@link #close()}
   */
  public AlibabaCloudProvider(AlibabaCloudConfig config, AlibabaApi api) {
    this(config, () -> api, ROUTE_AVAILABLE_WAIT);
    this.api.get();
  }

  /**
   * Creates the provider with a client made on first use: when the cloud-config names no region, making the
   * client asks the metadata service, which must wait for {@link #initialize}.
   *
   * @param config the parsed cloud-config
   * @param apiFactory makes the client for every product; it is closed by {@link #close()}
   * @param routeAvailableWait how long a route create waits for its entry to become available
   */
  AlibabaCloudProvider(AlibabaCloudConfig config, Supplier<AlibabaApi> apiFactory, Duration routeAvailableWait) {
    this.config = Objects.requireNonNull(config, "config");
    this.apiFactory = Objects.requireNonNull(apiFactory, "apiFactory");
    this.api = new Memo<>("Alibaba Cloud client", this.apiFactory);
    this.region = new Memo<>("region", () -> config.region().orElseGet(() -> api.get().region()));
    this.vpcId = new Memo<>("VPC", () -> config.vpcId().orElseGet(() -> metadata("vpc-id")));
    this.instances = new AlibabaInstances(api, region, vpcId, config.kubernetesClusterTag(),
        config.featureGate("IPv6DualStack", false), index);
    this.routes = new AlibabaRoutes(api, instances, region, vpcId, config.routeTableIds(), index,
        routeAvailableWait);
    this.clb = new Memo<>("CLB load balancer", () -> new ClbLoadBalancer(api, config));
    this.nlb = new Memo<>("NLB load balancer", () -> new NlbLoadBalancer(api, config));
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Resolves the region (from the cloud-config, else the metadata service) and remembers the cluster's Kubernetes
   * clients, from which routes map instances back to node names.
   *
   * @param context the cluster name and clients
   * @throws CloudProviderException if the region is not configured and the metadata service cannot tell it
   */
  @Override
  public void initialize(ProviderContext context) {
    this.clusterName = context.clusterName();
    index.useClients(context.clients());
    api.get();
    String r = region.get();
    LOG.info("alibaba provider initialized: region {}, cluster {}, ownership id {}", r, context.clusterName(),
        config.ownershipClusterId(context.clusterName()));
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return Optional.of(instances);
  }

  @Override
  public Optional<Routes> routes() {
    return Optional.of(routes);
  }

  /**
   * The CLB load balancer, for Services without a {@code loadBalancerClass}.
   *
   * @return the load balancer, the same on every call
   */
  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return Optional.of(clb.get());
  }

  /**
   * The NLB controller, for Services of class {@value NlbLoadBalancer#LOAD_BALANCER_CLASS}, and the node controller
   * {@code alibaba-source-dest-check}, which turns off the source/destination check of the nodes' primary ENIs as
   * upstream does; both are enabled by default.
   *
   * @return the contributed controllers; building them calls no cloud (the client is made on first use)
   */
  @Override
  public List<ProviderController> controllers() {
    return List.of(nlb.get().controller(),
        NodeController.builder(SourceDestCheck.CONTROLLER_NAME, new SourceDestCheck(api)).enabledByDefault(true)
            .build());
  }

  /**
   * Accepts {@code <region>.<instance-id>}, with or without the {@code alicloud://} prefix.
   *
   * @param providerId a provider ID, may be null
   * @return whether it is an Alibaba provider ID
   */
  @Override
  public boolean ownsProviderId(String providerId) {
    return AlibabaProviderIds.isProviderId(providerId);
  }

  /**
   * Always true: ownership tags carry the cloud-config's {@code clusterID}, or else the {@code --cluster-name}, so
   * this provider always has an ID to tag its load balancers with.
   *
   * @return true
   */
  @Override
  public boolean hasClusterId() {
    return true;
  }

  /**
   * The parsed cloud-config this provider runs with.
   *
   * @return the configuration
   */
  public AlibabaCloudConfig config() {
    return config;
  }

  /**
   * The client every capability uses, for fixtures and extensions in this module; made on first use.
   *
   * @return the client
   * @throws CloudProviderException if the region is not configured and the metadata service cannot tell it
   */
  public AlibabaApi api() {
    return api.get();
  }

  /**
   * The cluster name given to {@link #initialize}.
   *
   * @return the name, or empty before initialization
   */
  public Optional<String> clusterName() {
    return Optional.ofNullable(clusterName);
  }

  /** Closes the client and its connection pool. */
  @Override
  public void close() {
    api.ifPresent(client -> {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the Alibaba Cloud client failed: {}", e.toString());
      }
    });
  }

  private String metadata(String resource) {
    String value;
    try {
      value = api.get().metadata().get(resource);
    } catch (RuntimeException e) {
      throw new CloudProviderException("the cloud-config sets no " + (resource.equals("region-id") ? "region"
          : "vpcid") + " and the ECS metadata service could not tell " + resource + " (" + e.getMessage()
          + "); set it in the cloud-config when not running on ECS", e);
    }
    if (value == null || value.isBlank()) {
      throw new CloudProviderException("the ECS metadata service returned no " + resource
          + "; set it in the cloud-config");
    }
    return value.strip();
  }

  /** A value made once on first use; a failure is retried on the next use. */
  private static final class Memo<T> implements Supplier<T> {
    private final String what;
    private final Supplier<T> source;
    private volatile T value;

    Memo(String what, Supplier<T> source) {
      this.what = what;
      this.source = source;
    }

    @Override
    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = Objects.requireNonNull(source.get(), what);
            value = v;
          }
        }
      }
      return v;
    }

    void ifPresent(Consumer<T> action) {
      T v = value;
      if (v != null) {
        action.accept(v);
      }
    }
  }
}
