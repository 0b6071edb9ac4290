package dev.ccm4j.provider.alibaba.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcV1SignatureTest {

  /** Vector A: the classic public RPC example (DescribeRegions, XML). */
  @Test
  void reproducesVectorA() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Version", "2014-05-26");
    params.put("Timestamp", "2016-02-23T12:46:24Z");
    params.put("SignatureVersion", "1.0");
    params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
    params.put("SignatureMethod", "HMAC-SHA1");
    params.put("Format", "XML");
    params.put("Action", "DescribeRegions");
    params.put("AccessKeyId", "testid");

    assertThat(RpcV1Signature.stringToSign("GET", params)).isEqualTo(
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
            + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
            + "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
    String signature = RpcV1Signature.sign("GET", params, "testsecret");
    assertThat(signature).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assertThat(Percent.encode(signature)).isEqualTo("OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D");
  }

  /** Vector B: DescribeDedicatedHosts, JSON, with RegionId. */
  @Test
  void reproducesVectorB() {
    Map<String, String> params = Map.of(
        "AccessKeyId", "testid",
        "Action", "DescribeDedicatedHosts",
        "Format", "JSON",
        "RegionId", "cn-beijing",
        "SignatureMethod", "HMAC-SHA1",
        "SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb",
        "SignatureVersion", "1.0",
        "Timestamp", "2023-03-13T08:34:30Z",
        "Version", "2014-05-26");

    assertThat(RpcV1Signature.stringToSign("GET", params)).isEqualTo(
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing"
            + "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb"
            + "%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26");
    assertThat(RpcV1Signature.sign("GET", params, "testsecret")).isEqualTo("9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
  }

  @Test
  void signatureParameterIsNeverSigned() {
    Map<String, String> params = new LinkedHashMap<>(Map.of("Action", "DescribeRegions", "AccessKeyId", "testid"));
    String before = RpcV1Signature.sign("GET", params, "s");
    params.put("Signature", "anything");
    assertThat(RpcV1Signature.sign("GET", params, "s")).isEqualTo(before);
    assertThat(RpcV1Signature.canonicalQuery(params)).doesNotContain("Signature=");
  }

  @Test
  void canonicalQueryEncodesSpecialCharactersTheAlibabaWay() {
    Map<String, String> params = Map.of(
        "Tag.1.Value", "a b*c~d", "InstanceIds", "[\"i-a\",\"i-b\"]", "Empty", "", "Name", "中");
    assertThat(RpcV1Signature.canonicalQuery(params)).isEqualTo(
        "Empty=&InstanceIds=%5B%22i-a%22%2C%22i-b%22%5D&Name=%E4%B8%AD&Tag.1.Value=a%20b%2Ac~d");
  }

  @Test
  void methodAndSecretChangeTheSignature() {
    Map<String, String> params = Map.of("Action", "DescribeRegions");
    assertThat(RpcV1Signature.sign("POST", params, "testsecret"))
        .isNotEqualTo(RpcV1Signature.sign("GET", params, "testsecret"))
        .isNotEqualTo(RpcV1Signature.sign("POST", params, "other"));
    assertThat(RpcV1Signature.stringToSign("post", params)).startsWith("POST&%2F&");
  }
}
