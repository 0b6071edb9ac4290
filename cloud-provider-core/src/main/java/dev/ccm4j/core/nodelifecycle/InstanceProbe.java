package dev.ccm4j.core.nodelifecycle;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.ProviderId;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the cloud what became of a NotReady node's instance, through {@link InstancesV2} when the provider has it
 * and {@link Instances} otherwise. Both paths treat {@link InstanceNotFoundException} anywhere in a cause chain as
 * a positive "gone"; every other failure propagates, so the caller keeps the node.
 */
final class InstanceProbe {

  /** What the cloud says about an instance. */
  enum Verdict {
    /** Terminated or unknown to the cloud: delete the node. */
    GONE,
    /** Exists and is stopped: taint the node. */
    SHUTDOWN,
    /** Exists and runs. */
    RUNNING
  }

  private final CloudProvider cloud;
  private final Optional<InstancesV2> v2;
  private final Optional<Instances> v1;

  InstanceProbe(CloudProvider cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.v2 = cloud.instancesV2();
    this.v1 = v2.isPresent() ? Optional.empty() : cloud.instances();
    if (v2.isEmpty() && v1.isEmpty()) {
      throw new IllegalArgumentException("cloud provider " + cloud.name() + " has neither InstancesV2 nor Instances");
    }
  }

  /**
   * Probes one node: existence first, then shutdown state.
   *
   * @throws RuntimeException any provider failure other than "instance not found"
   */
  Verdict probe(V1Node node) {
    String providerId;
    try {
      if (v2.isPresent()) {
        providerId = null;
        if (!v2.get().instanceExists(node)) {
          return Verdict.GONE;
        }
      } else {
        providerId = providerId(cloud, node);
        if (!v1.get().instanceExistsByProviderId(providerId)) {
          return Verdict.GONE;
        }
      }
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Verdict.GONE;
      }
      throw e;
    }
    try {
      boolean shutdown = v2.isPresent() ? v2.get().instanceShutdown(node)
          : v1.get().instanceShutdownByProviderId(providerId);
      return shutdown ? Verdict.SHUTDOWN : Verdict.RUNNING;
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return Verdict.GONE;
      }
      if (CloudProviderException.findInChain(e, NotImplementedException.class).isPresent()) {
        return Verdict.RUNNING;
      }
      throw e;
    }
  }

  /**
   * The node's provider ID: {@code spec.providerID} when set, else from the cloud (InstancesV2 metadata, or the
   * legacy instance ID prefixed with the provider's name).
   *
   * @throws InstanceNotFoundException if the cloud does not know the instance
   * @throws RuntimeException on other provider failures
   */
  static String providerId(CloudProvider cloud, V1Node node) {
    if (node.getSpec() != null && node.getSpec().getProviderID() != null
        && !node.getSpec().getProviderID().isEmpty()) {
      return node.getSpec().getProviderID();
    }
    String name = node.getMetadata().getName();
    Optional<InstancesV2> v2 = cloud.instancesV2();
    if (v2.isPresent()) {
      return v2.get().instanceMetadata(node).orElseThrow(() -> new CloudProviderException(
          "no instance metadata yet for node " + name)).providerId();
    }
    Instances v1 = cloud.instances().orElseThrow(() -> new CloudProviderException(
        "cloud provider " + cloud.name() + " has no instances capability"));
    return ProviderId.of(cloud.name(), v1.instanceId(name)).toString();
  }

  static boolean notFound(Throwable e) {
    return CloudProviderException.findInChain(e, InstanceNotFoundException.class).isPresent();
  }
}
