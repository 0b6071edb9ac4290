package dev.ccm4j.provider.huawei.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.testkit.time.MutableClock;
import dev.ccm4j.vendor.client.VendorHttpClient;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataSecurityKeyTest {
  private final MutableClock clock = new MutableClock();
  private final AtomicReference<MockResponse> answer = new AtomicReference<>();
  private MockWebServer server;
  private VendorHttpClient http;
  private MetadataSecurityKey source;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        assertThat(request.getUrl().encodedPath()).isEqualTo("/openstack/latest/securitykey");
        return answer.get();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    http = VendorHttpClient.builder("huaweicloud").build();
    source = new MetadataSecurityKey(http, server.url("/").uri(), clock);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  private static MockResponse credential(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String key(String ak, String sk, String token, String expires) {
    return "{\"credential\":{\"access\":\"" + ak + "\",\"secret\":\"" + sk + "\",\"securitytoken\":\"" + token
        + "\"" + (expires == null ? "" : ",\"expires_at\":\"" + expires + "\"") + "}}";
  }

  @Test
  void readsTheCredentialAndRegistersItsSecrets() {
    answer.set(credential(key("AK1", "SK-secret-1", "TOKEN-1", "2026-12-07T03:00:00.000000Z")));
    HuaweiCredentials c = source.current();
    assertThat(c.accessKey()).isEqualTo("AK1");
    assertThat(c.secretKey()).isEqualTo("SK-secret-1");
    assertThat(c.securityToken()).contains("TOKEN-1");
    assertThat(c.toString()).doesNotContain("SK-secret-1").doesNotContain("TOKEN-1");
    assertThat(http.redactor().redact("SK-secret-1 TOKEN-1")).doesNotContain("SK-secret-1").doesNotContain("TOKEN-1");
    assertThat(source.current()).isSameAs(c);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void keepsStillValidCredentialsWhenARefreshFails() {
    Instant expiry = clock.instant().plus(Duration.ofMinutes(5));
    answer.set(credential(key("AK1", "SK1", "T1", expiry.toString())));
    HuaweiCredentials first = source.current();
    clock.advance(Duration.ofMinutes(4).plusSeconds(30));
    answer.set(new MockResponse.Builder().code(500).body("oops").build());
    assertThat(source.current()).as("30 s left").isSameAs(first);
    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(source::current).isInstanceOf(CloudProviderException.class);
  }

  @Test
  void withoutExpiryTheCredentialsAreFetchedAgainSoon() {
    answer.set(credential(key("AK1", "SK1", "T1", null)));
    source.current();
    clock.advance(MetadataSecurityKey.ASSUMED_VALIDITY);
    answer.set(credential(key("AK2", "SK2", "T2", null)));
    assertThat(source.current().accessKey()).isEqualTo("AK2");
  }

  @Test
  void anAnswerWithoutKeysIsAClearError() {
    answer.set(credential("{\"credential\":{\"access\":\"\",\"secret\":\"\"}}"));
    assertThatThrownBy(source::current).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("access-key and secret-key");
    answer.set(credential("{}"));
    assertThatThrownBy(source::current).isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("credential");
  }
}
