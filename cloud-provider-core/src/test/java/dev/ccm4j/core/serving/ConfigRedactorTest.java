package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ConfigRedactorTest {

  @Test
  void redactsCredentialLikeKeysAtAnyDepthInAnyCase() {
    JsonElement config = JsonParser.parseString("{"
        + "\"clusterName\":\"kubernetes\","
        + "\"PASSWORD\":\"p1\","
        + "\"cloud\":{\"clientSecret\":\"p2\",\"ApiToken\":\"p3\",\"region\":\"eu\",\"accessKeyId\":\"p4\"},"
        + "\"accounts\":[{\"Credentials\":{\"user\":\"x\"},\"zone\":\"a\"}],"
        + "\"bearerToken\":null}");

    JsonElement redacted = ConfigRedactor.redact(config);

    String text = redacted.toString();
    assertThat(text).doesNotContain("p1", "p2", "p3", "p4", "\"user\"")
        .contains("\"clusterName\":\"kubernetes\"", "\"region\":\"eu\"", "\"zone\":\"a\"",
            "\"Credentials\":\"<redacted>\"", "\"bearerToken\":null");
    assertThat(config.toString()).contains("p1");
  }

  @Test
  void sensitiveNamesAreMatchedCaseInsensitively() {
    assertThat(ConfigRedactor.isSensitive("tlsPrivateKeyFile")).isTrue();
    assertThat(ConfigRedactor.isSensitive("Passwd")).isTrue();
    assertThat(ConfigRedactor.isSensitive("CREDENTIAL_FILE")).isTrue();
    assertThat(ConfigRedactor.isSensitive("clusterName")).isFalse();
  }
}
