package dev.ccm4j.cloud.emulator;

import java.net.URI;

/** A started vendor emulator, as a {@link CloudEmulatorFactory} hands it to the launcher or a test. */
public interface RunningEmulator extends AutoCloseable {
  /** The base URI every product of the vendor is served on, e.g. {@code http://127.0.0.1:40123}. */
  URI endpoint();

  /**
   * A complete cloud-config for the vendor's provider that points every product at this emulator and carries these
   * credentials. It contains the secret: write it only to owner-readable files and never log it.
   */
  String cloudConfig();

  /** The name of the provider this emulator stands in for, e.g. {@code alibaba}. */
  String providerName();

  /** The vendor-neutral view of the emulator's state. */
  ControlPlane control();

  /** Stops the emulator. */
  @Override
  void close();
}
