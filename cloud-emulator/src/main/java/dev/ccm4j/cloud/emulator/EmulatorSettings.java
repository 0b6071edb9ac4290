package dev.ccm4j.cloud.emulator;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * How the launcher (or a test) asks a {@link CloudEmulatorFactory} to start an emulator. Credentials left unset
 * are generated at random, so an emulator never runs with well-known keys by accident; the secret never appears in
 * {@link #toString()}.
 */
public final class EmulatorSettings {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final String bindAddress;
  private final int port;
  private final String accessKeyId;
  private final String accessKeySecret;
  private final String region;
  private final int instances;

  private EmulatorSettings(Builder b) {
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.accessKeyId = b.accessKeyId != null ? b.accessKeyId : random(24);
    this.accessKeySecret = b.accessKeySecret != null ? b.accessKeySecret : random(30);
    this.region = b.region;
    this.instances = b.instances;
  }

  /** A builder: {@code 127.0.0.1}, a free port, random credentials, the factory's default region, 3 instances. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to bind. */
  public String bindAddress() {
    return bindAddress;
  }

  /** The port; 0 for a free one. */
  public int port() {
    return port;
  }

  /** The access key id the emulator accepts. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The access key secret the emulator verifies signatures with. Never log it. */
  public String accessKeySecret() {
    return accessKeySecret;
  }

  /** The region; empty means the factory's {@link CloudEmulatorFactory#defaultRegion()}. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** How many running instances to seed. */
  public int instances() {
    return instances;
  }

  /**
   * A random string for generated credentials.
   *
   * @param length the number of characters
   * @return letters and digits from a secure random source
   */
  public static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHANUM[RANDOM.nextInt(ALPHANUM.length)]);
    }
    return sb.toString();
  }

  /** Checks a seeded-instance count: 0 or more; every emulator's builder and settings check the same way. */
  static int requireInstances(int instances) {
    if (instances < 0) {
      throw new IllegalArgumentException("instances must not be negative, got " + instances);
    }
    return instances;
  }

  @Override
  public String toString() {
    return "EmulatorSettings{bindAddress=" + bindAddress + ", port=" + port + ", accessKeyId=" + accessKeyId
        + ", accessKeySecret=***, region=" + (region == null ? "(default)" : region) + ", instances=" + instances + "}";
  }

  /** Builds {@link EmulatorSettings}. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port;
    private String accessKeyId;
    private String accessKeySecret;
    private String region;
    private int instances = 3;

    private Builder() {
    }

    /**
     * Sets the bind address.
     *
     * @param bindAddress default {@code 127.0.0.1}
     * @return this builder
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = ControlInstance.requireText(bindAddress, "bindAddress");
      return this;
    }

    /**
     * Sets the port.
     *
     * @param port 0..65535, 0 (the default) for a free port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = EmulatorServer.requirePort(port);
      return this;
    }

    /**
     * Sets the access key id.
     *
     * @param accessKeyId the id; random when unset
     * @return this builder
     */
    public Builder accessKeyId(String accessKeyId) {
      this.accessKeyId = ControlInstance.requireText(accessKeyId, "accessKeyId");
      return this;
    }

    /**
     * Sets the access key secret.
     *
     * @param accessKeySecret the secret; random when unset
     * @return this builder
     */
    public Builder accessKeySecret(String accessKeySecret) {
      this.accessKeySecret = ControlInstance.requireText(accessKeySecret, "accessKeySecret");
      return this;
    }

    /**
     * Sets the region.
     *
     * @param region the region id; the factory's default when unset
     * @return this builder
     */
    public Builder region(String region) {
      this.region = ControlInstance.requireText(region, "region");
      return this;
    }

    /**
     * Sets how many running instances to seed.
     *
     * @param instances 0 or more; default 3
     * @return this builder
     */
    public Builder instances(int instances) {
      this.instances = requireInstances(instances);
      return this;
    }

    /** Builds the settings, generating credentials that were not set. */
    public EmulatorSettings build() {
      Objects.requireNonNull(bindAddress, "bindAddress");
      return new EmulatorSettings(this);
    }
  }
}
