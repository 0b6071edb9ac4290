package dev.ccm4j.cloud.emulator;

import java.io.IOException;
import java.util.Set;

/**
 * Starts one vendor's emulator; discovered by {@link CloudEmulators} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.ccm4j.cloud.emulator.CloudEmulatorFactory}), which is how {@code ccm4j
 * cloud-emulator <vendor>} finds it. Implementations need a public no-argument constructor.
 */
public interface CloudEmulatorFactory {
  /** The vendor name used on the command line, lower-case, e.g. {@code alibaba}. */
  String name();

  /** Other names accepted for this vendor, lower-case; none by default. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** The region used when the settings name none, e.g. {@code cn-hangzhou}. */
  String defaultRegion();

  /**
   * Starts an emulator.
   *
   * @param settings where to listen, which credentials to accept, how many instances to seed
   * @return the running emulator; the caller closes it
   * @throws IOException when it cannot bind or start
   */
  RunningEmulator start(EmulatorSettings settings) throws IOException;
}
