package dev.ccm4j.provider.alibaba.emulator;

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
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  Path dir;

  @Test
  void servesSignedCallsOverHttpsAndSaysSoInTheCloudConfig() throws Exception {
    KeyStore keys = selfSigned(dir.resolve("emulator.p12"));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);

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

  private static KeyStore selfSigned(Path file) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "emulator", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD)))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finishes").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }
}
