package dev.ccm4j.provider.inspur;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;

import static dev.ccm4j.provider.inspur.Nodes.node;
import static dev.ccm4j.provider.inspur.Nodes.service;
import static dev.ccm4j.provider.inspur.Nodes.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.provider.inspur.emulator.InspurEmulator;
import dev.ccm4j.provider.inspur.fixture.InspurCloudFixtureFactory;
import dev.ccm4j.provider.inspur.slb.InspurAnnotations;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

/** TLS verification is always on; the cloud-config's {@code ca-file} makes a private CA trusted. */
class InspurTlsIT {
  @TempDir
  Path dir;

  @Test
  void aPrivateCaIsTrustedOnlyThroughTheCaFile() throws Exception {
    SelfSignedTls certificate = SelfSignedTls.generate(dir);
    Path pem = certificate.writeCertificatePem(dir.resolve("ca.pem"));
    SSLContext tls = certificate.serverAndClientContext();

    try (InspurEmulator emulator = InspurEmulator.builder().clientSecret("tls-secret").instances(0)
        .sslContext(tls).build().start()) {
      String slbId = emulator.createLoadBalancer("tls");
      V1Service svc = service("web", Map.of(InspurAnnotations.SLB_ID, slbId), List.of(tcp(80, 30080)));
      List<io.kubernetes.client.openapi.models.V1Node> nodes = List.of(node("n1", "10.0.0.1", "ins-1", null));

      try (InspurCloudProvider untrusting = new InspurCloudProviderFactory()
          .create(CloudConfig.of(emulator.cloudConfig()), Clock.systemUTC())) {
        assertThatThrownBy(() -> untrusting.loadBalancer().orElseThrow().ensureLoadBalancer("c", svc, nodes))
            .isInstanceOf(CloudProviderException.class).hasMessageContaining("TLS failure");
      }
      assertThat(emulator.state().listeners(slbId)).isEmpty();

      String config = emulator.cloudConfig() + "ca-file=" + pem + "\n";
      try (InspurCloudProvider provider = new InspurCloudProviderFactory()
          .create(CloudConfig.of(config), Clock.systemUTC())) {
        assertThat(provider.loadBalancer().orElseThrow().ensureLoadBalancer("c", svc, nodes).getIngress())
            .hasSize(1);
        assertThat(emulator.state().listeners(slbId)).hasSize(1);
        try (CloudFixture fixture = new InspurCloudFixtureFactory().create(provider, "c")) {
          V1Service prepared = fixture.prepareLoadBalancerService(svc);
          assertThat(prepared.getMetadata().getAnnotations().get(InspurAnnotations.SLB_ID)).isNotEqualTo(slbId)
              .startsWith("slb-");
          assertThat(svc.getMetadata().getAnnotations().get(InspurAnnotations.SLB_ID)).as("the original is kept")
              .isEqualTo(slbId);
          String name = provider.loadBalancer().orElseThrow().getLoadBalancerName("c", svc);
          assertThat(fixture.loadBalancer(name)).hasValueSatisfying(lb -> assertThat(lb.backendNodes())
              .containsExactly("ins-1"));
        }
      }
    }
  }
}
