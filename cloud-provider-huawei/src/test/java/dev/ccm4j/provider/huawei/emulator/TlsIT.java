package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;
import dev.ccm4j.testkit.time.MutableClock;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS: the signature covers the same host, the cloud-config says https. */
class TlsIT {
  @TempDir
  Path dir;

  @Test
  void signedCallsWorkOverHttps() throws Exception {
    SSLContext tls = SelfSignedTls.generate(dir).serverAndClientContext();
    MutableClock clock = new MutableClock();
    try (HuaweiEmulator cloud = HuaweiEmulator.builder().sslContext(tls).clock(clock).instances(1).build().start()) {
      assertThat(cloud.endpoint().getScheme()).isEqualTo("https");
      assertThat(cloud.cloudConfig()).contains("endpoint=https://127.0.0.1:", "metadata-endpoint=https://127.0.0.1:");
      SignedWire wire = new SignedWire(cloud, clock).tls(tls);
      SignedWire.Answer a = wire.get(wire.p("v1") + "/cloudservers/detail");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.object().get("count").getAsInt()).isEqualTo(1);
      assertThat(cloud.control().instances()).hasSize(1);
    }
  }
}
