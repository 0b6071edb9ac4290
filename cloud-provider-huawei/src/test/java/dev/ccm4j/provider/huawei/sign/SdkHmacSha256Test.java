package dev.ccm4j.provider.huawei.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SdkHmacSha256Test {

  // Huawei's "Constructing a Standard Request" example (vendors.md 2.3, vector D)
  private static final String AK = "QTWAOYTTINDUT2QVKYUC";
  private static final String SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
  private static final String DATE = "20191115T033655Z";
  private static final String CANONICAL_D = "GET\n"
      + "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n"
      + "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
      + "content-type:application/json\n"
      + "host:service.region.example.com\n"
      + "x-sdk-date:20191115T033655Z\n"
      + "\n"
      + "content-type;host;x-sdk-date\n"
      + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String HASHED_D = "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a";
  private static final String SIGNATURE_D = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
  private static final String AUTHORIZATION_D = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
      + "SignedHeaders=content-type;host;x-sdk-date, "
      + "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";

  private static String vectorDCanonical() {
    Map<String, List<String>> query = new LinkedHashMap<>();
    // insertion order reversed on purpose: the canonical query sorts names
    query.put("marker", List.of("13551d6b-755d-4757-b956-536f674975c0"));
    query.put("limit", List.of("2"));
    SortedMap<String, String> headers = new TreeMap<>();
    headers.put("x-sdk-date", DATE);
    headers.put("host", "service.region.example.com");
    headers.put("content-type", "application/json");
    return SdkHmacSha256.canonicalRequest("GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", query, headers,
        SdkHmacSha256.sha256Hex(new byte[0]));
  }

  @Test
  void vectorDCanonicalRequestMatchesByteForByte() {
    assertThat(vectorDCanonical()).isEqualTo(CANONICAL_D);
  }

  @Test
  void vectorDHashedCanonicalRequestAndStringToSign() {
    String sts = SdkHmacSha256.stringToSign(DATE, vectorDCanonical());
    assertThat(sts).isEqualTo("SDK-HMAC-SHA256\n" + DATE + "\n" + HASHED_D);
    assertThat(SdkHmacSha256.sha256Hex(CANONICAL_D.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(HASHED_D);
  }

  @Test
  void vectorDSignatureAndAuthorizationHeader() {
    String signature = SdkHmacSha256.signature(SK, SdkHmacSha256.stringToSign(DATE, vectorDCanonical()));
    assertThat(signature).isEqualTo(SIGNATURE_D);
    assertThat(SdkHmacSha256.authorization(AK, List.of("x-sdk-date", "Host", "content-type"), signature))
        .isEqualTo(AUTHORIZATION_D);
  }

  @Test
  void parsesTheAuthorizationHeaderBackWithOrWithoutSpaces() {
    SdkHmacSha256.Authorization a = SdkHmacSha256.parseAuthorization(AUTHORIZATION_D).orElseThrow();
    assertThat(a.access()).isEqualTo(AK);
    assertThat(a.signedHeaders()).containsExactly("content-type", "host", "x-sdk-date");
    assertThat(a.signature()).isEqualTo(SIGNATURE_D);
    assertThat(SdkHmacSha256.parseAuthorization(AUTHORIZATION_D.replace(", ", ","))).contains(a);
  }

  @Test
  void rejectsForeignOrMalformedAuthorization() {
    assertThat(SdkHmacSha256.parseAuthorization(null)).isEmpty();
    assertThat(SdkHmacSha256.parseAuthorization("Bearer abc")).isEmpty();
    assertThat(SdkHmacSha256.parseAuthorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=h")).isEmpty();
    assertThat(SdkHmacSha256.parseAuthorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=h, Signature=zz"))
        .isEmpty();
  }

  @Test
  void escapesEverythingButUnreservedWithUpperCaseHex() {
    assertThat(SdkHmacSha256.escape("AZaz09_-~.")).isEqualTo("AZaz09_-~.");
    assertThat(SdkHmacSha256.escape("a b+c/d*é")).isEqualTo("a%20b%2Bc%2Fd%2A%C3%A9");
  }

  @Test
  void canonicalUriKeepsOneTrailingSlashAndReEscapesEncodedSegments() {
    SortedMap<String, String> none = new TreeMap<>();
    String hash = SdkHmacSha256.sha256Hex(new byte[0]);
    assertThat(SdkHmacSha256.canonicalRequest("get", "", Map.of(), none, hash)).startsWith("GET\n/\n\n");
    assertThat(SdkHmacSha256.canonicalRequest("GET", "/a/b/", Map.of(), none, hash)).startsWith("GET\n/a/b/\n");
    // wire form and decoded form give the same canonical URI
    String encoded = SdkHmacSha256.canonicalRequest("GET", "/v1/x%20y", Map.of(), none, hash);
    String decoded = SdkHmacSha256.canonicalRequest("GET", "/v1/x y", Map.of(), none, hash);
    assertThat(encoded).isEqualTo(decoded).startsWith("GET\n/v1/x%20y/\n");
  }

  @Test
  void queryValuesOfOneNameAreSortedAndEmptyValuesKeepTheEqualsSign() {
    Map<String, List<String>> query = new TreeMap<>();
    query.put("name", List.of("b", "a"));
    query.put("flag", List.of(""));
    String canonical = SdkHmacSha256.canonicalRequest("GET", "/p", query, new TreeMap<>(),
        SdkHmacSha256.sha256Hex(new byte[0]));
    assertThat(canonical.split("\n")[2]).isEqualTo("flag=&name=a&name=b");
  }

  @Test
  void dateFormatIsCompactUtc() {
    assertThat(SdkHmacSha256.DATE.format(Instant.parse("2019-11-15T03:36:55Z"))).isEqualTo(DATE);
  }
}
