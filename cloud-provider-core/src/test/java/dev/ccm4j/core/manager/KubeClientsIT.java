package dev.ccm4j.core.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClientsIT {
  @TempDir Path tmp;

  @Test
  void kubeconfigWithTlsAndTokenWorksAndSetsTheUserAgent() throws Exception {
    try (KubeApiServer server = KubeApiServer.builder().https(true).bearerToken("s3cret").build().start()) {
      Path kubeconfig = server.writeKubeconfig(tmp.resolve("config"));

      KubernetesClientFactory clients = KubeClients.fromFlags(kubeconfig, null);
      new CoreV1Api(clients.client("node-controller")).listNode().execute();

      assertThat(server.journal().of("list", "nodes")).singleElement()
          .satisfies(r -> assertThat(r.userAgent()).isEqualTo("node-controller"))
          .satisfies(r -> assertThat(r.responseCode()).isEqualTo(200));
    }
  }

  @Test
  void masterOverridesTheKubeconfigServer() throws Exception {
    try (KubeApiServer server = KubeApiServer.builder().build().start()) {
      Path kubeconfig = server.writeKubeconfig(tmp.resolve("config"));
      String broken = Files.readString(kubeconfig).replace(server.url(), "http://127.0.0.1:1");
      Files.writeString(kubeconfig, broken);

      KubernetesClientFactory clients = KubeClients.fromFlags(kubeconfig, server.url());

      assertThat(new CoreV1Api(clients.client("x")).listNamespace().execute().getItems()).isNotEmpty();
    }
  }

  @Test
  void masterAloneWorks() throws Exception {
    try (KubeApiServer server = KubeApiServer.builder().build().start()) {
      assertThat(new CoreV1Api(KubeClients.fromFlags(null, server.url()).client("x")).listNamespace().execute()
          .getItems()).isNotEmpty();
    }
  }

  @Test
  void badFlagsFailAtOnceNamingTheFlag() throws Exception {
    assertThatThrownBy(() -> KubeClients.fromFlags(tmp.resolve("missing"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--kubeconfig: cannot read " + tmp.resolve("missing"));
    Path garbage = Files.writeString(tmp.resolve("garbage"), "users:\n- name: admin\n  user: {token: s3cr3t-t0ken\n");
    assertThatThrownBy(() -> KubeClients.fromFlags(garbage, null))
        .hasMessageStartingWith("--kubeconfig: " + garbage + " is not a valid kubeconfig: ")
        .hasMessageContaining("line ")
        // the parser's excerpt of the file would carry the credential into logs
        .message().doesNotContain("s3cr3t");
    if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
      assertThatThrownBy(() -> KubeClients.fromFlags(null, " "))
          .hasMessageContaining("no --kubeconfig or --master given and not running in a cluster");
    }
  }
}
