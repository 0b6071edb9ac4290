package dev.ccm4j.kubeapi.patch;

import java.util.Locale;
import java.util.Optional;

/** The three PATCH body formats the emulated API server accepts, chosen by the request's Content-Type. */
public enum PatchType {
  /** RFC 6902 JSON Patch, {@code application/json-patch+json}. */
  JSON,
  /** RFC 7386 JSON Merge Patch, {@code application/merge-patch+json}. */
  MERGE,
  /** Kubernetes strategic merge patch, {@code application/strategic-merge-patch+json}. */
  STRATEGIC;

  /**
   * Maps a Content-Type header to a patch type. Media type parameters such as {@code ;charset=utf-8} are ignored,
   * and so is case.
   *
   * @return the patch type, or empty for any other media type (including {@code application/apply-patch+yaml})
   */
  public static Optional<PatchType> fromContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return switch (media) {
      case "application/json-patch+json" -> Optional.of(JSON);
      case "application/merge-patch+json" -> Optional.of(MERGE);
      case "application/strategic-merge-patch+json" -> Optional.of(STRATEGIC);
      default -> Optional.empty();
    };
  }
}
