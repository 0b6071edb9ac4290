package dev.ccm4j.provider.alibaba.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Acs3SignatureTest {

  private static final String CANONICAL_C = "POST\n"
      + "/\n"
      + "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
      + "host:ecs.cn-shanghai.aliyuncs.com\n"
      + "x-acs-action:RunInstances\n"
      + "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      + "x-acs-date:2023-10-26T10:22:32Z\n"
      + "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
      + "x-acs-version:2014-05-26\n"
      + "\n"
      + "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
      + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static Map<String, String> vectorCHeaders() {
    // mixed case and insertion order on purpose: names are canonicalised, not trusted
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-acs-version", "2014-05-26");
    headers.put("Host", "ecs.cn-shanghai.aliyuncs.com");
    headers.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
    headers.put("X-Acs-Action", "RunInstances");
    headers.put("x-acs-date", "2023-10-26T10:22:32Z");
    headers.put("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    headers.put("User-Agent", "not signed");
    headers.put("Accept", "application/json");
    return headers;
  }

  /** Vector C: Alibaba's V3 signature page (RunInstances, empty body). */
  @Test
  void reproducesVectorC() {
    Map<String, String> headers = vectorCHeaders();
    Map<String, String> query = Map.of(
        "RegionId", "cn-shanghai", "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd");
    List<String> signed = Acs3Signature.signedHeaders(headers);
    assertThat(signed).containsExactly(
        "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version");

    String canonical = Acs3Signature.canonicalRequest(
        "POST", "/", query, headers, Acs3Signature.sha256Hex(new byte[0]), signed);
    assertThat(canonical).isEqualTo(CANONICAL_C);
    assertThat(Acs3Signature.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    assertThat(Acs3Signature.stringToSign(canonical))
        .isEqualTo("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");

    String signature = Acs3Signature.signature("YourAccessKeySecret", canonical);
    assertThat(signature).isEqualTo("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    assertThat(Acs3Signature.authorization("YourAccessKeyId", signed, signature)).isEqualTo(
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
            + "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
            + "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  }

  @Test
  void emptyBodyHashIsTheWellKnownConstant() {
    assertThat(Acs3Signature.sha256Hex(new byte[0])).isEqualTo(Acs3Signature.EMPTY_PAYLOAD_SHA256);
  }

  @Test
  void contentTypeIsSignedWhenPresentAndOtherHeadersAreNot() {
    Map<String, String> headers = Map.of(
        "Content-Type", "application/x-www-form-urlencoded", "x-acs-security-token", "t", "Authorization", "x");
    assertThat(Acs3Signature.signedHeaders(headers)).containsExactly("content-type", "x-acs-security-token");
  }

  @Test
  void canonicalQueryEncodesValuesAndKeepsEmptyOnes() {
    assertThat(Acs3Signature.canonicalQuery(Map.of("b", "x y*~", "a", "", "Tags", "[{\"TagKey\":\"k\"}]")))
        .isEqualTo("Tags=%5B%7B%22TagKey%22%3A%22k%22%7D%5D&a=&b=x%20y%2A~");
  }

  @Test
  void aChangedSignedHeaderChangesTheSignature() {
    Map<String, String> headers = vectorCHeaders();
    List<String> signed = Acs3Signature.signedHeaders(headers);
    String base = Acs3Signature.signature("k",
        Acs3Signature.canonicalRequest("POST", "/", Map.of(), headers, Acs3Signature.EMPTY_PAYLOAD_SHA256, signed));
    headers.put("x-acs-action", "DeleteInstance");
    String changed = Acs3Signature.signature("k",
        Acs3Signature.canonicalRequest("POST", "/", Map.of(), headers, Acs3Signature.EMPTY_PAYLOAD_SHA256, signed));
    assertThat(changed).isNotEqualTo(base);
  }

  @Test
  void aMissingSignedHeaderIsRefusedByName() {
    assertThatThrownBy(() -> Acs3Signature.canonicalRequest(
            "POST", "/", Map.of(), Map.of("host", "h"), Acs3Signature.EMPTY_PAYLOAD_SHA256,
            List.of("host", "x-acs-date")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x-acs-date");
  }
}
