package dev.ccm4j.provider.inspur.emulator;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.io.IOException;
import java.util.Set;

/**
 * Lets the launcher ({@code ccm4j cloud-emulator inspur}) and vendor-neutral tests start the Inspur emulator by
 * name; registered through {@link java.util.ServiceLoader}. The settings' access key id and secret are the Keycloak
 * client id and secret.
 */
public final class InspurEmulatorFactory implements CloudEmulatorFactory {
  /** Creates the factory; ServiceLoader needs a public no-argument constructor. */
  public InspurEmulatorFactory() {}

  @Override
  public String name() {
    return "inspur";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("incloud");
  }

  @Override
  public String defaultRegion() {
    return InspurEmulator.DEFAULT_REGION;
  }

  @Override
  public RunningEmulator start(EmulatorSettings settings) throws IOException {
    String region = settings.region().orElse(defaultRegion());
    InspurEmulator emulator;
    try {
      emulator = configure(settings, region).build();
    } catch (IllegalArgumentException e) {
      // a value the emulator cannot serve (a line break in the secret, which the key=value cloud-config cannot
      // carry, or a bind address that does not resolve) is a start-up failure with a message, not a stack trace
      throw new IOException("invalid settings for the Inspur emulator: " + e.getMessage(), e);
    }
    return emulator.startRunning(InspurEmulator.PROVIDER_NAME);
  }

  private static InspurEmulator.Builder configure(EmulatorSettings settings, String region) {
    InspurEmulator.Builder b = InspurEmulator.builder()
        .clientId(settings.accessKeyId())
        .clientSecret(settings.accessKeySecret())
        .region(region)
        .instances(settings.instances())
        .bindAddress(settings.bindAddress())
        .port(settings.port());
    if (!region.equals(InspurEmulator.DEFAULT_REGION)) {
      // a region without a zone of its own gets its "a" zone, as Inspur names them (cn-north-3 -> cn-north-3a)
      b.zone(region + "a");
    }
    return b;
  }
}
