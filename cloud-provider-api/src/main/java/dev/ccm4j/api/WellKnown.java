package dev.ccm4j.api;

/**
 * Names Kubernetes gives meaning to, spelled once for the core and every provider: taints, labels, annotations,
 * the load balancer finalizer, condition types and ports, with upstream's values.
 */
public final class WellKnown {
  private WellKnown() {}

  /** Taint kubelet sets under {@code --cloud-provider=external}; the cloud-node controller removes it. */
  public static final String TAINT_UNINITIALIZED = "node.cloudprovider.kubernetes.io/uninitialized";

  /** Taint (effect {@code NoSchedule}, no value) the lifecycle controller puts on nodes whose instance is shut down. */
  public static final String TAINT_SHUTDOWN = "node.cloudprovider.kubernetes.io/shutdown";

  /** Taint the cluster autoscaler puts on nodes it is about to remove; such nodes leave load balancer backends. */
  public static final String TAINT_TO_BE_DELETED_BY_CLUSTER_AUTOSCALER = "ToBeDeletedByClusterAutoscaler";

  /** Taint effect {@code NoSchedule}. */
  public static final String TAINT_EFFECT_NO_SCHEDULE = "NoSchedule";

  /** Annotation kubelet sets from {@code --node-ip} under an external provider: one IP or a dual-stack pair. */
  public static final String ANNOTATION_PROVIDED_NODE_IP = "alpha.kubernetes.io/provided-node-ip";

  /** Finalizer the service controller puts on LoadBalancer Services so their cloud load balancer is never orphaned. */
  public static final String FINALIZER_LOAD_BALANCER_CLEANUP = "service.kubernetes.io/load-balancer-cleanup";

  /** Node label that, when present and not parsing to false, excludes the node from load balancer backends. */
  public static final String LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS =
      "node.kubernetes.io/exclude-from-external-load-balancers";

  /** Node label with the instance type. */
  public static final String LABEL_INSTANCE_TYPE = "node.kubernetes.io/instance-type";

  /** Deprecated twin of {@link #LABEL_INSTANCE_TYPE}, still written for compatibility. */
  public static final String LABEL_INSTANCE_TYPE_BETA = "beta.kubernetes.io/instance-type";

  /** Node label with the zone. */
  public static final String LABEL_ZONE = "topology.kubernetes.io/zone";

  /** Deprecated twin of {@link #LABEL_ZONE}, still written for compatibility. */
  public static final String LABEL_ZONE_BETA = "failure-domain.beta.kubernetes.io/zone";

  /** Node label with the region. */
  public static final String LABEL_REGION = "topology.kubernetes.io/region";

  /** Deprecated twin of {@link #LABEL_REGION}, still written for compatibility. */
  public static final String LABEL_REGION_BETA = "failure-domain.beta.kubernetes.io/region";

  /** Node label with the node's hostname. */
  public static final String LABEL_HOSTNAME = "kubernetes.io/hostname";

  /** Service annotation with comma-separated source CIDRs, used when {@code spec.loadBalancerSourceRanges} is empty. */
  public static final String ANNOTATION_LOAD_BALANCER_SOURCE_RANGES =
      "service.beta.kubernetes.io/load-balancer-source-ranges";

  /** Source range allowed when a Service sets none. */
  public static final String DEFAULT_LOAD_BALANCER_SOURCE_RANGE = "0.0.0.0/0";

  /** Path a load balancer health-checks on {@code spec.healthCheckNodePort} for {@code externalTrafficPolicy: Local}. */
  public static final String HEALTH_CHECK_PATH = "/healthz";

  /** Node condition the route controller maintains. */
  public static final String CONDITION_NETWORK_UNAVAILABLE = "NetworkUnavailable";

  /** Reason for {@code NetworkUnavailable=False} once the node's routes exist. */
  public static final String REASON_ROUTE_CREATED = "RouteCreated";

  /** Reason for {@code NetworkUnavailable=True} when a route could not be created. */
  public static final String REASON_NO_ROUTE_CREATED = "NoRouteCreated";

  /** Node condition kubelet maintains. */
  public static final String CONDITION_READY = "Ready";

  /** Default secure serving port of the cloud-controller-manager. */
  public static final int CLOUD_CONTROLLER_MANAGER_PORT = 10258;

  /** Default port of the cloud-controller-manager's webhook server. */
  public static final int CLOUD_CONTROLLER_MANAGER_WEBHOOK_PORT = 10260;
}
