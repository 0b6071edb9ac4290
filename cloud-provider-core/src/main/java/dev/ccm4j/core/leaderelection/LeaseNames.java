package dev.ccm4j.core.leaderelection;

import java.util.regex.Pattern;

/**
 * The API server's rules for a Lease's namespace (a DNS-1123 label) and name (a DNS-1123 subdomain), checked before
 * an election starts: a name it refuses would have the election retry a rejected request for ever. One copy for the
 * flags, {@link LeaderElection.Config} and the leader migration file, so they cannot drift apart.
 */
public final class LeaseNames {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private LeaseNames() {}

  /**
   * Whether a Lease may live in this namespace: a DNS-1123 label, at most 63 characters.
   *
   * @param namespace the namespace
   * @return true if valid
   */
  public static boolean isValidNamespace(String namespace) {
    return namespace.length() <= 63 && DNS1123_LABEL.matcher(namespace).matches();
  }

  /**
   * Whether a Lease may have this name: a DNS-1123 subdomain, at most 253 characters.
   *
   * @param name the name
   * @return true if valid
   */
  public static boolean isValidName(String name) {
    return name.length() <= 253 && DNS1123_SUBDOMAIN.matcher(name).matches();
  }
}
