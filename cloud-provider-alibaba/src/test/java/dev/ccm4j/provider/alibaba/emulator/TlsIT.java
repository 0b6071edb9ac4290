package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS, with a certificate made for the test by the JDK's keytool. */
class TlsIT {
  @TempDir
  Path dir;

  @Test
  void servesSignedCallsOverHttpsAndSaysSoInTheCloudConfig() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate(dir);
    SSLContext server = tls.serverContext();
    SSLContext client = tls.clientContext();

    try (AlibabaEmulator cloud = AlibabaEmulator.builder().sslContext(server).build().start()) {
      assertThat(cloud.endpoint().getScheme()).isEqualTo("https");
      assertThat(JsonParser.parseString(cloud.cloudConfig()).getAsJsonObject().getAsJsonObject("Global")
          .get("ecsEndpoint").getAsString()).startsWith("https://127.0.0.1:");
      RpcClient rpc = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(),
          Clock.systemUTC(), client);
      assertThat(rpc.get("DescribeInstances", RpcClient.ECS, Map.of()).status()).isEqualTo(200);
      assertThat(rpc.acs3("DescribeInstances", RpcClient.ECS, Map.of("RegionId", "cn-hangzhou"), Map.of())
          .status()).isEqualTo(200);
    }
  }
}
