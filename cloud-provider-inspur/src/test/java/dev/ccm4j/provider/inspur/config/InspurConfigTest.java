package dev.ccm4j.provider.inspur.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InspurConfigTest {
  private static final String SECRET = "s3cr&t=+ value";
  private static final List<String> LINES = List.of(
      "# the original's file",
      "slbUrl-pre=https://service.cloud.inspur.com/regionsvc-cn-north/slb/v1/slbs",
      "keycloakUrl=https://auth.cloud.inspur.com/auth/realms/picp/protocol/openid-connect/token",
      "client-secret=" + SECRET,
      "token-client-id=cke-client",
      "requested-subject=ops-user",
      "kktoken=unused-static-token");

  private static CloudConfig config(List<String> lines) {
    return CloudConfig.of(String.join("\n", lines) + "\n");
  }

  private static List<String> without(String key) {
    List<String> out = new ArrayList<>();
    for (String l : LINES) {
      if (!l.startsWith(key + "=")) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<String> with(String... extra) {
    List<String> out = new ArrayList<>(LINES);
    out.addAll(List.of(extra));
    return out;
  }

  @Test
  void readsTheOriginalFileWithDefaults() {
    InspurConfig c = InspurConfig.parse(config(LINES));
    assertThat(c.slbUrl()).hasToString("https://service.cloud.inspur.com/regionsvc-cn-north/slb/v1/slbs");
    assertThat(c.keycloakUrl().getHost()).isEqualTo("auth.cloud.inspur.com");
    assertThat(c.clientSecret()).isEqualTo(SECRET);
    assertThat(c.clientId()).isEqualTo("cke-client");
    assertThat(c.requestedSubject()).isEqualTo("ops-user");
    assertThat(c.region()).isEmpty();
    assertThat(c.zone()).isEmpty();
    assertThat(c.caFile()).isEmpty();
    assertThat(c.audience()).isEqualTo("console");
    assertThat(c.requestTokenType()).isEqualTo("urn:ietf:params:oauth:token-type:refresh_token");
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("s3cr");
  }

  @Test
  void acceptsTheDocumentedLowerCaseKeyAndCrlfAndLinesWithoutEquals() {
    String text = String.join("\r\n", without("slbUrl-pre")) + "\r\nslburl-pre=https://slb.example/slb/v1/slbs/\r\n"
        + "just a line without an equals sign\r\n";
    InspurConfig c = InspurConfig.parse(CloudConfig.of(text));
    assertThat(c.slbUrl()).hasToString("https://slb.example/slb/v1/slbs");
    assertThat(c.requestedSubject()).isEqualTo("ops-user");
  }

  @ParameterizedTest
  @ValueSource(strings = {"keycloakUrl", "client-secret", "token-client-id", "requested-subject"})
  void aMissingKeyIsNamed(String key) {
    assertThatThrownBy(() -> InspurConfig.parse(config(without(key))))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("missing the key " + key)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aMissingSlbUrlNamesBothSpellings() {
    assertThatThrownBy(() -> InspurConfig.parse(config(without("slbUrl-pre"))))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("slbUrl-pre (or slburl-pre)");
  }

  @Test
  void anEmptyValueCountsAsMissingAndAllMissingKeysAreListed() {
    List<String> lines = new ArrayList<>(without("client-secret"));
    lines.remove(lines.stream().filter(l -> l.startsWith("token-client-id")).findFirst().orElseThrow());
    lines.add("client-secret=");
    assertThatThrownBy(() -> InspurConfig.parse(config(lines)))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("missing the keys client-secret, token-client-id");
  }

  @Test
  void bothSlbSpellingsWithDifferentValuesAreRefused() {
    assertThatThrownBy(() -> InspurConfig.parse(config(with("slburl-pre=https://other.example/slb/v1/slbs"))))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("slbUrl-pre and slburl-pre");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://slb.example/slbs", "slb.example/slb/v1/slbs", "https:///nohost",
      "https://user:pw@slb.example/slbs", "https://slb.example/slbs?slbId=1", "https://slb example/"})
  void aBadSlbUrlIsNamedWithoutItsValue(String url) {
    List<String> lines = new ArrayList<>(without("slbUrl-pre"));
    lines.add("slbUrl-pre=" + url);
    assertThatThrownBy(() -> InspurConfig.parse(config(lines)))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("key slbUrl-pre")
        .hasMessageNotContaining("pw@");
  }

  @Test
  void plainHttpIsAllowedWhenWrittenExplicitly() {
    List<String> lines = new ArrayList<>(without("keycloakUrl"));
    lines.add("keycloakUrl=http://127.0.0.1:8080/auth/realms/r/protocol/openid-connect/token");
    assertThat(InspurConfig.parse(config(lines)).keycloakUrl().getScheme()).isEqualTo("http");
  }

  @Test
  void ccm4jKeys(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    InspurConfig c = InspurConfig.parse(config(with("region=cn-north-3", "zone=cn-north-3a", "ca-file=" + ca,
        "audience=cke", "request-token-type=urn:x", "request-timeout=12")));
    assertThat(c.region()).contains("cn-north-3");
    assertThat(c.zone()).contains("cn-north-3a");
    assertThat(c.caFile()).contains(ca);
    assertThat(c.audience()).isEqualTo("cke");
    assertThat(c.requestTokenType()).isEqualTo("urn:x");
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aMissingCaFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> InspurConfig.parse(config(with("ca-file=" + dir.resolve("none.pem")))))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("key ca-file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "601", "ten", "1.5"})
  void aBadTimeoutIsNamed(String value) {
    assertThatThrownBy(() -> InspurConfig.parse(config(with("request-timeout=" + value))))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("key request-timeout");
  }

  @Test
  void anEmptyFileListsEveryRequiredKey() {
    assertThatThrownBy(() -> InspurConfig.parse(CloudConfig.of("")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("slbUrl-pre (or slburl-pre), keycloakUrl, client-secret, token-client-id,"
            + " requested-subject");
  }

  @Test
  void aClientSecretTypedWithoutItsEqualsSignIsNeitherLoggedNorEchoed() {
    // issue 15: "client-secret <secret>==" makes the key "client-secret <secret>", which the unknown-key warning
    // named; the line is reported by number
    String secret = "Sup3rS3cretKey42";
    try (dev.ccm4j.testkit.logging.LogCapture logs = dev.ccm4j.testkit.logging.LogCapture.of(
        InspurConfig.class.getName())) {
      InspurConfig.parse(config(with("client-secret " + secret + "==", "unknownKeyForTest=hidden-value-1")));
      assertThat(logs.text()).contains("line 8 is ignored").contains("unknown key unknownKeyForTest")
          .doesNotContain(secret).doesNotContain(secret.substring(0, 8)).doesNotContain(secret.substring(8))
          .doesNotContain("hidden-value-1");

      Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> InspurConfig.parse(config(
          with("ca-file=/nonexistent/" + secret))));
      assertThat(e).isInstanceOf(CloudConfigException.class).hasMessageContaining("key ca-file");
      Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> InspurConfig.parse(config(
          without("client-secret"))));
      for (Throwable t : List.of(e, missing)) {
        for (Throwable c = t; c != null; c = c.getCause()) {
          assertThat(c.toString()).doesNotContain(secret).doesNotContain(SECRET);
        }
      }
      assertThat(logs.text()).doesNotContain(secret);
    }
  }
}
