package dev.ccm4j.sdktests.huawei;

import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import java.time.Duration;
import java.util.List;

/**
 * Points Huawei's official SDK v3 clients at an in-process {@link HuaweiEmulator} the way a user points them at a
 * private endpoint: one explicit {@code http://host:port} endpoint for every service (the emulator tells services
 * apart by path), {@link BasicCredentials} with the emulator's AK/SK and, unless a test wants the SDK to discover
 * it, the project id. The SDK does not retry on its own, so every assertion sees the first answer.
 */
final class HuaweiSdk {
  /** A fixed AK, so failures are easy to read; a test value, not a credential. */
  static final String ACCESS_KEY = "HPUACCM4JSDKCOMPAT01";
  /** The matching test SK. */
  static final String SECRET_KEY = "ccm4jHuaweiSdkCompatibilitySecret0000000";

  private HuaweiSdk() {}

  /** A started emulator with the fixed key pair, {@code instances} servers and the given ELB provisioning window. */
  static HuaweiEmulator emulator(int instances, Duration provisioningDelay) {
    return HuaweiEmulator.builder()
        .accessKey(ACCESS_KEY)
        .secretKey(SECRET_KEY)
        .instances(instances)
        .provisioningDelay(provisioningDelay)
        .build()
        .start();
  }

  /** The emulator's AK/SK and project, as a user configures a client for one project. */
  static BasicCredentials credentials(HuaweiEmulator cloud) {
    return new BasicCredentials().withAk(ACCESS_KEY).withSk(SECRET_KEY).withProjectId(cloud.projectId());
  }

  /** Timeouts short enough for a test; plain HTTP needs no TLS settings. */
  static HttpConfig httpConfig() {
    return HttpConfig.getDefaultHttpConfig().withConnectionTimeout(2).withReadTimeout(10);
  }

  /** Finishes a client builder: the emulator as the only endpoint, the given credentials. */
  static <T> T client(ClientBuilder<T> builder, HuaweiEmulator cloud, BasicCredentials credentials) {
    return builder
        .withHttpConfig(httpConfig())
        .withCredential(credentials)
        .withEndpoints(List.of(cloud.endpoint().toString()))
        .build();
  }

  /** A client of the emulator with its own project and key. */
  static <T> T client(ClientBuilder<T> builder, HuaweiEmulator cloud) {
    return client(builder, cloud, credentials(cloud));
  }
}
