package dev.ccm4j.testkit.cloud;

/**
 * Every SPI call a {@link FakeCloud} records. {@link #label()} is a stable string; where upstream's fake cloud
 * records the same call, the label is upstream's (for example {@code create} for an ensure).
 */
public enum Operation {
  /** {@link dev.ccm4j.api.CloudProvider#initialize}. */
  INITIALIZE("initialize"),
  /** {@link dev.ccm4j.api.CloudProvider#close}. */
  CLOSE("close"),
  /** {@link dev.ccm4j.api.LoadBalancer#getLoadBalancer}; target: the service key. */
  GET_LOAD_BALANCER("get"),
  /** {@link dev.ccm4j.api.LoadBalancer#ensureLoadBalancer}; target: the service key, with the backend nodes. */
  ENSURE_LOAD_BALANCER("create"),
  /** {@link dev.ccm4j.api.LoadBalancer#updateLoadBalancer}; target: the service key, with the backend nodes. */
  UPDATE_LOAD_BALANCER("update"),
  /** {@link dev.ccm4j.api.LoadBalancer#ensureLoadBalancerDeleted}; target: the service key. */
  ENSURE_LOAD_BALANCER_DELETED("delete"),
  /** {@link dev.ccm4j.api.Instances#nodeAddresses}; target: the node name. */
  NODE_ADDRESSES("node-addresses"),
  /** {@link dev.ccm4j.api.Instances#nodeAddressesByProviderId}; target: the provider ID. */
  NODE_ADDRESSES_BY_PROVIDER_ID("node-addresses-by-provider-id"),
  /** {@link dev.ccm4j.api.Instances#instanceId}; target: the node name. */
  INSTANCE_ID("instance-id"),
  /** {@link dev.ccm4j.api.Instances#instanceType}; target: the node name. */
  INSTANCE_TYPE("instance-type"),
  /** {@link dev.ccm4j.api.Instances#instanceTypeByProviderId}; target: the provider ID. */
  INSTANCE_TYPE_BY_PROVIDER_ID("instance-type-by-provider-id"),
  /** {@link dev.ccm4j.api.Instances#addSshKeyToAllInstances}; target: the user. */
  ADD_SSH_KEY("add-ssh-key"),
  /** {@link dev.ccm4j.api.Instances#currentNodeName}; target: the hostname. */
  CURRENT_NODE_NAME("current-node-name"),
  /** {@link dev.ccm4j.api.Instances#instanceExistsByProviderId}; target: the provider ID. */
  INSTANCE_EXISTS_BY_PROVIDER_ID("instance-exists-by-provider-id"),
  /** {@link dev.ccm4j.api.Instances#instanceShutdownByProviderId}; target: the provider ID. */
  INSTANCE_SHUTDOWN_BY_PROVIDER_ID("instance-shutdown-by-provider-id"),
  /** {@link dev.ccm4j.api.InstancesV2#instanceExists}; target: the node name. */
  INSTANCE_EXISTS("instance-exists"),
  /** {@link dev.ccm4j.api.InstancesV2#instanceShutdown}; target: the node name. */
  INSTANCE_SHUTDOWN("instance-shutdown"),
  /** {@link dev.ccm4j.api.InstancesV2#instanceMetadata(io.kubernetes.client.openapi.models.V1Node)}; target: the node name. */
  INSTANCE_METADATA("instance-metadata"),
  /** {@link dev.ccm4j.api.InstancesV2#instanceMetadata(java.util.List)}; one call per batch, with the node names. */
  INSTANCE_METADATA_BATCH("instance-metadata-batch"),
  /** {@link dev.ccm4j.api.Zones#getZone}; no target. */
  GET_ZONE("get-zone"),
  /** {@link dev.ccm4j.api.Zones#getZoneByProviderId}; target: the provider ID. */
  GET_ZONE_BY_PROVIDER_ID("get-zone-by-provider-id"),
  /** {@link dev.ccm4j.api.Zones#getZoneByNodeName}; target: the node name. */
  GET_ZONE_BY_NODE_NAME("get-zone-by-node-name"),
  /** {@link dev.ccm4j.api.Routes#listRoutes}; target: the cluster name. */
  LIST_ROUTES("list-routes"),
  /** {@link dev.ccm4j.api.Routes#createRoute}; target: the route name the fake derives from the hint. */
  CREATE_ROUTE("create-route"),
  /** {@link dev.ccm4j.api.Routes#deleteRoute}; target: the route's name. */
  DELETE_ROUTE("delete-route"),
  /** {@link dev.ccm4j.api.Clusters#listClusters}; no target. */
  LIST_CLUSTERS("list"),
  /** {@link dev.ccm4j.api.Clusters#master}; target: the cluster name. */
  MASTER("master"),
  /** {@link dev.ccm4j.api.PersistentVolumeLabeler#labelsForVolume}; target: the volume name. */
  LABELS_FOR_VOLUME("labels-for-volume");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  /**
   * The stable name of this operation.
   *
   * @return for example {@code create} or {@code instance-exists}
   */
  public String label() {
    return label;
  }
}
