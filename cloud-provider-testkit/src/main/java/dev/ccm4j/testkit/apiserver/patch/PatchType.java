package dev.ccm4j.testkit.apiserver.patch;

import java.util.Locale;
import java.util.Optional;

/** The patch formats the emulator accepts, keyed by request content type. */
public enum PatchType {
  /** RFC 6902 JSON Patch. */
  JSON,
  /** RFC 7386 JSON Merge Patch. */
  MERGE,
  /** Kubernetes strategic merge patch. */
  STRATEGIC;

  /**
   * Maps a request content type to a patch type, ignoring parameters such as {@code ;charset}.
   *
   * @return empty for any content type that is not a supported patch format
   */
  public static Optional<PatchType> fromContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    switch (base) {
      case "application/json-patch+json":
        return Optional.of(JSON);
      case "application/merge-patch+json":
        return Optional.of(MERGE);
      case "application/strategic-merge-patch+json":
        return Optional.of(STRATEGIC);
      default:
        return Optional.empty();
    }
  }
}
