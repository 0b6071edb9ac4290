package dev.ccm4j.provider.inspur.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.CloudEmulators;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The emulator as the launcher finds it: by name through ServiceLoader, configured by {@link EmulatorSettings}. */
class InspurEmulatorFactoryIT {
  @Test
  void isFoundByNameAndAliasAndItsCloudConfigWorks() throws Exception {
    CloudEmulatorFactory factory = CloudEmulators.find("inspur");
    assertThat(CloudEmulators.find("incloud")).isInstanceOf(InspurEmulatorFactory.class);
    assertThat(factory.defaultRegion()).isEqualTo("cn-north-3");

    EmulatorSettings settings = EmulatorSettings.builder().accessKeyId("ccm-client")
        .accessKeySecret("se cret&=+").instances(2).build();
    try (RunningEmulator running = factory.start(settings)) {
      assertThat(running.providerName()).isEqualTo("incloud");
      assertThat(running.control().instances()).hasSize(2);
      Map<String, String> config = parse(running.cloudConfig());
      assertThat(config).containsEntry("slbUrl-pre", running.endpoint() + "/slb/v1/slbs")
          .containsEntry("token-client-id", "ccm-client").containsEntry("client-secret", "se cret&=+")
          .containsEntry("requested-subject", "ccm4j").containsEntry("region", "cn-north-3")
          .containsEntry("zone", "cn-north-3a").containsKey("keycloakUrl");

      // the cloud-config is enough to get a token and call the SLB API
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
      form.put("client_id", config.get("token-client-id"));
      form.put("client_secret", config.get("client-secret"));
      form.put("requested_subject", config.get("requested-subject"));
      form.put("audience", "console");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(config.get("keycloakUrl")))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
              .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&")))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      String access = com.google.gson.JsonParser.parseString(token.body()).getAsJsonObject().get("access_token")
          .getAsString();
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(config.get("slbUrl-pre")))
          .header("Authorization", "Bearer " + access).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).isEqualTo("[]");
    }
  }

  @Test
  void anotherRegionGetsItsOwnZone() throws Exception {
    try (RunningEmulator running = new InspurEmulatorFactory().start(EmulatorSettings.builder().region("cn-south-1")
        .instances(1).build())) {
      assertThat(parse(running.cloudConfig())).containsEntry("region", "cn-south-1").containsEntry("zone",
          "cn-south-1a");
      assertThat(running.control().instances().get(0).zone()).isEqualTo("cn-south-1a");
    }
  }

  /** The original's parser: {@code #} lines and lines without {@code =} skipped, key up to the first {@code =}. */
  private static Map<String, String> parse(String config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : config.split("\n")) {
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq < 0) {
        continue;
      }
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  @Test
  void settingsItCannotServeAreAnIoErrorNamingTheProblemNotTheSecret() {
    EmulatorSettings bad = EmulatorSettings.builder().accessKeySecret("two\nlines").build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InspurEmulatorFactory().start(bad))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("clientSecret must not contain a line break")
        .hasMessageNotContaining("two");
  }
}
