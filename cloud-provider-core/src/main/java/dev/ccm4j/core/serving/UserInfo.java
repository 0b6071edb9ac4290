package dev.ccm4j.core.serving;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user a bearer token belongs to, as the API server's TokenReview reported it.
 *
 * @param name the user name, for example {@code system:serviceaccount:monitoring:prometheus}
 * @param uid the user's UID, or empty
 * @param groups the user's groups
 * @param extra additional attributes from the authenticator
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  /**
   * Validates and copies the attributes.
   *
   * @param name the user name
   * @param uid the UID, or null for none
   * @param groups the groups, or null for none
   * @param extra the extra attributes, or null for none
   */
  public UserInfo {
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    groups = groups == null ? List.of() : List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }
}
