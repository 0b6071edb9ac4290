package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.testkit.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IAM project discovery ({@code GET /v3/projects?name=<region>}) as the SDKs do it: signed, no project header. */
class IamIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator cloud;
  private SignedWire wire;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(0).region("ap-southeast-1").build().start();
    wire = new SignedWire(cloud, clock);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void theRegionsProjectIsFoundByName() {
    SignedWire.Answer a = wire.request("GET", "/v3/projects?name=ap-southeast-1").header("x-project-id", null)
        .signed("host", "user-agent", "x-sdk-date").send();
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonArray projects = a.object().getAsJsonArray("projects");
    assertThat(projects).hasSize(1);
    JsonObject p = projects.get(0).getAsJsonObject();
    assertThat(p.get("id").getAsString()).isEqualTo(cloud.projectId()).matches("[0-9a-f]{32}");
    assertThat(p.get("name").getAsString()).isEqualTo("ap-southeast-1");
    assertThat(p.get("enabled").getAsBoolean()).isTrue();
    assertThat(a.object().getAsJsonObject("links").has("self")).isTrue();
  }

  @Test
  void withoutANameTheMosProjectShowsToo() {
    JsonArray all = wire.request("GET", "/v3/projects").header("x-project-id", null).signed("host", "x-sdk-date")
        .send().object().getAsJsonArray("projects");
    assertThat(all).hasSize(2);
    assertThat(all.get(1).getAsJsonObject().get("name").getAsString()).isEqualTo("MOS");
    assertThat(wire.request("GET", "/v3/projects?name=cn-north-4").header("x-project-id", null)
        .signed("host", "x-sdk-date").send().object().getAsJsonArray("projects")).isEmpty();
  }

  @Test
  void discoveryNeedsASignature() {
    SignedWire.Answer a = wire.request("GET", "/v3/projects?name=ap-southeast-1").unsigned().send();
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.object().get("error_code").getAsString()).isEqualTo("APIGW.0301");
  }

  @Test
  void theRegionNamesTheZonesAndTheCloudConfig() {
    assertThat(cloud.availabilityZones()).containsExactly("ap-southeast-1a", "ap-southeast-1b");
    assertThat(cloud.cloudConfig()).contains("region=ap-southeast-1\n")
        .contains("project-id=" + cloud.projectId() + "\n");
  }
}
