package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.io.IOException;
import java.util.Set;

/**
 * Lets the launcher ({@code ccm4j cloud-emulator huawei}) and vendor-neutral tests start the Huawei emulator by
 * name; registered through {@link java.util.ServiceLoader}. The settings' access key id and secret are the AK/SK
 * the signature check accepts; a region other than the default gets the zones {@code <region>a} and
 * {@code <region>b}.
 */
public final class HuaweiEmulatorFactory implements CloudEmulatorFactory {
  /** Creates the factory; ServiceLoader needs a public no-argument constructor. */
  public HuaweiEmulatorFactory() {}

  @Override
  public String name() {
    return "huawei";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("huaweicloud");
  }

  @Override
  public String defaultRegion() {
    return HuaweiEmulator.DEFAULT_REGION;
  }

  @Override
  public RunningEmulator start(EmulatorSettings settings) throws IOException {
    HuaweiEmulator emulator;
    try {
      emulator = HuaweiEmulator.builder()
          .accessKey(settings.accessKeyId())
          .secretKey(settings.accessKeySecret())
          .region(settings.region().orElse(defaultRegion()))
          .instances(settings.instances())
          .bindAddress(settings.bindAddress())
          .port(settings.port())
          .build();
    } catch (IllegalArgumentException e) {
      // a key the INI cloud-config cannot carry or a region Huawei would not name is a start-up failure with a
      // message, not a stack trace
      throw new IOException("invalid settings for the Huawei emulator: " + e.getMessage(), e);
    }
    return emulator.startRunning(HuaweiEmulator.PROVIDER_NAME);
  }
}
