package dev.ccm4j.api;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation shared by the {@link ProviderController} kinds. */
final class ProviderControllers {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private ProviderControllers() {}

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid provider controller name \"" + name
          + "\": expected lower-case letters, digits and '-', starting and ending with a letter or digit");
    }
    return name;
  }
}
