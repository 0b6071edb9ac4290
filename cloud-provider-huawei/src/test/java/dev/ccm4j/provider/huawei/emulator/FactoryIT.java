package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.CloudEmulators;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator as the launcher finds it: by name through ServiceLoader, configured by {@link EmulatorSettings}. */
class FactoryIT {
  @Test
  void isFoundByNameAndAliasAndItsCloudConfigWorks() throws Exception {
    CloudEmulatorFactory factory = CloudEmulators.find("huawei");
    assertThat(CloudEmulators.find("huaweicloud")).isInstanceOf(HuaweiEmulatorFactory.class);
    assertThat(factory.defaultRegion()).isEqualTo("cn-north-4");
    EmulatorSettings settings = EmulatorSettings.builder().accessKeyId("QTWAOYTTINDUT2QVKYUC")
        .accessKeySecret("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc").instances(2).build();
    try (RunningEmulator running = factory.start(settings)) {
      assertThat(running.providerName()).isEqualTo("huaweicloud");
      assertThat(running.control().instances()).hasSize(2);
      Map<String, Map<String, String>> ini = ini(running.cloudConfig());
      Map<String, String> global = ini.get("Global");
      assertThat(global).containsEntry("region", "cn-north-4")
          .containsEntry("access-key", "QTWAOYTTINDUT2QVKYUC")
          .containsEntry("secret-key", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
          .containsEntry("endpoint", running.endpoint().toString())
          .containsEntry("metadata-endpoint", running.endpoint().toString());
      assertThat(global.get("project-id")).matches("[0-9a-f]{32}");
      assertThat(ini.get("Vpc")).containsKeys("id", "subnet-id");
      assertThat(running.cloudConfig()).contains("# availability zones: cn-north-4a,cn-north-4b");

      // the cloud-config alone is enough for a signed call
      SignedWire wire = new SignedWire(running.endpoint(), global.get("access-key"), global.get("secret-key"),
          global.get("project-id"), Clock.systemUTC());
      SignedWire.Answer a = wire.get(wire.p("v1") + "/subnets?vpc_id=" + ini.get("Vpc").get("id"));
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.body()).contains(ini.get("Vpc").get("subnet-id"));
    }
  }

  @Test
  void anotherRegionGetsItsOwnZones() throws Exception {
    try (RunningEmulator running = new HuaweiEmulatorFactory().start(EmulatorSettings.builder()
        .region("cn-east-3").instances(2).build())) {
      assertThat(ini(running.cloudConfig()).get("Global")).containsEntry("region", "cn-east-3");
      assertThat(running.control().instances()).extracting(i -> i.zone())
          .containsExactly("cn-east-3a", "cn-east-3b");
    }
  }

  @Test
  void settingsTheCloudConfigCannotCarryAreRefused() {
    assertThatThrownBy(() -> new HuaweiEmulatorFactory().start(EmulatorSettings.builder()
        .accessKeySecret("with spaces and\nnewline").build()))
        .isInstanceOf(IOException.class).hasMessageContaining("secretKey");
  }

  private static Map<String, Map<String, String>> ini(String text) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> section = null;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
        continue;
      }
      if (l.startsWith("[")) {
        section = new LinkedHashMap<>();
        out.put(l.substring(1, l.length() - 1), section);
        continue;
      }
      int eq = l.indexOf('=');
      section.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
    }
    return out;
  }
}
