package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.ControlPlane;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
    try {
      emulator.start();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Running(emulator);
  }

  /** The started emulator as the launcher sees it. */
  private static final class Running implements RunningEmulator {
    private final AlibabaEmulator emulator;
    private final ControlPlane control;

    Running(AlibabaEmulator emulator) {
      this.emulator = emulator;
      this.control = emulator.controlPlane();
    }

    @Override
    public URI endpoint() {
      return emulator.endpoint();
    }

    @Override
    public String cloudConfig() {
      return emulator.cloudConfig();
    }

    @Override
    public String providerName() {
      return "alibaba";
    }

    @Override
    public ControlPlane control() {
      return control;
    }

    @Override
    public void close() {
      emulator.close();
    }
  }
}
