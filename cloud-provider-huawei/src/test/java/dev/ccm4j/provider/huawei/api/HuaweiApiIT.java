package dev.ccm4j.provider.huawei.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.testkit.logging.LogCapture;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signed client against the Huawei emulator: the emulator checks every signature as the API gateway does. */
class HuaweiApiIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator emulator;

  @BeforeEach
  void start() {
    emulator = HuaweiEmulator.builder().instances(2).clock(clock).securityKeyLifetime(Duration.ofMinutes(15))
        .build().start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** The emulator's cloud-config without the lines of the given keys. */
  private HuaweiApi api(String... dropKeys) {
    String config = emulator.cloudConfig().lines()
        .filter(l -> List.of(dropKeys).stream().noneMatch(k -> l.startsWith(k + "=")))
        .collect(Collectors.joining("\n", "", "\n"));
    return HuaweiApi.create(HuaweiConfig.parse(CloudConfig.of(config), Map.of()), clock, "ccm4j-huaweicloud/it");
  }

  private static int servers(HuaweiApi api) {
    JsonObject answer = api.get("ListServersDetails", HuaweiService.ECS, "/v1/{project_id}/cloudservers/detail",
        Map.of("limit", List.of("100")));
    return answer.getAsJsonArray("servers").size();
  }

  @Test
  void configuredAkSkAndProject() {
    try (HuaweiApi api = api()) {
      assertThat(servers(api)).isEqualTo(2);
      assertThat(api.projectId()).isEqualTo(emulator.projectId());
    }
  }

  @Test
  void projectDiscoveredThroughIam() {
    try (HuaweiApi api = api("project-id")) {
      assertThat(servers(api)).isEqualTo(2);
      assertThat(api.projectId()).isEqualTo(emulator.projectId());
    }
  }

  @Test
  void temporaryCredentialsFromTheMetadataServiceAndTheirRefresh() {
    try (LogCapture logs = LogCapture.of("dev.ccm4j"); HuaweiApi api = api("access-key", "secret-key")) {
      assertThat(servers(api)).isEqualTo(2);
      clock.advance(Duration.ofMinutes(14).plusSeconds(30));
      assertThat(servers(api)).as("refreshed before the emulator's key expired").isEqualTo(2);
      clock.advance(Duration.ofMinutes(14).plusSeconds(30));
      assertThat(servers(api)).isEqualTo(2);
      assertThat(logs.text()).doesNotContain(emulator.secretKey());
    }
  }

  @Test
  void revokedTemporaryCredentialsAreReplacedOnTheNextCall() {
    try (HuaweiApi api = api("access-key", "secret-key")) {
      assertThat(servers(api)).isEqualTo(2);
      emulator.revokeTemporaryCredentials();
      assertThatThrownBy(() -> servers(api)).isInstanceOfSatisfying(CloudApiException.class,
          e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTH));
      assertThat(servers(api)).isEqualTo(2);
    }
  }
}
