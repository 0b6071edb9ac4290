package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier against Huawei's published signing example (vector D of the reference). */
class SignatureVerifierTest {
  private static final String AK = "QTWAOYTTINDUT2QVKYUC";
  private static final String SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
  private static final String AUTHORIZATION = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
      + "SignedHeaders=content-type;host;x-sdk-date, "
      + "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
  private static final String PATH = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs";
  private static final String QUERY = "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";

  private final MutableClock clock = new MutableClock(Instant.parse("2019-11-15T03:36:55Z"));
  private final HuaweiState state = new HuaweiState("cn-north-4", List.of("cn-north-4a"), null, clock, 1L,
      Duration.ZERO);
  private final SignatureVerifier verifier =
      new SignatureVerifier(new AccessKeys(AK, SK, Duration.ofHours(1), state), clock);

  private static EmulatorRequest request(String query, String authorization, String contentType) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(contentType));
    headers.put("Host", List.of("service.region.example.com"));
    headers.put("X-Sdk-Date", List.of("20191115T033655Z"));
    headers.put("Authorization", List.of(authorization));
    return EmulatorRequest.of("GET", PATH, query, headers, new byte[0]);
  }

  @Test
  void acceptsThePublishedExample() {
    assertThat(verifier.verify(request(QUERY, AUTHORIZATION, "application/json")).access()).isEqualTo(AK);
  }

  @Test
  void rejectsTheExampleWithAnyPartChanged() {
    assertThatThrownBy(() -> verifier.verify(request("limit=3&marker=13551d6b-755d-4757-b956-536f674975c0",
        AUTHORIZATION, "application/json")))
        .isInstanceOfSatisfying(HuaweiApiError.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("APIGW.0301");
          assertThat(e.getMessage()).isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
        });
    // content-type is signed in this example, so changing it breaks the signature
    assertThatThrownBy(() -> verifier.verify(request(QUERY, AUTHORIZATION, "text/plain")))
        .isInstanceOf(HuaweiApiError.class);
    assertThatThrownBy(() -> verifier.verify(request(QUERY, AUTHORIZATION.replace("7be6", "7be7"),
        "application/json"))).isInstanceOf(HuaweiApiError.class);
  }

  @Test
  void theExampleExpiresFifteenMinutesLater() {
    clock.advance(Duration.ofMinutes(15));
    verifier.verify(request(QUERY, AUTHORIZATION, "application/json"));
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> verifier.verify(request(QUERY, AUTHORIZATION, "application/json")))
        .hasMessageContaining("15 minutes");
  }

  @Test
  void malformedAuthorizationHeadersAreRejected() {
    for (String bad : List.of("", "Bearer abc", "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC",
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=host, Signature=zz")) {
      assertThatThrownBy(() -> verifier.verify(request(QUERY, bad, "application/json")))
          .as(bad).isInstanceOfSatisfying(HuaweiApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }
}
