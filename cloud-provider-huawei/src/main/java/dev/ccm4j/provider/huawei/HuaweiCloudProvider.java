package dev.ccm4j.provider.huawei;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.classic.ClassicElb;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfigSource;
import dev.ccm4j.provider.huawei.dnat.DnatLoadBalancer;
import dev.ccm4j.provider.huawei.ecs.EcsClient;
import dev.ccm4j.provider.huawei.ecs.HuaweiInstances;
import dev.ccm4j.provider.huawei.ecs.HuaweiLegacyInstances;
import dev.ccm4j.provider.huawei.ecs.SecurityGroupAssociation;
import dev.ccm4j.provider.huawei.elb.ElbClass;
import dev.ccm4j.provider.huawei.elb.ElbImplementation;
import dev.ccm4j.provider.huawei.elb.DedicatedElb;
import dev.ccm4j.provider.huawei.elb.ElbServiceConfig;
import dev.ccm4j.provider.huawei.elb.HuaweiLoadBalancer;
import dev.ccm4j.provider.huawei.elb.SharedElb;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Huawei Cloud provider, {@value #NAME}: ECS instances (InstancesV2 with the batch lookup, and the legacy
 * Instances on the same lookups), load balancers
 * dispatched on {@code kubernetes.io/elb.class} (shared and dedicated ELB, classic ELB, NAT gateway DNAT), the
 * optional node security-group association and the {@value #LOAD_BALANCER_CLASS} load balancer class.
 *
 * <p>Every capability shares one {@link HuaweiApi}, so one pooled HTTP client carries every call (the original
 * built a new SDK client per call). Creating the provider calls nothing: the project id is discovered on the first
 * call that needs it, and temporary credentials are fetched from the metadata service on the first signed request.
 * The {@code loadbalancer-config} ConfigMap is read once {@link #initialize} has given the Kubernetes client.
 */
public final class HuaweiCloudProvider implements CloudProvider {
  /** The provider name, as the original CCM registered it. */
  public static final String NAME = HuaweiProviderIds.SCHEME;
  /** The {@code spec.loadBalancerClass} served by the provider's own load balancer class controller. */
  public static final String LOAD_BALANCER_CLASS = HuaweiLoadBalancer.LOAD_BALANCER_CLASS;
  /** The environment variable whose value marks this cluster's DNAT rules, as the original reads it. */
  public static final String CLUSTER_ID_ENV = "CLUSTER_ID";

  private static final Logger LOG = LoggerFactory.getLogger(HuaweiCloudProvider.class);

  private final HuaweiConfig config;
  private final HuaweiApi api;
  private final LoadBalancerConfigSource lbConfig;
  private final EcsClient ecs;
  private final HuaweiInstances instances;
  private final HuaweiLegacyInstances legacyInstances;
  private final Map<ElbClass, ElbImplementation> implementations;
  private final HuaweiLoadBalancer loadBalancer;
  private final List<ProviderController> controllers;
  private volatile String clusterName;
  private volatile KubernetesClientFactory clients;
  private volatile ApiClient kube;

  /**
   * Creates the provider; calls nothing.
   *
   * @param config the validated cloud-config
   * @param clock the clock of request dates, credential expiry and provisioning waits
   * @param userAgent the HTTP {@code User-Agent}
   */
  public HuaweiCloudProvider(HuaweiConfig config, Clock clock, String userAgent) {
    this(config, clock, HuaweiApi.create(config, clock, userAgent), System.getenv(CLUSTER_ID_ENV));
  }

  HuaweiCloudProvider(HuaweiConfig config, Clock clock, HuaweiApi api, String clusterIdEnv) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    this.api = Objects.requireNonNull(api, "api");
    this.lbConfig = new LoadBalancerConfigSource(clock);
    this.ecs = new EcsClient(api);
    this.instances = new HuaweiInstances(ecs, config, lbConfig);
    this.legacyInstances = new HuaweiLegacyInstances(instances);

    Map<ElbClass, ElbImplementation> impls = new EnumMap<>(ElbClass.class);
    Supplier<Optional<ApiClient>> kubeClient = this::kubeClient;
    impls.put(ElbClass.SHARED, new SharedElb(api, ecs, config, lbConfig::current, kubeClient, clock));
    impls.put(ElbClass.DEDICATED, new DedicatedElb(api, ecs, config, lbConfig::current, kubeClient, clock));
    impls.put(ElbClass.ELASTICITY, new ClassicElb(api, config, clock));
    String fixedClusterId = clusterIdEnv == null || clusterIdEnv.isBlank() ? null : clusterIdEnv.strip();
    // the cluster name is only known per call (and at initialize), so DNAT is built on its first call
    impls.put(ElbClass.DNAT, new OnFirstCall(cluster -> new DnatLoadBalancer(api, config,
        fixedClusterId != null ? fixedClusterId : cluster)));
    this.implementations = Map.copyOf(impls);
    this.loadBalancer = new HuaweiLoadBalancer(implementations, lbConfig, false);

    List<ProviderController> cs = new ArrayList<>();
    config.securityGroupId().ifPresent(sg -> cs.add(SecurityGroupAssociation.controller(ecs, sg)));
    cs.add(HuaweiLoadBalancer.classController(implementations, lbConfig));
    this.controllers = List.copyOf(cs);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The client for EndpointSlices, made on first use: initialize calls nothing, and the TCK has no cluster. */
  private Optional<ApiClient> kubeClient() {
    ApiClient k = kube;
    KubernetesClientFactory f = clients;
    if (k == null && f != null) {
      synchronized (this) {
        if (kube == null) {
          try {
            kube = f.client("huaweicloud-elb");
          } catch (UnsupportedOperationException noCluster) {
            return Optional.empty();
          }
        }
        k = kube;
      }
    }
    return Optional.ofNullable(k);
  }

  /**
   * Remembers the cluster name and gives the {@code loadbalancer-config} reader and the ELB member computation
   * (EndpointSlices of pod backends) their Kubernetes clients. Calls no cloud API.
   *
   * @param context the cluster name and clients
   */
  @Override
  public void initialize(ProviderContext context) {
    this.clusterName = context.clusterName();
    this.clients = context.clients();
    lbConfig.initialize(context.clients());
    LOG.info("huaweicloud provider initialized: region {}, cluster {}", config.region(), context.clusterName());
  }

  /**
   * The legacy Instances, on the same lookups as {@link #instancesV2()}, for callers that ask by node name.
   *
   * @return the capability, the same on every call
   */
  @Override
  public Optional<Instances> instances() {
    return Optional.of(legacyInstances);
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return Optional.of(instances);
  }

  /**
   * The load balancer of Services without {@code spec.loadBalancerClass}, dispatched on
   * {@code kubernetes.io/elb.class}; it leaves them alone while the loadbalancer-config names a
   * {@code loadbalancer-class}, as the original does.
   *
   * @return the load balancer, the same on every call
   */
  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return Optional.of(loadBalancer);
  }

  /**
   * The class controller {@value HuaweiLoadBalancer#CONTROLLER_NAME} for Services of class
   * {@value #LOAD_BALANCER_CLASS}, and the node controller {@code huaweicloud-node-security-group} when
   * {@code [Vpc] security-group-id} is set.
   *
   * @return the controllers, the same on every call; building them called no cloud
   */
  @Override
  public List<ProviderController> controllers() {
    return controllers;
  }

  /**
   * Always true: resources are named after the cluster name (or the {@code business-name}), which is always set.
   *
   * @return true
   */
  @Override
  public boolean hasClusterId() {
    return true;
  }

  /**
   * Accepts {@code huaweicloud://<server-id>} and, as the original wrote it by mistake, a bare server UUID.
   *
   * @param providerId a provider ID, may be null
   * @return whether it names a Huawei ECS server
   */
  @Override
  public boolean ownsProviderId(String providerId) {
    return HuaweiProviderIds.serverId(providerId).isPresent();
  }

  /**
   * The validated cloud-config.
   *
   * @return the config
   */
  public HuaweiConfig config() {
    return config;
  }

  /**
   * The signed client every capability shares, for fixtures and extensions in this module.
   *
   * @return the client
   */
  public HuaweiApi api() {
    return api;
  }

  /**
   * The {@code loadbalancer-config} source.
   *
   * @return the source
   */
  public LoadBalancerConfigSource loadBalancerConfig() {
    return lbConfig;
  }

  /**
   * The cluster name given to {@link #initialize}.
   *
   * @return the name, or empty before initialization
   */
  public Optional<String> clusterName() {
    return Optional.ofNullable(clusterName);
  }

  /** Closes the HTTP client and its connection pool. */
  @Override
  public void close() {
    try {
      api.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the Huawei Cloud client failed: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "HuaweiCloudProvider{" + config + "}";
  }

  /** An implementation made on its first call, from that call's cluster name. */
  private static final class OnFirstCall implements ElbImplementation {
    private final Function<String, ElbImplementation> factory;
    private volatile ElbImplementation delegate;

    OnFirstCall(Function<String, ElbImplementation> factory) {
      this.factory = factory;
    }

    private ElbImplementation delegate(String cluster) {
      ElbImplementation d = delegate;
      if (d == null) {
        synchronized (this) {
          if (delegate == null) {
            delegate = factory.apply(cluster);
          }
          d = delegate;
        }
      }
      return d;
    }

    @Override
    public Optional<V1LoadBalancerStatus> get(String cluster, V1Service svc, ElbServiceConfig cfg) {
      return delegate(cluster).get(cluster, svc, cfg);
    }

    @Override
    public V1LoadBalancerStatus ensure(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
      return delegate(cluster).ensure(cluster, svc, nodes, cfg);
    }

    @Override
    public void update(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg) {
      delegate(cluster).update(cluster, svc, nodes, cfg);
    }

    @Override
    public void delete(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg) {
      delegate(cluster).delete(cluster, svc, cfg);
    }
  }
}
