package dev.ccm4j.api;

import java.util.Objects;

/**
 * The outcome of looking up one node's instance metadata in a batch, see
 * {@link InstancesV2#instanceMetadata(java.util.List)}. One node's failure never fails the others.
 */
public sealed interface MetadataLookup permits MetadataLookup.Found, MetadataLookup.Unavailable,
    MetadataLookup.Failed {

  /**
   * The cloud returned metadata.
   *
   * @param metadata the metadata
   */
  record Found(InstanceMetadata metadata) implements MetadataLookup {
    /** Rejects null. */
    public Found {
      Objects.requireNonNull(metadata, "metadata");
    }
  }

  /** The cloud has no metadata for this node yet (for example, still provisioning); the controller retries. */
  record Unavailable() implements MetadataLookup {}

  /**
   * The lookup failed. An {@link InstanceNotFoundException} means the instance is gone; anything else is transient.
   *
   * @param error the failure
   */
  record Failed(RuntimeException error) implements MetadataLookup {
    /** Rejects null. */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * A found result.
   *
   * @param metadata the metadata
   * @return the result
   */
  static MetadataLookup found(InstanceMetadata metadata) {
    return new Found(metadata);
  }

  /**
   * An unavailable result.
   *
   * @return the result
   */
  static MetadataLookup unavailable() {
    return new Unavailable();
  }

  /**
   * A failed result.
   *
   * @param error the failure
   * @return the result
   */
  static MetadataLookup failed(RuntimeException error) {
    return new Failed(error);
  }
}
