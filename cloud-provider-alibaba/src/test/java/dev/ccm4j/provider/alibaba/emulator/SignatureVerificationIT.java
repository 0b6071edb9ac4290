package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.provider.alibaba.sign.RpcV1Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator accepts requests signed as real clients sign them and refuses tampered ones with Alibaba's codes. */
class SignatureVerificationIT {
  private static final MutableClock CLOCK = new MutableClock();
  private static AlibabaEmulator cloud;
  private static RpcClient client;

  @BeforeAll
  static void start() {
    cloud = AlibabaEmulator.builder().accessKey("LTAItestkey", "test-secret").clock(CLOCK).build().start();
    client = new RpcClient(cloud.endpoint(), "LTAItestkey", "test-secret", CLOCK);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void rpcSignedGetIsServed() {
    RpcClient.Answer a = client.get("DescribeInstances", RpcClient.ECS, Map.of());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("RequestId").getAsString()).matches("[0-9A-F-]{36}");
    assertThat(a.json().getAsJsonObject("Instances").getAsJsonArray("Instance")).hasSize(3);
  }

  @Test
  void rpcSignedPostWithFormBodyIsServed() {
    RpcClient.Answer a = client.postForm("DescribeVSwitches", RpcClient.VPC, Map.of("VpcId", cloud.state().vpcId()));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("TotalCount").getAsInt()).isEqualTo(2);
  }

  @Test
  void rpcPostWithParametersInTheQueryIsServed() {
    Map<String, String> signed = client.signedV1("POST", "DescribeRegions", RpcClient.ECS, Map.of());
    RpcClient.Answer a = client.sendV1("POST", signed, false);
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void aParameterChangedAfterSigningIsRefused() {
    Map<String, String> signed = new LinkedHashMap<>(client.signedV1("GET", "DescribeInstances", RpcClient.ECS,
        Map.of("PageSize", "10")));
    signed.put("PageSize", "20");
    RpcClient.Answer a = client.sendV1("GET", signed, false);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("SignatureDoesNotMatch");
    assertThat(a.json().get("Message").getAsString()).contains("server string to sign is:GET&%2F&");
  }

  @Test
  void aWrongSecretIsRefused() {
    RpcClient other = new RpcClient(cloud.endpoint(), "LTAItestkey", "not-the-secret", CLOCK);
    RpcClient.Answer a = other.get("DescribeInstances", RpcClient.ECS, Map.of());
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("SignatureDoesNotMatch");
    assertThat(a.text()).doesNotContain("not-the-secret").doesNotContain("test-secret");
  }

  @Test
  void anUnknownAccessKeyIsRefusedWith404() {
    RpcClient other = new RpcClient(cloud.endpoint(), "LTAIunknown", "whatever", CLOCK);
    RpcClient.Answer a = other.get("DescribeInstances", RpcClient.ECS, Map.of());
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(a.json().keySet()).contains("RequestId", "HostId", "Code", "Message", "Recommend");
    assertThat(a.json().get("HostId").getAsString()).isEqualTo("ecs.cn-hangzhou.aliyuncs.com");
  }

  @Test
  void aReplayedNonceIsRefused() {
    Map<String, String> signed = client.signedV1("GET", "DescribeRegions", RpcClient.ECS, Map.of());
    assertThat(client.sendV1("GET", signed, false).status()).isEqualTo(200);
    RpcClient.Answer again = client.sendV1("GET", signed, false);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("SignatureNonceUsed");
  }

  @Test
  void aTimestampOutsideFifteenMinutesIsRefused() {
    MutableClock skewed = new MutableClock(CLOCK.instant().minus(Duration.ofMinutes(16)));
    RpcClient late = new RpcClient(cloud.endpoint(), "LTAItestkey", "test-secret", skewed);
    RpcClient.Answer a = late.get("DescribeRegions", RpcClient.ECS, Map.of());
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidTimeStamp.Expired");
    skewed.set(CLOCK.instant().minus(Duration.ofMinutes(14)));
    assertThat(late.get("DescribeRegions", RpcClient.ECS, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void theEmulatorComputesThePublishedRpcTestVector() {
    // vector A of the reference: its fixed timestamp is "now" for an emulator on a clock set to it
    MutableClock then = new MutableClock(Instant.parse("2016-02-23T12:46:24Z"));
    try (AlibabaEmulator vectorCloud = AlibabaEmulator.builder().accessKey("testid", "testsecret").clock(then)
        .build().start()) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("AccessKeyId", "testid");
      params.put("Action", "DescribeRegions");
      params.put("Format", "XML");
      params.put("SignatureMethod", "HMAC-SHA1");
      params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
      params.put("SignatureVersion", "1.0");
      params.put("Timestamp", "2016-02-23T12:46:24Z");
      params.put("Version", "2014-05-26");
      params.put("Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
      RpcClient raw = new RpcClient(vectorCloud.endpoint(), "testid", "testsecret", then);
      assertThat(raw.sendV1("GET", params, false).status()).isEqualTo(200);
      params.put("Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qZ=");
      params.put("SignatureNonce", "another");
      assertThat(raw.sendV1("GET", params, false).code()).isEqualTo("SignatureDoesNotMatch");
      assertThat(RpcV1Signature.sign("GET", params, "testsecret")).isNotEqualTo(params.get("Signature"));
    }
  }

  @Test
  void acs3WithQueryParametersIsServed() {
    RpcClient.Answer a = client.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou",
        "PageSize", "2"), Map.of());
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getAsJsonObject("Instances").getAsJsonArray("Instance")).hasSize(2);
  }

  @Test
  void acs3WithFormBodyIsServed() {
    RpcClient.Answer a = client.acs3("DescribeVSwitches", RpcClient.VPC, Map.of(), Map.of("RegionId",
        "cn-hangzhou", "ZoneId", cloud.state().zoneId()));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("TotalCount").getAsInt()).isEqualTo(1);
  }

  @Test
  void acs3WithATamperedBodyIsRefused() {
    RpcClient.Answer a = client.acs3("DescribeVSwitches", RpcClient.VPC, Map.of(), Map.of("RegionId",
        "cn-hangzhou"), h -> { }, "RegionId=cn-shanghai");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void acs3WithAChangedSignedHeaderIsRefused() {
    RpcClient.Answer a = client.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou"),
        Map.of(), h -> h.put("x-acs-action", "DescribeNetworkInterfaces"), null);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void acs3WithAForgedSignatureIsRefused() {
    RpcClient.Answer a = client.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou"),
        Map.of(), h -> h.put("authorization", h.get("authorization").replaceAll("Signature=.*$",
            "Signature=" + "0".repeat(64))), null);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void acs3WithAnUnknownKeyIsRefusedWith404() {
    RpcClient other = new RpcClient(cloud.endpoint(), "LTAIunknown", "whatever", CLOCK);
    RpcClient.Answer a = other.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou"),
        Map.of());
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("InvalidAccessKeyId.NotFound");
  }

  @Test
  void reservedAndNonAsciiCharactersSurviveBothSchemes() {
    Map<String, String> odd = Map.of("Tag.1.Key", "key with space*~/+&=", "Tag.1.Value", "\u4e2d\u6587 \"quoted\"");
    assertThat(client.get("DescribeInstances", RpcClient.ECS, odd).status()).isEqualTo(200);
    assertThat(client.postForm("DescribeInstances", RpcClient.ECS, odd).status()).isEqualTo(200);
    assertThat(client.acs3("DescribeInstances", RpcClient.ECS, odd, Map.of()).status()).isEqualTo(200);
    assertThat(client.acs3("DescribeInstances", RpcClient.ECS, Map.of(), odd).status()).isEqualTo(200);
  }

  @Test
  void aClientThatFormEncodesSpacesAsPlusIsAccepted() {
    // java.net.URLEncoder-style clients send "+" for a space and "%7E" for "~"; the server compares decoded values
    Map<String, String> signed = client.signedV1("GET", "DescribeInstances", RpcClient.ECS, Map.of("InstanceName",
        "my node~1"));
    StringBuilder query = new StringBuilder();
    signed.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&")
        .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(query).contains("my+node%7E1");
    java.net.http.HttpResponse<String> r = client.raw(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(cloud.endpoint() + "/?" + query)).GET().build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void unknownActionsAndVersionsAreRefusedAsAlibabaDoes() {
    RpcClient.Answer action = client.get("DescribeUnicorns", RpcClient.ECS, Map.of());
    assertThat(action.status()).isEqualTo(404);
    assertThat(action.code()).isEqualTo("InvalidAction.NotFound");
    RpcClient.Answer version = client.get("DescribeInstances", "2099-01-01", Map.of());
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.code()).isEqualTo("InvalidVersion");
  }

  @Test
  void oneEndpointServesEveryProductByVersion() {
    // the same action name exists in SLB and NLB, but never in the same version
    assertThat(client.get("DescribeRouteTableList", RpcClient.VPC, Map.of()).status()).isEqualTo(200);
    assertThat(client.get("DescribeRouteTableList", RpcClient.ECS, Map.of()).code())
        .isEqualTo("InvalidAction.NotFound");
  }
}
