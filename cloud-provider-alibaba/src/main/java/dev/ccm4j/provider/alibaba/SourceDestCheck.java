package dev.ccm4j.provider.alibaba;

import com.google.gson.JsonObject;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.vendor.client.CloudApiErrors;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns off the source/destination check of each node's primary ENI, as upstream's node controller does for new
 * nodes (unless {@code --skip-disable-source-dest-check}): a VPC route whose next hop is a node delivers pod traffic
 * only when the node's ENI accepts packets addressed to other IPs.
 *
 * <p>Run by the core as the node controller {@value #CONTROLLER_NAME}, enabled by default like upstream's behaviour;
 * {@code --controllers=*,-alibaba-source-dest-check} turns it off. A node is handled once it has an Alibaba
 * provider ID; an instance whose ENI was already changed is not asked about again until the provider restarts, so
 * resyncs cost nothing. {@code InvalidOperation.Conflict} (the ENI is busy) is retried after a short delay.
 */
final class SourceDestCheck implements NodeReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SourceDestCheck.class);
  /** The controller's name for {@code --controllers}. */
  static final String CONTROLLER_NAME = "alibaba-source-dest-check";
  static final Duration CONFLICT_RETRY = Duration.ofSeconds(2);

  private final Supplier<AlibabaApi> api;
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  SourceDestCheck(Supplier<AlibabaApi> api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  @Override
  public void reconcile(String nodeName, Optional<V1Node> node) {
    if (node.isEmpty() || node.get().getSpec() == null) {
      return;
    }
    Optional<AlibabaProviderIds.Id> id = AlibabaProviderIds.tryParse(node.get().getSpec().getProviderID());
    if (id.isEmpty() || done.contains(id.get().instanceId())) {
      // no provider ID yet (the cloud-node controller sets it, and that update brings the node back here), or
      // one of another kind such as ack-hybrid://, which has no ECS ENI
      return;
    }
    String instanceId = id.get().instanceId();
    JsonObject response = api.get().call(Product.ECS, "DescribeNetworkInterfaces", RpcParams.create()
        .put("RegionId", id.get().region())
        .put("InstanceId", instanceId)
        .put("Type", "Primary"));
    List<JsonObject> enis = Json.objects(response, "NetworkInterfaceSets", "NetworkInterfaceSet");
    for (JsonObject eni : enis) {
      String eniId = Json.string(eni, "NetworkInterfaceId").orElse("");
      if (eniId.isEmpty() || !Json.bool(eni, "SourceDestCheck").orElse(false)) {
        continue;
      }
      try {
        api.get().call(Product.ECS, "ModifyNetworkInterfaceAttribute", RpcParams.create()
            .put("RegionId", id.get().region())
            .put("NetworkInterfaceId", eniId)
            .put("SourceDestCheck", false));
      } catch (RuntimeException e) {
        if (CloudApiErrors.code(e).orElse("").contains("Conflict")) {
          throw new RetryAfterException("ENI " + eniId + " of node " + nodeName + " is busy; disabling its"
              + " source/destination check again", CONFLICT_RETRY, e);
        }
        throw e;
      }
      LOG.info("disabled the source/destination check of ENI {} of node {} (instance {})", eniId, nodeName,
          instanceId);
    }
    if (!enis.isEmpty()) {
      done.add(instanceId);
    }
  }
}
