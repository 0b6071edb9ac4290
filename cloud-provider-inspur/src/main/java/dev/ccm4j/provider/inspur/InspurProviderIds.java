package dev.ccm4j.provider.inspur;

import io.kubernetes.client.openapi.models.V1Node;
import java.util.Map;
import java.util.Optional;

/**
 * Instance ids and provider IDs of Inspur nodes: provider IDs are {@code incloud://<instance-id>}, and a node's
 * instance id comes, as in the original CCM, from the annotation {@value #INSTANCE_ID_ANNOTATION}, else from the
 * node's provider ID, else from the node name.
 */
public final class InspurProviderIds {
  /** The provider name, also the provider ID scheme. */
  public static final String SCHEME = "incloud";
  /** The node annotation the original CCM reads the instance id from (set by Inspur's node deployment). */
  public static final String INSTANCE_ID_ANNOTATION = "node.beta.kubernetes.io/instance-id";
  private static final String PREFIX = SCHEME + "://";

  private InspurProviderIds() {}

  /**
   * The provider ID of an instance.
   *
   * @param instanceId the instance id
   * @return {@code incloud://<instanceId>}
   */
  public static String format(String instanceId) {
    return PREFIX + instanceId;
  }

  /**
   * The instance id in one of this provider's IDs.
   *
   * @param providerId a provider ID; may be null
   * @return the instance id, or empty when the ID is not {@code incloud://<id>}
   */
  public static Optional<String> parse(String providerId) {
    if (providerId == null || !providerId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String id = providerId.substring(PREFIX.length());
    return id.isEmpty() || id.contains("/") || id.chars().anyMatch(Character::isWhitespace) ? Optional.empty()
        : Optional.of(id);
  }

  /**
   * The instance id of a node: its {@value #INSTANCE_ID_ANNOTATION} annotation, else the id in its
   * {@code incloud://} provider ID, else its name.
   *
   * @param node the node, read-only
   * @return the instance id; empty only for a node without a name
   */
  public static String instanceId(V1Node node) {
    Map<String, String> annotations = node.getMetadata() == null ? null : node.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(INSTANCE_ID_ANNOTATION);
    if (annotated != null && !annotated.isBlank()) {
      return annotated.strip();
    }
    Optional<String> fromProviderId = parse(node.getSpec() == null ? null : node.getSpec().getProviderID());
    if (fromProviderId.isPresent()) {
      return fromProviderId.get();
    }
    String name = node.getMetadata() == null ? null : node.getMetadata().getName();
    return name == null ? "" : name;
  }
}
