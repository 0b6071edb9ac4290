package dev.ccm4j.provider.alibaba;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.KubernetesClientFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Node runs on which ECS instance. The route SPI speaks node names while VPC route entries name instances,
 * and on Alibaba node names are arbitrary (ACK names nodes {@code <region>.<ip>}), so neither can be derived from
 * the other.
 *
 * <p>The index learns pairs from every instance lookup (the node controllers look up every Node with its
 * {@code spec.providerID}) and from every route the provider creates. What it has not learnt (after a restart, say)
 * it asks the Kubernetes API for, when the provider was given a client: the Nodes' provider IDs are the truth.
 * Those reads are rate limited, so routes to instances that are not Nodes do not list all Nodes on every pass.
 */
final class NodeIndex {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIndex.class);
  private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
  private static final String CLIENT_NAME = "alibaba-cloud-provider-routes";

  private final Map<String, String> nodeByInstance = new ConcurrentHashMap<>();
  private final Map<String, String> instanceByNode = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private volatile KubernetesClientFactory clients;
  private volatile CoreV1Api api;
  private volatile long lastRefresh;
  private volatile boolean refreshed;

  NodeIndex() {
    this(System::nanoTime);
  }

  NodeIndex(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Lets the index read Nodes from the cluster; a factory that cannot make clients is tolerated. */
  void useClients(KubernetesClientFactory factory) {
    this.clients = factory;
    this.api = null;
  }

  /** Records that a node runs on an instance; the latest record wins for both directions. */
  void record(String nodeName, String instanceId) {
    if (nodeName == null || nodeName.isEmpty() || instanceId == null || instanceId.isEmpty()) {
      return;
    }
    String previous = instanceByNode.put(nodeName, instanceId);
    if (previous != null && !previous.equals(instanceId)) {
      nodeByInstance.remove(previous, nodeName);
    }
    nodeByInstance.put(instanceId, nodeName);
  }

  /** The node known to run on an instance, from what was recorded. */
  Optional<String> nodeName(String instanceId) {
    return Optional.ofNullable(nodeByInstance.get(instanceId));
  }

  /** The instance a node is known to run on, from what was recorded. */
  Optional<String> instanceId(String nodeName) {
    return Optional.ofNullable(instanceByNode.get(nodeName));
  }

  /**
   * Reads every Node from the cluster and records those with an Alibaba provider ID, unless that was done less
   * than {@link #MIN_REFRESH_INTERVAL} ago.
   *
   * @return false if the provider has no Kubernetes client (the TCK) or the last read is recent
   * @throws CloudProviderException if the API server fails, so callers do not act on a partial picture
   */
  boolean refreshFromCluster() {
    CoreV1Api core = core();
    if (core == null) {
      return false;
    }
    long now = nanoTime.getAsLong();
    synchronized (this) {
      if (refreshed && now - lastRefresh < MIN_REFRESH_INTERVAL.toNanos()) {
        return false;
      }
      lastRefresh = now;
      refreshed = true;
    }
    V1NodeList nodes;
    try {
      nodes = core.listNode().execute();
    } catch (ApiException e) {
      throw new CloudProviderException("could not list Nodes to map ECS instances to node names: HTTP "
          + e.getCode(), e);
    }
    int recorded = 0;
    for (V1Node node : nodes.getItems()) {
      Optional<AlibabaProviderIds.Id> id = node.getSpec() == null ? Optional.empty()
          : AlibabaProviderIds.tryParse(node.getSpec().getProviderID());
      if (id.isPresent() && node.getMetadata() != null) {
        record(node.getMetadata().getName(), id.get().instanceId());
        recorded++;
      }
    }
    LOG.debug("node index refreshed from the cluster: {} of {} nodes have an Alibaba provider ID", recorded,
        nodes.getItems().size());
    return true;
  }

  /**
   * Reads one Node from the cluster and returns the instance its provider ID names.
   *
   * @return the instance ID, or empty if there is no client, no such Node or no Alibaba provider ID on it
   * @throws CloudProviderException if the API server fails
   */
  Optional<String> instanceIdFromCluster(String nodeName) {
    CoreV1Api core = core();
    if (core == null) {
      return Optional.empty();
    }
    V1Node node;
    try {
      node = core.readNode(nodeName).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw new CloudProviderException("could not read Node " + nodeName + " for its provider ID: HTTP "
          + e.getCode(), e);
    }
    Optional<AlibabaProviderIds.Id> id = node.getSpec() == null ? Optional.empty()
        : AlibabaProviderIds.tryParse(node.getSpec().getProviderID());
    id.ifPresent(i -> record(nodeName, i.instanceId()));
    return id.map(AlibabaProviderIds.Id::instanceId);
  }

  private CoreV1Api core() {
    CoreV1Api current = api;
    if (current != null) {
      return current;
    }
    KubernetesClientFactory factory = clients;
    if (factory == null) {
      return null;
    }
    ApiClient client;
    try {
      client = factory.client(CLIENT_NAME);
    } catch (UnsupportedOperationException e) {
      // the TCK hands out no clients; the recorded pairs are all there is then
      LOG.debug("no Kubernetes client for the node index: {}", e.getMessage());
      clients = null;
      return null;
    }
    current = new CoreV1Api(client);
    api = current;
    return current;
  }
}
