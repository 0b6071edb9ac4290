package dev.ccm4j.provider.alibaba.auth;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.vendor.client.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CredentialsChainTest {
  private final OkHttpClient http = new OkHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final Redactor redactor = Redactor.create();
  private MetadataServer server;
  private MetadataClient metadata;

  @BeforeEach
  void start() throws Exception {
    server = new MetadataServer();
    server.put("ram/security-credentials/", "role-a");
    server.put("ram/security-credentials/role-a", "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.role\","
        + "\"AccessKeySecret\":\"role-secret\",\"SecurityToken\":\"role-token\","
        + "\"Expiration\":\"2026-03-01T14:00:00Z\"}");
    metadata = new MetadataClient(http, server.endpoint(), clock, 1, Duration.ofMillis(1));
  }

  @AfterEach
  void stop() {
    server.close();
    http.connectionPool().evictAll();
  }

  private static AlibabaCloudConfig config(String text) {
    return AlibabaCloudConfig.parse(CloudConfig.of(text), Map.of());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cloudConfigComesFirst() {
    AlibabaCloudConfig c = config("{\"Global\":{\"accessKeyID\":\"" + b64("cfg-id") + "\",\"accessKeySecret\":\""
        + b64("cfg-secret") + "\"}}");
    CredentialsProvider p = CredentialsChain.create(c,
        Map.of("ACCESS_KEY_ID", "env-id", "ACCESS_KEY_SECRET", "env-secret"), metadata, redactor, clock);
    assertThat(p.source()).isEqualTo("cloud-config");
    assertThat(p.current().accessKeyId()).isEqualTo("cfg-id");
    assertThat(p.current().accessKeySecret()).isEqualTo("cfg-secret");
    assertThat(p.current().securityToken()).isEmpty();
    assertThat(redactor.redact("cfg-secret")).isEqualTo(Redactor.MASK);
    assertThat(p.toString()).doesNotContain("cfg-secret");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void thenTheEnvironment() {
    CredentialsProvider p = CredentialsChain.create(config("{}"),
        Map.of("ACCESS_KEY_ID", "env-id", "ACCESS_KEY_SECRET", "env-secret"), metadata, redactor, clock);
    assertThat(p.source()).isEqualTo("environment");
    assertThat(p.current().accessKeyId()).isEqualTo("env-id");
    assertThat(redactor.redact("env-secret")).isEqualTo(Redactor.MASK);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void thenTheRamRole() {
    CredentialsProvider p = CredentialsChain.create(config("{}"), Map.of(), metadata, redactor, clock);
    assertThat(p.source()).isEqualTo("ram-role");
    assertThat(p.current().accessKeyId()).isEqualTo("STS.role");
    assertThat(p.current().securityToken()).contains("role-token");
  }

  @Test
  void halfAnEnvironmentKeyIsAnErrorNamingTheMissingVariable() {
    assertThatThrownBy(() -> CredentialsChain.create(config("{}"), Map.of("ACCESS_KEY_SECRET", "lonely-secret"),
            metadata, redactor, clock))
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("environment variable ACCESS_KEY_ID is required when ACCESS_KEY_SECRET is set");
    assertThatThrownBy(() -> CredentialsChain.create(config("{}"), Map.of("ACCESS_KEY_ID", "id"),
            metadata, redactor, clock))
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("environment variable ACCESS_KEY_SECRET is required when ACCESS_KEY_ID is set");
  }
}
