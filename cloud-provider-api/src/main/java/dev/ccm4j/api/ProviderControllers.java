package dev.ccm4j.api;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation shared by the {@link ProviderController} kinds. */
final class ProviderControllers {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
  /** Kubernetes' qualified name: an optional DNS subdomain prefix, a slash, and a name of at most 63 characters. */
  private static final Pattern QUALIFIED = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  /** Longest controller name: it becomes the name part of a finalizer, which Kubernetes caps at 63. */
  static final int MAX_NAME_LENGTH = 63;

  private ProviderControllers() {}

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid provider controller name \"" + name
          + "\": expected at most " + MAX_NAME_LENGTH + " lower-case letters, digits and '-', starting and ending"
          + " with a letter or digit");
    }
    return name;
  }

  static String requireFinalizer(String controller, String finalizer) {
    Objects.requireNonNull(finalizer, "finalizer");
    int slash = finalizer.indexOf('/');
    String prefix = slash < 0 ? "" : finalizer.substring(0, slash);
    String name = finalizer.substring(slash + 1);
    if (slash < 0 || prefix.length() > 253 || name.length() > 63 || !QUALIFIED.matcher(finalizer).matches()) {
      throw new IllegalArgumentException("invalid finalizer \"" + finalizer + "\" for provider controller "
          + controller + ": expected <dns-subdomain>/<name>, the name at most 63 characters");
    }
    if (finalizer.equals(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP)) {
      throw new IllegalArgumentException("provider controller " + controller + " cannot use the built-in service"
          + " controller's finalizer " + finalizer + ": each load balancer controller needs its own");
    }
    return finalizer;
  }
}
