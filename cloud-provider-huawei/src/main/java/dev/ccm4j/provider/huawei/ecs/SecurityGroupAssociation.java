package dev.ccm4j.provider.huawei.ecs;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.provider.huawei.HuaweiProviderIds;
import dev.ccm4j.vendor.client.CloudApiErrors;
import dev.ccm4j.vendor.client.CloudApiFailure;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every node's ECS server in the cloud-config's {@code [Vpc] security-group-id}, as the original CCM's
 * security-group listener does: associated (Nova {@code addSecurityGroup}) once the node has a provider ID, and
 * disassociated when the Node is deleted.
 *
 * <p>Run by the core as the node controller {@value #CONTROLLER_NAME}, enabled by default whenever the provider
 * contributes it (only when {@code security-group-id} is set). Idempotent: a server already in the group (by id or
 * name, from {@code os-security-groups}) is not changed, and one seen in it is not asked about again for
 * {@link #RECHECK} so resyncs stay cheap while a group removed by hand still comes back. On delete the server is the
 * one last seen for that node name, or after a restart the one ECS has with that exact name; a server already gone
 * and the cloud's "not associated with the instance" and "is not found for project" answers count as done. Any other
 * failure is thrown, and the core retries the node with backoff.
 */
public final class SecurityGroupAssociation implements NodeReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityGroupAssociation.class);
  /** The controller's name for {@code --controllers}. */
  public static final String CONTROLLER_NAME = "huaweicloud-node-security-group";
  /** How long a server seen in the group is trusted to stay in it before it is checked again. */
  static final Duration RECHECK = Duration.ofMinutes(30);

  private final EcsClient ecs;
  private final String securityGroupId;
  private final Clock clock;
  private final Map<String, String> serverByNode = new ConcurrentHashMap<>();
  private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();

  /**
   * Creates the reconciler.
   *
   * @param ecs the ECS client
   * @param securityGroupId the security group's id (or name)
   */
  public SecurityGroupAssociation(EcsClient ecs, String securityGroupId) {
    this(ecs, securityGroupId, Clock.systemUTC());
  }

  SecurityGroupAssociation(EcsClient ecs, String securityGroupId, Clock clock) {
    this.ecs = Objects.requireNonNull(ecs, "ecs");
    this.securityGroupId = Objects.requireNonNull(securityGroupId, "securityGroupId").strip();
    if (this.securityGroupId.isEmpty()) {
      throw new IllegalArgumentException("securityGroupId is empty");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The node controller the provider contributes when {@code [Vpc] security-group-id} is set.
   *
   * @param ecs the ECS client
   * @param securityGroupId the security group's id
   * @return the controller {@value #CONTROLLER_NAME}, enabled by default
   */
  public static NodeController controller(EcsClient ecs, String securityGroupId) {
    return NodeController.builder(CONTROLLER_NAME, new SecurityGroupAssociation(ecs, securityGroupId))
        .enabledByDefault(true)
        .build();
  }

  @Override
  public void reconcile(String nodeName, Optional<V1Node> node) {
    if (node.isEmpty()) {
      disassociate(nodeName);
      return;
    }
    String providerId = node.get().getSpec() == null ? null : node.get().getSpec().getProviderID();
    Optional<String> serverId = providerId == null || providerId.isEmpty() ? Optional.empty()
        : HuaweiProviderIds.serverId(providerId);
    if (serverId.isEmpty()) {
      // no provider ID yet (the cloud-node controller's update brings the node back), or another cloud's node
      return;
    }
    String id = serverId.get();
    String previous = serverByNode.put(nodeName, id);
    if (previous != null && !previous.equals(id)) {
      checkedAt.remove(previous);
    }
    Instant checked = checkedAt.get(id);
    if (checked != null && clock.instant().isBefore(checked.plus(RECHECK))) {
      return;
    }
    associate(nodeName, id);
    checkedAt.put(id, clock.instant());
  }

  private void associate(String nodeName, String serverId) {
    try {
      for (JsonObject sg : ecs.securityGroups(serverId)) {
        if (securityGroupId.equals(Json.string(sg, "id").orElse(""))
            || securityGroupId.equals(Json.string(sg, "name").orElse(""))) {
          return;
        }
      }
      try {
        ecs.addSecurityGroup(serverId, securityGroupId);
      } catch (CloudResourceNotFoundException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!message(e).contains("already associated with the instance")) {
          throw e;
        }
        // another writer added it between the listing and the call
        return;
      }
    } catch (CloudResourceNotFoundException e) {
      if (message(e).contains("is not found for project")) {
        throw new CloudProviderException("security group " + securityGroupId + " (cloud-config [Vpc]"
            + " security-group-id) does not exist; node " + nodeName + " is not associated with it", e);
      }
      // the server is gone; the lifecycle controller deletes the Node, and that delete comes back here
      LOG.debug("ECS server {} of node {} not found while adding security group {}", serverId, nodeName,
          securityGroupId);
      return;
    }
    LOG.info("added security group {} to ECS server {} of node {}", securityGroupId, serverId, nodeName);
  }

  private void disassociate(String nodeName) {
    String serverId = serverByNode.get(nodeName);
    if (serverId == null) {
      Optional<JsonObject> server;
      try {
        server = ecs.serverByNodeName(nodeName);
      } catch (RuntimeException e) {
        if (CloudApiErrors.find(e).isPresent()) {
          throw e;
        }
        // several servers with the name: removing the group from a guess could cut off a live node
        LOG.warn("not removing security group {} for deleted node {}: {}", securityGroupId, nodeName,
            e.getMessage());
        return;
      }
      if (server.isEmpty()) {
        return;
      }
      serverId = EcsClient.idOf(server.get());
    }
    try {
      ecs.removeSecurityGroup(serverId, securityGroupId);
      LOG.info("removed security group {} from ECS server {} of deleted node {}", securityGroupId, serverId,
          nodeName);
    } catch (RuntimeException e) {
      if (!alreadyDone(e)) {
        throw e;
      }
      LOG.debug("security group {} was not on ECS server {} of deleted node {}", securityGroupId, serverId,
          nodeName);
    }
    serverByNode.remove(nodeName, serverId);
    checkedAt.remove(serverId);
  }

  private static boolean alreadyDone(RuntimeException e) {
    if (e instanceof CloudResourceNotFoundException) {
      return true;
    }
    String message = message(e);
    return message.contains("not associated with the instance") || message.contains("is not found for project");
  }

  private static String message(RuntimeException e) {
    return (CloudApiErrors.find(e).map(CloudApiFailure::cloudMessage).orElse("") + " " + e.getMessage())
        .toLowerCase(Locale.ROOT);
  }
}
