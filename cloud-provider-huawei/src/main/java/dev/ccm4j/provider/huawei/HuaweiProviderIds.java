package dev.ccm4j.provider.huawei;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Provider IDs of Huawei ECS servers: {@code huaweicloud://<server-id>}.
 *
 * <p>The original CCM wrote the bare server UUID when it resolved a node by name (its issue #268); since
 * {@code spec.providerID} cannot change once set, a bare UUID is accepted as ours when parsing, and only the
 * prefixed form is ever written.
 */
public final class HuaweiProviderIds {
  /** The provider ID scheme, also the provider name. */
  public static final String SCHEME = "huaweicloud";

  private static final String PREFIX = SCHEME + "://";
  private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private HuaweiProviderIds() {}

  /**
   * The provider ID of a server.
   *
   * @param serverId the ECS server id
   * @return {@code huaweicloud://<serverId>}
   * @throws IllegalArgumentException when the id is empty or not an ECS id
   */
  public static String of(String serverId) {
    Objects.requireNonNull(serverId, "serverId");
    if (!SERVER_ID.matcher(serverId).matches()) {
      throw new IllegalArgumentException("not an ECS server id: '" + serverId + "'");
    }
    return PREFIX + serverId;
  }

  /**
   * The server id of a provider ID this provider owns.
   *
   * @param providerId {@code huaweicloud://<id>} or a bare server UUID; may be null
   * @return the server id, or empty when the provider ID is not ours
   */
  public static Optional<String> serverId(String providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    String p = providerId.strip();
    if (p.startsWith(PREFIX)) {
      String id = p.substring(PREFIX.length());
      return SERVER_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
    return UUID.matcher(p).matches() ? Optional.of(p) : Optional.empty();
  }
}
