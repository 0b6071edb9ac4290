package dev.ccm4j.sdktests;

import com.aliyun.teaopenapi.models.Config;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.policy.retry.RetryPolicy;
import com.aliyuncs.profile.DefaultProfile;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import java.util.List;

/**
 * Points Alibaba's official clients at an in-process {@link AlibabaEmulator} the way a user would point them at a
 * private endpoint: an explicit {@code host:port} endpoint, plain {@code http}, region {@code cn-hangzhou} and the
 * emulator's access key. Nothing here touches the SDKs' global state (no {@code DefaultProfile.addEndpoint}), so
 * test classes stay independent.
 */
final class Sdk {
  /** The region every test uses. */
  static final String REGION = "cn-hangzhou";
  /** A fixed long-term key, so failures are easy to read; it is a test value, not a credential. */
  static final String ACCESS_KEY_ID = "LTAI5tCcm4jSdkCompatTest";
  /** The matching test secret. */
  static final String ACCESS_KEY_SECRET = "ccm4jSdkCompatibilitySecret00";

  private Sdk() {}

  /** A started emulator with the fixed key and {@code instances} seeded instances. */
  static AlibabaEmulator emulator(int instances) {
    return builder().instances(instances).build().start();
  }

  /** An emulator builder with the fixed key and the test region, on a free loopback port. */
  static AlibabaEmulator.Builder builder() {
    return AlibabaEmulator.builder().accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET).region(REGION);
  }

  /** {@code 127.0.0.1:<port>}: what both SDK generations take as an endpoint (no scheme). */
  static String endpoint(AlibabaEmulator cloud) {
    return cloud.endpoint().getHost() + ":" + cloud.endpoint().getPort();
  }

  /** A darabonba client configuration with the emulator's long-term key. */
  static Config darabonba(AlibabaEmulator cloud) {
    return darabonba(cloud, ACCESS_KEY_ID, ACCESS_KEY_SECRET, null);
  }

  /**
   * A darabonba client configuration: explicit http endpoint, region, timeouts short enough for a test, and the
   * given key (and STS token, when not null). The signature algorithm is left at the SDK's default, ACS3-HMAC-SHA256.
   */
  static Config darabonba(AlibabaEmulator cloud, String accessKeyId, String secret, String securityToken) {
    Config config = new Config()
        .setAccessKeyId(accessKeyId)
        .setAccessKeySecret(secret)
        .setRegionId(REGION)
        .setEndpoint(endpoint(cloud))
        .setProtocol("http")
        .setConnectTimeout(2_000)
        .setReadTimeout(10_000);
    if (securityToken != null) {
      config.setSecurityToken(securityToken);
    }
    return config;
  }

  /** A classic ({@code aliyun-java-sdk-core}) client with the emulator's long-term key. */
  static IAcsClient classic(String accessKeyId, String secret) {
    DefaultProfile profile = DefaultProfile.getProfile(REGION, accessKeyId, secret);
    profile.setHttpClientConfig(httpConfig());
    return noRetries(new DefaultAcsClient(profile));
  }

  /** A classic client taking its credentials from a provider (e.g. the SDK's ECS RAM role provider). */
  static IAcsClient classic(AlibabaCloudCredentialsProvider credentials) {
    DefaultProfile profile = DefaultProfile.getProfile(REGION);
    profile.setHttpClientConfig(httpConfig());
    return noRetries(new DefaultAcsClient(profile, credentials));
  }

  // a retry would hide the first answer, and the first answer is what these tests look at
  private static DefaultAcsClient noRetries(DefaultAcsClient client) {
    client.setSysRetryPolicy(RetryPolicy.none());
    return client;
  }

  /**
   * Aims one classic request at the emulator: the classic SDK resolves endpoints per request, and an explicit
   * {@code SysEndpoint} skips its endpoint tables and location service.
   */
  static <T extends AcsRequest<?>> T at(AlibabaEmulator cloud, T request) {
    request.setSysEndpoint(endpoint(cloud));
    request.setSysProtocol(ProtocolType.HTTP);
    request.setSysRegionId(REGION);
    return request;
  }

  /** The journal entries of one action, oldest first. */
  static List<JournalEntry> journal(AlibabaEmulator cloud, String action) {
    return cloud.control().journal(action);
  }

  private static HttpClientConfig httpConfig() {
    HttpClientConfig config = HttpClientConfig.getDefault();
    config.setConnectionTimeoutMillis(2_000);
    config.setReadTimeoutMillis(10_000);
    return config;
  }
}
