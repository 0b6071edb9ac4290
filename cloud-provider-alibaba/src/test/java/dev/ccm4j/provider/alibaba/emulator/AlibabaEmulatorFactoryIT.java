package dev.ccm4j.provider.alibaba.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.CloudEmulators;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher finds the emulator by name and gets a cloud-config pointing every product at it. */
class AlibabaEmulatorFactoryIT {
  @Test
  void isFoundByNameAndAliases() {
    assertThat(CloudEmulators.names()).contains("alibaba");
    assertThat(CloudEmulators.find("alicloud")).isInstanceOf(AlibabaEmulatorFactory.class);
    CloudEmulatorFactory factory = CloudEmulators.find("alibaba");
    assertThat(factory.defaultRegion()).isEqualTo("cn-hangzhou");
  }

  @Test
  void startsWithTheSettingsAndWritesAUsableCloudConfig() throws Exception {
    EmulatorSettings settings = EmulatorSettings.builder().accessKeyId("LTAIfactory").accessKeySecret("s3cret")
        .region("cn-shanghai").instances(2).build();
    try (RunningEmulator running = CloudEmulators.find("alibaba").start(settings)) {
      assertThat(running.providerName()).isEqualTo("alibaba");
      assertThat(running.control().instances()).hasSize(2)
          .allSatisfy(i -> assertThat(i.providerId()).startsWith("cn-shanghai.i-"));
      JsonObject global = JsonParser.parseString(running.cloudConfig()).getAsJsonObject().getAsJsonObject("Global");
      assertThat(global.get("region").getAsString()).isEqualTo("cn-shanghai");
      assertThat(global.get("vpcid").getAsString()).startsWith("vpc-");
      assertThat(global.get("vswitchid").getAsString()).startsWith("cn-shanghai-a:vsw-").contains(",cn-shanghai-b:");
      assertThat(global.get("zoneid").getAsString()).isEqualTo("cn-shanghai-a");
      assertThat(global.has("clusterID")).isFalse();
      assertThat(decode(global.get("accessKeyID").getAsString())).isEqualTo("LTAIfactory");
      assertThat(decode(global.get("accessKeySecret").getAsString())).isEqualTo("s3cret");
      for (String key : new String[] {"ecsEndpoint", "slbEndpoint", "vpcEndpoint", "nlbEndpoint",
          "metadataEndpoint"}) {
        assertThat(global.get(key).getAsString()).as(key).isEqualTo(running.endpoint().toString())
            .startsWith("http://127.0.0.1:");
      }
      RpcClient client = new RpcClient(running.endpoint(), "LTAIfactory", "s3cret", Clock.systemUTC());
      assertThat(client.get("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-shanghai")).status())
          .isEqualTo(200);
    }
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }
}
