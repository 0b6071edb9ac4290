package dev.ccm4j.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node's provider ID, {@code <provider>://<instance-id>}, as written to {@code spec.providerID}.
 *
 * <p>The instance part is opaque and may itself contain slashes, for example {@code aws:///us-east-1a/i-0abc} or
 * {@code gce://project/zone/name}. Once a provider has written an ID format to nodes it must keep accepting it.
 *
 * <p>Made with {@link #of(String, String)} or {@link #parse(String)} rather than a builder: the wire format has exactly
 * two parts and cannot grow without breaking every node that carries it. Immutable; two IDs are equal when both
 * parts are.
 */
public final class ProviderId {
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
  private static final String SEPARATOR = "://";

  private final String provider;
  private final String instanceId;

  private ProviderId(String provider, String instanceId) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(instanceId, "instanceId");
    if (!PROVIDER.matcher(provider).matches()) {
      throw new IllegalArgumentException("invalid provider name \"" + provider
          + "\" in provider ID: expected lower-case letters, digits, '.' or '-'");
    }
    if (instanceId.isEmpty()) {
      throw new IllegalArgumentException("provider ID for provider \"" + provider + "\" has an empty instance ID");
    }
    if (instanceId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("instance ID \"" + instanceId + "\" contains whitespace");
    }
    this.provider = provider;
    this.instanceId = instanceId;
  }

  /**
   * A provider ID from its parts.
   *
   * @param provider the provider name, for example {@code local}; lower-case letters, digits, {@code .}, {@code -}
   * @param instanceId the cloud's identifier of the instance; not empty, no whitespace
   * @return the ID
   * @throws IllegalArgumentException if a part is malformed
   */
  public static ProviderId of(String provider, String instanceId) {
    return new ProviderId(provider, instanceId);
  }

  /**
   * The provider name.
   *
   * @return for example {@code local}
   */
  public String provider() {
    return provider;
  }

  /**
   * The cloud's identifier of the instance.
   *
   * @return the instance ID; not empty, no whitespace
   */
  public String instanceId() {
    return instanceId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderId p && provider.equals(p.provider) && instanceId.equals(p.instanceId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, instanceId);
  }

  /**
   * Parses {@code <provider>://<instance-id>}.
   *
   * @param value the provider ID, for example from {@code node.spec.providerID}
   * @return the parsed ID
   * @throws IllegalArgumentException with a message that quotes the input, if it is null, empty or malformed
   */
  public static ProviderId parse(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("provider ID is empty: expected <provider>://<instance-id>");
    }
    int sep = value.indexOf(SEPARATOR);
    if (sep < 0) {
      throw new IllegalArgumentException("malformed provider ID \"" + value
          + "\": expected <provider>://<instance-id>");
    }
    try {
      return new ProviderId(value.substring(0, sep), value.substring(sep + SEPARATOR.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed provider ID \"" + value + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Whether this ID was issued by the named provider.
   *
   * @param providerName a provider name
   * @return true if {@link #provider()} equals it
   */
  public boolean belongsTo(String providerName) {
    return provider.equals(providerName);
  }

  /**
   * The wire form.
   *
   * @return {@code <provider>://<instance-id>}
   */
  @Override
  public String toString() {
    return provider + SEPARATOR + instanceId;
  }
}
