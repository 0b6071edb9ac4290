package dev.ccm4j.provider.alibaba.auth;

import dev.ccm4j.testkit.logging.LogCapture;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.vendor.client.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RamRoleCredentialsProviderTest {
  private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
  private static final String ROLE_PATH = "/latest/meta-data/ram/security-credentials/ccm-role";

  private final OkHttpClient http = new OkHttpClient();
  private final MutableClock clock = new MutableClock(START);
  private final Redactor redactor = Redactor.create();
  private MetadataServer server;
  private RamRoleCredentialsProvider provider;

  @BeforeEach
  void start() throws Exception {
    server = new MetadataServer();
    server.put("ram/security-credentials/", "ccm-role\n");
    issue(1, START.plus(Duration.ofHours(6)));
    provider = new RamRoleCredentialsProvider(
        new MetadataClient(http, server.endpoint(), clock, 2, Duration.ofMillis(1)), redactor, clock, null);
  }

  @AfterEach
  void stop() {
    server.close();
    http.connectionPool().evictAll();
  }

  private void issue(int generation, Instant expiration) {
    server.put("ram/security-credentials/ccm-role", "{\"AccessKeyId\":\"STS.id" + generation + "\","
        + "\"AccessKeySecret\":\"sts-secret-" + generation + "\",\"SecurityToken\":\"sts-token-" + generation
        + "\",\"Expiration\":\"" + expiration + "\",\"LastUpdated\":\"" + START + "\",\"Code\":\"Success\"}");
  }

  @Test
  void fetchesOnceForManyCallsAndRegistersTheSecrets() {
    AlibabaCredentials first = provider.current();
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(provider.current()).isSameAs(first);
    }
    assertThat(first.accessKeyId()).isEqualTo("STS.id1");
    assertThat(first.accessKeySecret()).isEqualTo("sts-secret-1");
    assertThat(first.securityToken()).contains("sts-token-1");
    assertThat(first.expiration()).contains(START.plus(Duration.ofHours(6)));
    assertThat(first.toString()).doesNotContain("sts-secret-1").doesNotContain("sts-token-1");
    assertThat(server.hits(ROLE_PATH)).isEqualTo(1);
    assertThat(redactor.redact("a sts-secret-1 b sts-token-1")).doesNotContain("sts-secret-1")
        .doesNotContain("sts-token-1");
  }

  @Test
  void refreshesWhenAFifthOfTheLifetimeIsLeft() {
    provider.current();
    issue(2, START.plus(Duration.ofHours(12)));
    // six hours of lifetime: refreshed from 4h48m on
    clock.advance(Duration.ofHours(4).plusMinutes(47));
    assertThat(provider.current().accessKeyId()).isEqualTo("STS.id1");
    clock.advance(Duration.ofMinutes(2));
    AlibabaCredentials second = provider.current();
    assertThat(second.accessKeyId()).isEqualTo("STS.id2");
    assertThat(server.hits(ROLE_PATH)).isEqualTo(2);
    assertThat(redactor.redact("sts-secret-2 sts-token-2")).doesNotContain("sts-secret-2")
        .doesNotContain("sts-token-2");
  }

  @Test
  void aFailedRefreshKeepsValidCredentialsAndDoesNotHammerTheService() {
    provider.current();
    clock.advance(Duration.ofHours(5));
    server.fail(ROLE_PATH, 100);
    try (LogCapture logs = LogCapture.of("dev.ccm4j")) {
      assertThat(provider.current().accessKeyId()).isEqualTo("STS.id1");
      int afterFailure = server.hits(ROLE_PATH);
      // within the retry pause the old credentials are returned without another request
      for (int i = 0; i < 5; i++) {
        assertThat(provider.current().accessKeyId()).isEqualTo("STS.id1");
      }
      assertThat(server.hits(ROLE_PATH)).isEqualTo(afterFailure);
      assertThat(logs.text()).contains("refreshing the RAM role credentials failed")
          .doesNotContain("sts-secret-1").doesNotContain("sts-token-1");
    }
    // the service recovers: the next attempt after the pause succeeds
    server.fail(ROLE_PATH, 0);
    issue(3, START.plus(Duration.ofHours(11)));
    clock.advance(RamRoleCredentialsProvider.RETRY_AFTER_FAILURE.plusSeconds(1));
    assertThat(provider.current().accessKeyId()).isEqualTo("STS.id3");
  }

  @Test
  void failsClearlyWhenNoValidCredentialsRemain() {
    provider.current();
    server.fail(ROLE_PATH, 100);
    clock.advance(Duration.ofHours(7));
    assertThatThrownBy(() -> provider.current())
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("ram/security-credentials/ccm-role")
        .hasMessageContaining("HTTP 500")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sts-secret").doesNotContain("sts-token"));
  }

  @Test
  void refusesExpiredOrIncompleteOrFailedCredentials() {
    issue(4, START.minusSeconds(1));
    assertThatThrownBy(() -> provider.current()).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("expired RAM role credentials");

    server.put("ram/security-credentials/ccm-role", "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
        + "\"AccessKeySecret\":\"half-secret\"}");
    clock.advance(RamRoleCredentialsProvider.RETRY_AFTER_FAILURE);
    assertThatThrownBy(() -> provider.current()).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("lack")
        .hasMessageNotContaining("half-secret");
    assertThat(redactor.redact("half-secret")).isEqualTo(Redactor.MASK);

    server.put("ram/security-credentials/ccm-role", "{\"Code\":\"Failed\"}");
    assertThatThrownBy(() -> provider.current()).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("Code Failed");

    server.put("ram/security-credentials/ccm-role", "<html>not json</html>");
    assertThatThrownBy(() -> provider.current()).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("not a JSON object")
        .hasMessageNotContaining("html");
  }

  @Test
  void noRoleAttached() {
    server.put("ram/security-credentials/", "\n");
    assertThatThrownBy(() -> provider.current()).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("no RAM role is attached");
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AlibabaCredentials>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return provider.current();
        }));
      }
      go.countDown();
      for (Future<AlibabaCredentials> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS).accessKeyId()).isEqualTo("STS.id1");
      }
      assertThat(server.hits(ROLE_PATH)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
