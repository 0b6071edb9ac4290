package dev.ccm4j.provider.inspur.auth;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.provider.inspur.slb.InspurErrorDecoder;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.VendorHttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeycloakTokenSourceTest {
  private static final String SECRET = "p&ss=w+rd %20 x";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  private final FakeKeycloak keycloak = new FakeKeycloak(SECRET);
  private MockWebServer server;
  private VendorHttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(keycloak);
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    http = VendorHttpClient.builder("incloud").errorDecoder(new InspurErrorDecoder()).build();
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  private KeycloakTokenSource tokens(String secret) {
    return new KeycloakTokenSource(http, server.url("/token"), "cke-client", secret, "ops-user", "console",
        "urn:ietf:params:oauth:token-type:refresh_token", clock);
  }

  @Test
  void theExchangeIsAProperlyEncodedForm() {
    assertThat(tokens(SECRET).token()).isEqualTo("tok-1");
    assertThat(keycloak.lastContentType).startsWith("application/x-www-form-urlencoded");
    assertThat(keycloak.lastForm).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
        .containsEntry("client_id", "cke-client")
        .containsEntry("client_secret", SECRET)
        .containsEntry("requested_subject", "ops-user")
        .containsEntry("request_token_type", "urn:ietf:params:oauth:token-type:refresh_token")
        .containsEntry("audience", "console");
  }

  @Test
  void manyCallsShareOneFetch() {
    KeycloakTokenSource tokens = tokens(SECRET);
    for (int i = 0; i < 50; i++) {
      assertThat(tokens.token()).isEqualTo("tok-1");
      clock.advance(Duration.ofSeconds(5));
    }
    // 250 s of a 300 s token, still before the 30 s margin
    assertThat(keycloak.tokenRequests).hasValue(1);
  }

  @Test
  void theTokenIsRefreshedShortlyBeforeItExpires() {
    KeycloakTokenSource tokens = tokens(SECRET);
    assertThat(tokens.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(269));
    assertThat(tokens.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.token()).isEqualTo("tok-2");
    assertThat(keycloak.tokenRequests).hasValue(2);
  }

  @Test
  void aShortLivedTokenKeepsATenthOfItsLifetimeAsMargin() {
    keycloak.expiresIn = 10;
    KeycloakTokenSource tokens = tokens(SECRET);
    assertThat(tokens.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofMillis(8900));
    assertThat(tokens.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofMillis(200));
    assertThat(tokens.token()).isEqualTo("tok-2");
  }

  @Test
  void refreshReplacesTheRejectedTokenOnceForAllWhoSawIt() {
    KeycloakTokenSource tokens = tokens(SECRET);
    String first = tokens.token();
    assertThat(tokens.refresh(first)).isEqualTo("tok-2");
    // a second caller that saw the same 401 gets the new token without another fetch
    assertThat(tokens.refresh(first)).isEqualTo("tok-2");
    assertThat(tokens.token()).isEqualTo("tok-2");
    assertThat(keycloak.tokenRequests).hasValue(2);
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    KeycloakTokenSource tokens = tokens(SECRET);
    CountDownLatch hold = new CountDownLatch(1);
    keycloak.holdTokens = hold;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch started = new CountDownLatch(16);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> {
          started.countDown();
          return tokens.token();
        }));
      }
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      // let every caller queue up behind the first fetch before Keycloak answers
      assertThat(keycloak.tokenArrived.await(5, TimeUnit.SECONDS)).isTrue();
      hold.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("tok-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(keycloak.tokenRequests).hasValue(1);
  }

  @Test
  void aRefusedClientIsAnAuthErrorThatNeverShowsTheSecret() {
    String wrong = "wrong&secret=1";
    assertThatThrownBy(() -> tokens(wrong).token())
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
          assertThat(e.httpStatus()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("unauthorized_client");
        })
        .hasMessageContaining("Invalid client")
        .hasMessageNotContaining(wrong).hasMessageNotContaining("wrong%26secret");
  }
}
