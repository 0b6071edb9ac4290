package dev.ccm4j.provider.alibaba;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Alibaba's provider IDs: {@code <region>.<instance-id>}, for example {@code cn-hangzhou.i-bp1abc}, as the upstream
 * CCM writes them to {@code spec.providerID} and as ACK's kubelets are told with {@code --provider-id}.
 *
 * <p>An {@code alicloud://} prefix (written by OpenShift and by some install guides) is accepted and stripped
 * everywhere, routes included: upstream forgot the route lookup (kubernetes/cloud-provider-alibaba-cloud#298).
 * Unlike upstream, which splits on {@code .} and silently ignores a third part, a value must have exactly a region
 * and an instance ID, so a node name such as {@code cn-hangzhou.192.168.0.1} is never mistaken for one.
 */
public final class AlibabaProviderIds {
  /** The optional prefix some installations put in front of {@code <region>.<instance-id>}. */
  public static final String LEGACY_PREFIX = "alicloud://";

  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private AlibabaProviderIds() {}

  /**
   * An instance, as a provider ID names it.
   *
   * @param region the region ID, for example {@code cn-hangzhou}
   * @param instanceId the ECS instance ID, for example {@code i-bp1abc}
   */
  public record Id(String region, String instanceId) {
    /**
     * Validates the parts.
     *
     * @throws IllegalArgumentException if a part is malformed
     */
    public Id {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(instanceId, "instanceId");
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("invalid Alibaba Cloud region \"" + region
            + "\": expected lower-case letters, digits and '-', for example cn-hangzhou");
      }
      if (!INSTANCE.matcher(instanceId).matches()) {
        throw new IllegalArgumentException("invalid ECS instance ID \"" + instanceId
            + "\": expected letters, digits, '-' and '_', for example i-bp1abc");
      }
    }

    /**
     * The provider ID this instance gets.
     *
     * @return {@code <region>.<instance-id>}, without a prefix
     */
    @Override
    public String toString() {
      return region + "." + instanceId;
    }
  }

  /**
   * Parses {@code <region>.<instance-id>} or {@code alicloud://<region>.<instance-id>}.
   *
   * @param providerId the value, for example from {@code spec.providerID}
   * @return the region and instance ID
   * @throws IllegalArgumentException quoting the value and the expected format, if it is empty or malformed
   */
  public static Id parse(String providerId) {
    if (providerId == null || providerId.isEmpty()) {
      throw new IllegalArgumentException("provider ID is empty: expected <region>.<instance-id>, for example"
          + " cn-hangzhou.i-bp1abc");
    }
    String rest = providerId.startsWith(LEGACY_PREFIX) ? providerId.substring(LEGACY_PREFIX.length()) : providerId;
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0 || rest.contains("://")) {
      throw new IllegalArgumentException("malformed Alibaba Cloud provider ID \"" + providerId
          + "\": expected <region>.<instance-id> (optionally prefixed with " + LEGACY_PREFIX
          + "), for example cn-hangzhou.i-bp1abc");
    }
    try {
      return new Id(rest.substring(0, dot), rest.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed Alibaba Cloud provider ID \"" + providerId + "\" (expected"
          + " <region>.<instance-id>): " + e.getMessage(), e);
    }
  }

  /**
   * Parses like {@link #parse(String)}, without throwing.
   *
   * @param providerId the value, may be null
   * @return the parts, or empty if the value is empty or malformed
   */
  public static Optional<Id> tryParse(String providerId) {
    try {
      return Optional.of(parse(providerId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a value is an Alibaba provider ID, with or without the prefix.
   *
   * @param providerId the value, may be null
   * @return true if {@link #parse(String)} accepts it
   */
  public static boolean isProviderId(String providerId) {
    return tryParse(providerId).isPresent();
  }

  /**
   * Builds the provider ID the provider writes to {@code spec.providerID}.
   *
   * @param region the region ID
   * @param instanceId the ECS instance ID
   * @return {@code <region>.<instance-id>}
   * @throws IllegalArgumentException if a part is malformed
   */
  public static String format(String region, String instanceId) {
    return new Id(region, instanceId).toString();
  }
}
