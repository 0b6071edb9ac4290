package dev.ccm4j.provider.alibaba.api;

import dev.ccm4j.testkit.logging.LogCapture;

import dev.ccm4j.testkit.time.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.alibaba.auth.AlibabaCredentials;
import dev.ccm4j.provider.alibaba.auth.CredentialsProvider;
import dev.ccm4j.provider.alibaba.auth.MetadataServer;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.sign.Acs3Signature;
import dev.ccm4j.provider.alibaba.sign.RpcV1Signature;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudApiThrottledException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.ErrorKind;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlibabaApiTest {
  private static final String AK_ID = "LTAI5tTestAccessKey";
  private static final String AK_SECRET = "Sup3rS3cretAccessKeyValue";
  private static final String STS_SECRET = "StsS3cretValueForTests";
  private static final String STS_TOKEN = "CAIS-sts-security-token-value-for-tests";
  private static final Instant NOW = Instant.parse("2026-12-07T03:04:05Z");

  private final MutableClock clock = new MutableClock(NOW);
  private MockWebServer server;
  private final List<AlibabaApi> apis = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    apis.forEach(AlibabaApi::close);
    server.close();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private AlibabaCloudConfig config(String extra) {
    String e = endpoint();
    return AlibabaCloudConfig.parse(CloudConfig.of("{\"Global\":{\"region\":\"cn-hangzhou\","
        + "\"accessKeyID\":\"" + b64(AK_ID) + "\",\"accessKeySecret\":\"" + b64(AK_SECRET) + "\","
        + "\"ecsEndpoint\":\"" + e + "\",\"slbEndpoint\":\"" + e + "\",\"vpcEndpoint\":\"" + e + "\","
        + "\"nlbEndpoint\":\"" + e + "\"" + extra + "}}"), Map.of());
  }

  private AlibabaApi api(AlibabaCloudConfig config) {
    return api(AlibabaApi.builder(config));
  }

  private AlibabaApi api(AlibabaApi.Builder builder) {
    AlibabaApi api = builder.clock(clock).userAgent("ccm4j/test (alibaba)").build();
    apis.add(api);
    return api;
  }

  private static CredentialsProvider sts() {
    return CredentialsProvider.fixed(
        AlibabaCredentials.sts("STS.testid", STS_SECRET, STS_TOKEN, NOW.plusSeconds(3600)), "test-sts");
  }

  private void ok(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(body).build());
  }

  private void error(int status, String code, String message, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .body("{\"RequestId\":\"REQ-" + code + "\",\"HostId\":\"ecs.aliyuncs.com\",\"Code\":\"" + code
            + "\",\"Message\":\"" + message + "\",\"Recommend\":\"https://api.aliyun.com/troubleshoot\"}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(b.build());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static Map<String, String> queryOf(HttpUrl url) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      q.put(name, url.queryParameter(name));
    }
    return q;
  }

  private static Map<String, String> authorizationParts(String authorization) {
    assertThat(authorization).startsWith("ACS3-HMAC-SHA256 ");
    Map<String, String> parts = new LinkedHashMap<>();
    for (String p : authorization.substring("ACS3-HMAC-SHA256 ".length()).split(",")) {
      int eq = p.indexOf('=');
      parts.put(p.substring(0, eq), p.substring(eq + 1));
    }
    return parts;
  }

  /** Recomputes the V3 signature from what arrived on the wire, as a verifying server does. */
  private static String recomputeAcs3(RecordedRequest r, List<String> signedHeaders, String secret) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : signedHeaders) {
      headers.put(name, r.getHeaders().get(name));
    }
    String canonical = Acs3Signature.canonicalRequest(r.getMethod(), r.getUrl().encodedPath(), queryOf(r.getUrl()),
        headers, Acs3Signature.sha256Hex(r.getBody() == null ? new byte[0] : r.getBody().toByteArray()),
        signedHeaders);
    return Acs3Signature.signature(secret, canonical);
  }

  @Test
  void sendsTheAcs3SignedRequestAsAlibabasCurrentSdks() throws Exception {
    AlibabaApi api = api(config(""));
    ok("{\"RequestId\":\"R1\",\"Instances\":{\"Instance\":[{\"InstanceId\":\"i-a\"}]},\"NextToken\":\"\"}");

    JsonObject response = api.call(Product.ECS, "DescribeInstances", RpcParams.create()
        .putJson("InstanceIds", List.of("i-a", "i-b"))
        .put("MaxResults", 100)
        .putList("AdditionalAttributes", List.of("NETWORK_PRIMARY_ENI_IP"))
        .putObjects("Tag", List.of(Map.of("Key", "ack.aliyun.com"))));
    assertThat(response.getAsJsonObject("Instances").getAsJsonArray("Instance")).hasSize(1);

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/");
    assertThat(r.getBodySize()).isZero();
    Map<String, String> expectedQuery = Map.of(
        "InstanceIds", "[\"i-a\",\"i-b\"]", "MaxResults", "100", "AdditionalAttributes.1", "NETWORK_PRIMARY_ENI_IP",
        "Tag.1.Key", "ack.aliyun.com", "RegionId", "cn-hangzhou");
    assertThat(queryOf(r.getUrl())).containsExactlyInAnyOrderEntriesOf(expectedQuery);
    // on the wire exactly the canonical form: sorted, RFC 3986 encoded
    assertThat(r.getUrl().encodedQuery()).isEqualTo(
        "AdditionalAttributes.1=NETWORK_PRIMARY_ENI_IP&InstanceIds=%5B%22i-a%22%2C%22i-b%22%5D&MaxResults=100"
            + "&RegionId=cn-hangzhou&Tag.1.Key=ack.aliyun.com");
    assertThat(r.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + server.getPort());
    assertThat(r.getHeaders().get("x-acs-action")).isEqualTo("DescribeInstances");
    assertThat(r.getHeaders().get("x-acs-version")).isEqualTo("2014-05-26");
    assertThat(r.getHeaders().get("x-acs-date")).isEqualTo("2026-12-07T03:04:05Z");
    assertThat(r.getHeaders().get("x-acs-signature-nonce")).matches("[0-9a-f]{32}");
    assertThat(r.getHeaders().get("x-acs-content-sha256")).isEqualTo(Acs3Signature.EMPTY_PAYLOAD_SHA256);
    assertThat(r.getHeaders().get("x-acs-security-token")).isNull();
    assertThat(r.getHeaders().get("User-Agent")).isEqualTo("ccm4j/test (alibaba)");
    assertThat(r.getHeaders().get("Signature")).isNull();
    assertThat(r.getUrl().queryParameter("Signature")).isNull();

    Map<String, String> auth = authorizationParts(r.getHeaders().get("Authorization"));
    assertThat(auth.get("Credential")).isEqualTo(AK_ID);
    List<String> signed = Arrays.asList(auth.get("SignedHeaders").split(";"));
    assertThat(signed).containsExactly(
        "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version");
    assertThat(auth.get("Signature")).isEqualTo(recomputeAcs3(r, signed, AK_SECRET))
        .isNotEqualTo(recomputeAcs3(r, signed, "another-secret"));
  }

  @Test
  void noncesDifferPerCall() throws Exception {
    AlibabaApi api = api(config(""));
    ok("{}");
    ok("{}");
    api.call(Product.VPC, "DescribeRouteTableList", RpcParams.create());
    api.call(Product.VPC, "DescribeRouteTableList", RpcParams.create());
    assertThat(take().getHeaders().get("x-acs-signature-nonce"))
        .isNotEqualTo(take().getHeaders().get("x-acs-signature-nonce"));
  }

  @Test
  void stsCredentialsAddTheSignedSecurityTokenHeader() throws Exception {
    AlibabaApi api = api(AlibabaApi.builder(config("")).credentials(sts()));
    ok("{}");
    api.call(Product.SLB, "DescribeLoadBalancers", RpcParams.create().put("RegionId", "cn-beijing"));
    RecordedRequest r = take();
    assertThat(r.getHeaders().get("x-acs-security-token")).isEqualTo(STS_TOKEN);
    assertThat(r.getHeaders().get("x-acs-version")).isEqualTo("2014-05-15");
    // an explicit RegionId is kept
    assertThat(r.getUrl().queryParameter("RegionId")).isEqualTo("cn-beijing");
    Map<String, String> auth = authorizationParts(r.getHeaders().get("Authorization"));
    assertThat(auth.get("Credential")).isEqualTo("STS.testid");
    List<String> signed = Arrays.asList(auth.get("SignedHeaders").split(";"));
    assertThat(signed).contains("x-acs-security-token");
    assertThat(auth.get("Signature")).isEqualTo(recomputeAcs3(r, signed, STS_SECRET));
  }

  @Test
  void eachProductSendsItsVersion() throws Exception {
    AlibabaApi api = api(config(""));
    Map<Product, String> versions = Map.of(Product.ECS, "2014-05-26", Product.SLB, "2014-05-15",
        Product.VPC, "2016-04-28", Product.NLB, "2022-04-30");
    for (Product p : Product.values()) {
      ok("{}");
      api.call(p, "Ping" + p, RpcParams.create());
      RecordedRequest r = take();
      assertThat(r.getHeaders().get("x-acs-version")).isEqualTo(versions.get(p)).isEqualTo(p.version());
      assertThat(r.getHeaders().get("x-acs-action")).isEqualTo("Ping" + p);
    }
  }

  @Test
  void sendsTheClassicHmacSha1RequestWhenSelected() throws Exception {
    AlibabaApi api = api(AlibabaApi.builder(config(",\"signatureAlgorithm\":\"HMAC-SHA1\"")).credentials(sts()));
    ok("{\"RequestId\":\"R2\"}");
    api.call(Product.VPC, "CreateRouteEntry", RpcParams.create()
        .put("RouteTableId", "vtb-1").put("DestinationCidrBlock", "10.0.1.0/24")
        .put("NextHopType", "Instance").put("NextHopId", "i-a"));

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("Authorization")).isNull();
    Map<String, String> q = queryOf(r.getUrl());
    assertThat(q).containsEntry("Format", "JSON")
        .containsEntry("Version", "2016-04-28")
        .containsEntry("Action", "CreateRouteEntry")
        .containsEntry("Timestamp", "2026-12-07T03:04:05Z")
        .containsEntry("SignatureMethod", "HMAC-SHA1")
        .containsEntry("SignatureVersion", "1.0")
        .containsEntry("AccessKeyId", "STS.testid")
        .containsEntry("RegionId", "cn-hangzhou")
        .containsEntry("SecurityToken", STS_TOKEN)
        .containsEntry("DestinationCidrBlock", "10.0.1.0/24");
    assertThat(q.get("SignatureNonce")).matches("[0-9a-f]{32}");
    Map<String, String> unsigned = new LinkedHashMap<>(q);
    String signature = unsigned.remove("Signature");
    assertThat(signature).isEqualTo(RpcV1Signature.sign("POST", unsigned, STS_SECRET));
    // sorted and encoded as the signer canonicalises, with the signature appended
    assertThat(r.getUrl().encodedQuery()).startsWith(RpcV1Signature.canonicalQuery(unsigned) + "&Signature=");
    assertThat(r.getUrl().encodedQuery()).contains("DestinationCidrBlock=10.0.1.0%2F24");
  }

  @Test
  void throttlingBecomesThrottledWithTheWaitFromTheRateLimitHeader() {
    AlibabaApi api = api(config(""));
    error(400, "Throttling.User", "Request was denied due to user flow control.",
        "x-ratelimit-user-api", "Limit:10,Remain:0,TimeLeft:1500,Reset:1700000000");
    assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiThrottledException.class, e -> {
          assertThat(e.code()).isEqualTo("Throttling.User");
          assertThat(e.operation()).isEqualTo("DescribeInstances");
          assertThat(e.requestId()).isEqualTo("REQ-Throttling.User");
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
          assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        });

    error(503, "ServiceUnavailable.Throttling", "busy", "Retry-After", "3");
    assertThatThrownBy(() -> api.call(Product.SLB, "CreateLoadBalancer", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));

    error(400, "Throttling", "plain");
    assertThatThrownBy(() -> api.call(Product.SLB, "CreateLoadBalancer", RpcParams.create()))
        .isInstanceOf(CloudApiThrottledException.class);
  }

  @Test
  void credentialErrorsAreNeverNotFound() {
    AlibabaApi api = api(config(""));
    error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
        .isInstanceOf(CloudApiException.class)
        .isNotInstanceOf(CloudResourceNotFoundException.class)
        .satisfies(e -> assertThat(((CloudApiException) e).kind()).isEqualTo(ErrorKind.AUTH))
        .hasMessageContaining("InvalidAccessKeyId.NotFound")
        .hasMessageContaining("REQ-InvalidAccessKeyId.NotFound");

    error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTH));
  }

  @Test
  void notFoundCodesAndOtherErrorsKeepAlibabasCode() {
    AlibabaApi api = api(config(""));
    error(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.");
    assertThatThrownBy(() -> api.call(Product.ECS, "StopInstance", RpcParams.create().put("InstanceId", "i-x")))
        .isInstanceOfSatisfying(CloudResourceNotFoundException.class, e -> {
          assertThat(e.code()).isEqualTo("InvalidInstanceId.NotFound");
          assertThat(e.cloudMessage()).isEqualTo("The specified InstanceId does not exist.");
          assertThat(e.operation()).isEqualTo("StopInstance");
        });

    error(400, "InvalidLoadBalancerId.NotFound", "The specified load balancer does not exist.");
    assertThatThrownBy(() -> api.call(Product.SLB, "DescribeLoadBalancerAttribute", RpcParams.create()))
        .isInstanceOf(CloudResourceNotFoundException.class);

    error(500, "InternalError", "The request processing has failed due to some unknown error.");
    assertThatThrownBy(() -> api.call(Product.SLB, "DeleteLoadBalancer", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e).isNotInstanceOf(CloudResourceNotFoundException.class);
          assertThat(e.kind()).isEqualTo(ErrorKind.SERVER);
          assertThat(e.code()).isEqualTo("InternalError");
        });

    error(400, "InvalidCIDRBlock.Duplicate", "duplicate");
    assertThatThrownBy(() -> api.call(Product.VPC, "CreateRouteEntry", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
  }

  @Test
  void aBare404IsNotTakenAsResourceNotFound() {
    AlibabaApi api = api(config(""));
    server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
        .body("<html>no such route on this proxy</html>").build());
    assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
        .isInstanceOfSatisfying(CloudApiException.class, e -> {
          assertThat(e).isNotInstanceOf(CloudResourceNotFoundException.class);
          assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        });
  }

  @Test
  void aNonJsonSuccessIsAClearError() {
    AlibabaApi api = api(config(""));
    server.enqueue(new MockResponse.Builder().code(200).body("<xml>secret-ish</xml>").build());
    assertThatThrownBy(() -> api.call(Product.ECS, "DescribeInstances", RpcParams.create()))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageNotContaining("secret-ish");
  }

  @Test
  void noSecretReachesALogLineOrAnException() throws Exception {
    List<String> messages = new ArrayList<>();
    List<String> signatures = new ArrayList<>();
    int requests = 0;
    try (LogCapture logs = LogCapture.of("dev.ccm4j")) {
      for (String algorithm : List.of("ACS3-HMAC-SHA256", "HMAC-SHA1")) {
        for (boolean useSts : List.of(false, true)) {
          AlibabaApi.Builder builder = AlibabaApi.builder(config(",\"signatureAlgorithm\":\"" + algorithm + "\""));
          if (useSts) {
            builder.credentials(sts());
          }
          AlibabaApi api = api(builder);
          String secret = useSts ? STS_SECRET : AK_SECRET;
          ok("{\"RequestId\":\"ok\"}");
          api.call(Product.ECS, "DescribeInstances", RpcParams.create().put("InstanceIds", "[\"i-1\"]"));
          // errors that echo this client's credentials, as some Alibaba messages quote the request
          error(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired: "
              + (useSts ? STS_TOKEN : AK_SECRET));
          error(503, "Throttling.User", "slow down " + secret);
          for (int i = 0; i < 2; i++) {
            try {
              api.call(Product.ECS, "DescribeInstances", RpcParams.create());
            } catch (CloudProviderException e) {
              messages.add(e.toString());
            }
          }
          for (int i = 0; i < 3; i++) {
            RecordedRequest r = take();
            requests++;
            String auth = r.getHeaders().get("Authorization");
            if (auth != null) {
              signatures.add(authorizationParts(auth).get("Signature"));
            } else {
              signatures.add(r.getUrl().queryParameter("Signature"));
              signatures.add(r.getUrl().encodedQuery().replaceAll(".*Signature=", ""));
            }
          }
        }
      }
      String text = logs.text();
      assertThat(text).as("the request log ran at TRACE").contains("op=DescribeInstances");
      assertThat(requests).isEqualTo(12);
      assertThat(messages).hasSize(8);
      for (String secret : List.of(STS_SECRET, STS_TOKEN, AK_SECRET)) {
        assertThat(text).doesNotContain(secret);
        assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(secret));
      }
      assertThat(signatures).hasSize(18).allSatisfy(s -> {
        assertThat(s).isNotBlank();
        assertThat(text).doesNotContain(s);
        assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(s));
      });
    }
  }

  @Test
  void staticSecretsAreRegisteredWithTheRedactor() {
    AlibabaApi api = api(config(""));
    assertThat(api.http().redactor().redact("x " + AK_SECRET + " y")).doesNotContain(AK_SECRET);
    assertThat(api.toString()).doesNotContain(AK_SECRET);
    assertThat(api.credentials().source()).isEqualTo("cloud-config");
  }

  @Test
  void theRegionComesFromTheMetadataServiceWhenNotConfigured() throws Exception {
    try (MetadataServer md = new MetadataServer()) {
      md.put("region-id", "ap-southeast-5");
      AlibabaCloudConfig c = AlibabaCloudConfig.parse(CloudConfig.of("{\"Global\":{\"accessKeyID\":\""
          + b64(AK_ID) + "\",\"accessKeySecret\":\"" + b64(AK_SECRET) + "\",\"metadataEndpoint\":\""
          + md.endpoint() + "\"}}"), Map.of());
      AlibabaApi api = api(c);
      assertThat(api.region()).isEqualTo("ap-southeast-5");
      assertThat(api.endpoint(Product.ECS).toString()).isEqualTo("https://ecs-vpc.ap-southeast-5.aliyuncs.com/");
      assertThat(api.endpoint(Product.NLB).toString()).isEqualTo("https://nlb-vpc.ap-southeast-5.aliyuncs.com/");
      assertThat(api.metadata().endpoint().getPort()).isEqualTo(md.endpoint().getPort());
    }
  }

  @Test
  void aGarbledRegionFromTheMetadataServiceIsAClearError() throws Exception {
    try (MetadataServer md = new MetadataServer()) {
      md.put("region-id", "cn-hangzhou/../evil");
      AlibabaCloudConfig c = AlibabaCloudConfig.parse(CloudConfig.of("{\"Global\":{\"accessKeyID\":\""
          + b64(AK_ID) + "\",\"accessKeySecret\":\"" + b64(AK_SECRET) + "\",\"metadataEndpoint\":\""
          + md.endpoint() + "\"}}"), Map.of());
      assertThatThrownBy(() -> api(c))
          .isInstanceOf(CloudProviderException.class)
          .hasMessageContaining("is not a valid region id");
    }
  }

  @Test
  void anUnknownRegionStopsStartUpNamingTheKey() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    AlibabaCloudConfig c = AlibabaCloudConfig.parse(CloudConfig.of("{\"Global\":{\"accessKeyID\":\""
        + b64(AK_ID) + "\",\"accessKeySecret\":\"" + b64(AK_SECRET) + "\",\"metadataEndpoint\":\"127.0.0.1:"
        + port + "\"}}"), Map.of());
    assertThatThrownBy(() -> api(c))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining("Global.region")
        .hasMessageNotContaining(AK_SECRET);
  }

  @Test
  void ramRoleCredentialsFromTheMetadataServiceSignRequests() throws Exception {
    try (MetadataServer md = new MetadataServer()) {
      md.put("ram/security-credentials/", "ccm")
          .put("ram/security-credentials/ccm", "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.ram\","
              + "\"AccessKeySecret\":\"ram-secret-value\",\"SecurityToken\":\"ram-token-value\","
              + "\"Expiration\":\"" + NOW.plusSeconds(21600) + "\"}");
      String e = endpoint();
      AlibabaCloudConfig c = AlibabaCloudConfig.parse(CloudConfig.of("{\"Global\":{\"region\":\"cn-hangzhou\","
          + "\"ecsEndpoint\":\"" + e + "\",\"metadataEndpoint\":\"" + md.endpoint() + "\"}}"), Map.of());
      AlibabaApi api = api(c);
      assertThat(api.credentials().source()).isEqualTo("ram-role");
      ok("{}");
      ok("{}");
      api.call(Product.ECS, "DescribeRegions", RpcParams.create());
      api.call(Product.ECS, "DescribeRegions", RpcParams.create());
      for (int i = 0; i < 2; i++) {
        RecordedRequest r = take();
        assertThat(r.getHeaders().get("x-acs-security-token")).isEqualTo("ram-token-value");
        Map<String, String> auth = authorizationParts(r.getHeaders().get("Authorization"));
        assertThat(auth.get("Credential")).isEqualTo("STS.ram");
        assertThat(auth.get("Signature")).isEqualTo(
            recomputeAcs3(r, Arrays.asList(auth.get("SignedHeaders").split(";")), "ram-secret-value"));
      }
      assertThat(md.hits("/latest/meta-data/ram/security-credentials/ccm")).isEqualTo(1);
      assertThat(api.http().redactor().redact("ram-secret-value ram-token-value"))
          .doesNotContain("ram-secret-value").doesNotContain("ram-token-value");
    }
  }
}
