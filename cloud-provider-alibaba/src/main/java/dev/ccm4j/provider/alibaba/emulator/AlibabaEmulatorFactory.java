package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.io.IOException;
import java.util.Set;

/**
 * Lets the launcher ({@code ccm4j cloud-emulator alibaba}) and vendor-neutral tests start the Alibaba emulator by
 * name; registered through {@link java.util.ServiceLoader}.
 */
public final class AlibabaEmulatorFactory implements CloudEmulatorFactory {
  /** Creates the factory; ServiceLoader needs a public no-argument constructor. */
  public AlibabaEmulatorFactory() {}

  @Override
  public String name() {
    return "alibaba";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("alicloud", "alibabacloud");
  }

  @Override
  public String defaultRegion() {
    return AlibabaEmulator.DEFAULT_REGION;
  }

  @Override
  public RunningEmulator start(EmulatorSettings settings) throws IOException {
    AlibabaEmulator emulator = AlibabaEmulator.builder()
        .accessKey(settings.accessKeyId(), settings.accessKeySecret())
        .region(settings.region().orElse(defaultRegion()))
        .instances(settings.instances())
        .bindAddress(settings.bindAddress())
        .port(settings.port())
        .build();
    return emulator.startRunning(name());
  }
}
