package dev.ccm4j.api;

import java.util.Objects;

/**
 * The outcome of looking up one node's instance metadata in a batch, see
 * {@link InstancesV2#instanceMetadata(java.util.List)}. One node's failure never fails the others.
 *
 * <p>The three cases are final classes made only by {@link #found}, {@link #unavailable()} and {@link #failed}, not
 * records or builders: each holds at most one required value, and a private constructor lets a case gain an optional
 * part later (through a new factory with a default) without breaking a provider that makes or reads it. Test a
 * result with {@code instanceof}.
 */
public sealed interface MetadataLookup permits MetadataLookup.Found, MetadataLookup.Unavailable,
    MetadataLookup.Failed {

  /** The cloud returned metadata. Equal to another found result with equal metadata. */
  final class Found implements MetadataLookup {
    private final InstanceMetadata metadata;

    private Found(InstanceMetadata metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * The metadata.
     *
     * @return the metadata
     */
    public InstanceMetadata metadata() {
      return metadata;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Found f && metadata.equals(f.metadata);
    }

    @Override
    public int hashCode() {
      return metadata.hashCode();
    }

    @Override
    public String toString() {
      return "Found[metadata=" + metadata + "]";
    }
  }

  /**
   * The cloud has no metadata for this node yet (for example, still provisioning); the controller retries. All
   * unavailable results are equal.
   */
  final class Unavailable implements MetadataLookup {
    private static final Unavailable INSTANCE = new Unavailable();

    private Unavailable() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Unavailable;
    }

    @Override
    public int hashCode() {
      return Unavailable.class.hashCode();
    }

    @Override
    public String toString() {
      return "Unavailable[]";
    }
  }

  /**
   * The lookup failed. An {@link InstanceNotFoundException} means the instance is gone; anything else is transient.
   * Equal to another failed result with the same (equal) error.
   */
  final class Failed implements MetadataLookup {
    private final RuntimeException error;

    private Failed(RuntimeException error) {
      this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * The failure.
     *
     * @return the exception
     */
    public RuntimeException error() {
      return error;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Failed f && error.equals(f.error);
    }

    @Override
    public int hashCode() {
      return error.hashCode();
    }

    @Override
    public String toString() {
      return "Failed[error=" + error + "]";
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
    return Unavailable.INSTANCE;
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
