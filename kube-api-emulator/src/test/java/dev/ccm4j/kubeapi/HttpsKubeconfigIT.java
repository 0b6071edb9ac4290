package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the generated certificate and a bearer token, through a kubeconfig written by the emulator. */
class HttpsKubeconfigIT {
  @TempDir
  Path dir;

  @Test
  void clientJavaConnectsWithTheWrittenKubeconfig() throws Exception {
    try (KubeApiServer server = KubeApiServer.builder().https(true).bearerToken("t0ken").build().start()) {
      assertThat(server.url()).startsWith("https://127.0.0.1:");
      assertThat(server.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
      ApiClient client;
      try (Reader reader = Files.newBufferedReader(kubeconfig)) {
        client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
      }
      assertThat(new CoreV1Api(client).listNamespace().execute().getItems())
          .extracting(ns -> ns.getMetadata().getName()).contains("default", "kube-system");

      ApiClient anonymous = new ClientBuilder().setBasePath(server.url())
          .setCertificateAuthority(server.caCertificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
          .build();
      assertThatThrownBy(() -> new CoreV1Api(anonymous).readNamespace("default").execute())
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
      V1Namespace ns = new CoreV1Api(client).readNamespace("default").execute();
      assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
    }
  }
}
