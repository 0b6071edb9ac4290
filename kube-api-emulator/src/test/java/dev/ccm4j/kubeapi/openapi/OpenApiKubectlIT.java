package dev.ccm4j.kubeapi.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.clients.ClientTools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl with its default validation against the emulator's OpenAPI documents: explain (v3 and the v2
 * protobuf), create with server-side field validation detected from the v3 PATCH operation, and client-side apply
 * computing its strategic merge patch from the v3 merge keys. Skipped when kubectl is not on PATH.
 */
class OpenApiKubectlIT {
  private static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: %s
        namespace: default
      spec:
        selector:
          app: web
        %s:
        - name: http
          port: 80
          targetPort: %d
      """;

  @TempDir
  static Path dir;

  private static String kubectl;
  private static KubeApiServer server;
  private static Path kubeconfig;

  @BeforeAll
  static void start() {
    Optional<String> found = ClientTools.onPath("kubectl").map(Path::toString);
    Assumptions.assumeTrue(found.isPresent(), "skipped: kubectl is not on PATH");
    kubectl = found.get();
    server = KubeApiServer.builder().build().start();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void explainReadsTheV3Document() throws Exception {
    String out = run("explain", "service.spec.ports");
    assertThat(out).contains("KIND:       Service", "VERSION:    v1", "FIELD: ports <[]ServicePort>",
        "port\t<integer> -required-", "targetPort\t<string>");
    String recursive = run("explain", "service", "--recursive");
    assertThat(recursive).contains("FIELDS:", "  spec\t<ServiceSpec>", "    ports\t<[]ServicePort>",
        "      port\t<integer> -required-");
  }

  @Test
  void explainV2ParsesTheGnosticProtobuf() throws Exception {
    String out = run("explain", "service.spec.ports", "--output=plaintext-openapiv2");
    assertThat(out).contains("RESOURCE: ports <[]Object>", "ServicePort contains information on service's port.");
  }

  @Test
  void createWithDefaultValidationUsesServerSideFieldValidation() throws Exception {
    String created = run("create", "-f", file("ok.yaml", SERVICE.formatted("ok", "ports", 8080)).toString(),
        "-v=6");
    assertThat(created).contains("fieldValidation=Strict", "service/ok created")
        .doesNotContain("failed to download openapi");
    // kubectl trusts the server to name unknown fields: the request is sent (what the server answers is its own)
    String unknown = run("create", "-f", file("bad.yaml", SERVICE.formatted("bad", "prots", 8080)).toString(),
        "-v=6");
    assertThat(unknown).contains("POST", "fieldValidation=Strict").doesNotContain("failed to download openapi");
  }

  @Test
  void applyComputesTheStrategicMergePatchFromTheV3MergeKeys() throws Exception {
    assertThat(run("apply", "-f", file("a1.yaml", SERVICE.formatted("applied", "ports", 8080)).toString()))
        .contains("service/applied created");
    String out = run("apply", "-f", file("a2.yaml", SERVICE.formatted("applied", "ports", 9090)).toString(),
        "-v=8");
    // the ports list merged by its key (port), as kubectl does with kube-apiserver's documents
    assertThat(out).contains("$setElementOrder/ports", "service/applied configured")
        .doesNotContain("error calculating patch from openapi");
    assertThat(run("get", "service", "applied", "-o", "jsonpath={.spec.ports[0].targetPort}")).isEqualTo("9090");
  }

  @Test
  void editWithDefaultValidation() throws Exception {
    run("create", "-f", file("e.yaml", SERVICE.formatted("edited", "ports", 8080)).toString());
    Path editor = file("editor.sh", "#!/bin/sh\nsed -i 's/targetPort: 8080/targetPort: 7070/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    List<String> cmd = List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("cache").toString(), "edit", "service", "edited");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("EDITOR", editor.toString());
    pb.environment().put("KUBE_EDITOR", editor.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("service/edited edited");
    assertThat(run("get", "service", "edited", "-o", "jsonpath={.spec.ports[0].targetPort}")).isEqualTo("7070");
  }
}
