package dev.ccm4j.provider.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.testkit.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuaweiTlsTest {
  @TempDir
  Path dir;

  @Test
  void aPrivateCaIsTrustedOnlyThroughTheCaFile() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate(dir);
    Path pem = tls.writeCertificatePem(dir.resolve("ca.pem"));
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(tls.serverContext().getSocketFactory());
      server.enqueue(new MockResponse.Builder().code(200).body("{\"server\":{\"id\":\"s\"}}").build());
      server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      String base = "https://127.0.0.1:" + server.getPort();
      String config = "[Global]\nregion=cn-north-4\naccess-key=AK\nsecret-key=SK\nproject-id=p\nendpoint=" + base
          + "\n";
      HuaweiCloudProviderFactory factory = new HuaweiCloudProviderFactory();
      try (HuaweiCloudProvider untrusting = factory.create(CloudConfig.of(config), new MutableClock())) {
        assertThatThrownBy(() -> untrusting.api().get("ShowServer", HuaweiService.ECS, "/v1/p/cloudservers/s"))
            .isInstanceOf(CloudProviderException.class).hasMessageContaining("TLS failure");
      }
      try (HuaweiCloudProvider trusting = factory.create(CloudConfig.of(config + "ca-file=" + pem + "\n"),
          new MutableClock())) {
        assertThat(trusting.api().get("ShowServer", HuaweiService.ECS, "/v1/{project_id}/cloudservers/s")
            .getAsJsonObject("server").get("id").getAsString()).isEqualTo("s");
      }
    }
  }

  @Test
  void aCaFileWithoutCertificatesStopsStartUp() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
    assertThatThrownBy(() -> new HuaweiCloudProviderFactory().create(CloudConfig.of(
        "[Global]\nregion=cn-north-4\naccess-key=AK\nsecret-key=SK\nca-file=" + bad + "\n"), new MutableClock()))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("\"ca-file\"");
  }
}
