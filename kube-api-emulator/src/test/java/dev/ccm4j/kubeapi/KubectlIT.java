package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real kubectl binary against the emulator over HTTPS with a bearer token. Skipped when kubectl is not
 * on PATH. The emulator serves no OpenAPI documents, so create and apply run with {@code --validate=false}.
 */
class KubectlIT {
  @TempDir
  static Path dir;

  private static String kubectl;
  private static KubeApiServer server;
  private static RawClient http;
  private static Path kubeconfig;

  @BeforeAll
  static void start() {
    Optional<String> found = findOnPath("kubectl");
    Assumptions.assumeTrue(found.isPresent(), "skipped: kubectl is not on PATH");
    kubectl = found.get();
    server = KubeApiServer.builder().https(true).bearerToken("kubectl-token").build().start();
    http = new RawClient(server, null);
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Optional<String> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.isFile() && f.canExecute()) {
        return Optional.of(f.getAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String run(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private static Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Reads the object straight from the emulator (with the token). */
  private static JsonObject serverObject(String path) {
    RawClient.Response r = new RawClient(server).get(path);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void getShowsTablesYamlAndJson() throws Exception {
    String namespaces = run("get", "namespaces");
    assertThat(namespaces).contains("NAME", "STATUS", "AGE").containsPattern("kube-system\\s+Active");
    run("create", "--validate=false", "-f", file("get-node.yaml", """
        apiVersion: v1
        kind: Node
        metadata:
          name: table-node
        status:
          conditions:
          - type: Ready
            status: "True"
        """).toString());
    assertThat(run("get", "nodes")).containsPattern("table-node\\s+Ready");
    assertThat(run("get", "node", "table-node", "-o", "yaml")).contains("name: table-node", "kind: Node");
    JsonObject json = JsonParser.parseString(run("get", "node", "table-node", "-o", "json")).getAsJsonObject();
    assertThat(json.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("table-node");
    assertThat(http.get("/healthz").code()).isEqualTo(200);
    assertThat(http.get("/api/v1/nodes").code()).isEqualTo(401);
  }

  @Test
  void createApplyPatchLabelAnnotateTaintDelete() throws Exception {
    assertThat(run("create", "--validate=false", "-f", file("node.yaml", """
        apiVersion: v1
        kind: Node
        metadata:
          name: n1
        """).toString())).contains("node/n1 created");
    assertThat(run("label", "node", "n1", "zone=z1")).contains("labeled");
    assertThat(run("annotate", "node", "n1", "note=hello")).contains("annotated");
    assertThat(run("taint", "node", "n1", "dedicated=ccm:NoSchedule")).contains("tainted");
    JsonObject node = serverObject("/api/v1/nodes/n1");
    assertThat(node.getAsJsonObject("metadata").getAsJsonObject("labels").get("zone").getAsString()).isEqualTo("z1");
    assertThat(node.getAsJsonObject("metadata").getAsJsonObject("annotations").get("note").getAsString())
        .isEqualTo("hello");
    assertThat(node.getAsJsonObject("spec").getAsJsonArray("taints").toString()).contains("dedicated", "NoSchedule");

    run("patch", "node", "n1", "--type", "merge", "-p", "{\"metadata\":{\"labels\":{\"m\":\"1\"}}}");
    run("patch", "node", "n1", "--type", "json", "-p", "[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"2\"}]");
    run("patch", "node", "n1", "--type", "strategic", "-p", "{\"metadata\":{\"labels\":{\"s\":\"3\"}}}");
    JsonObject labels = serverObject("/api/v1/nodes/n1").getAsJsonObject("metadata").getAsJsonObject("labels");
    assertThat(labels.keySet()).contains("zone", "m", "j", "s");

    Path svc = file("svc.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          labels:
            app: web
        spec:
          type: LoadBalancer
          ports:
          - port: 80
            targetPort: 8080
        """);
    assertThat(run("apply", "--validate=false", "-f", svc.toString())).contains("service/web created");
    Files.writeString(svc, Files.readString(svc).replace("app: web", "app: web2"));
    assertThat(run("apply", "--validate=false", "-f", svc.toString())).contains("service/web configured");
    JsonObject service = serverObject("/api/v1/namespaces/default/services/web");
    assertThat(service.getAsJsonObject("metadata").getAsJsonObject("labels").get("app").getAsString())
        .isEqualTo("web2");
    assertThat(service.getAsJsonObject("metadata").getAsJsonObject("annotations")
        .has("kubectl.kubernetes.io/last-applied-configuration")).isTrue();
    assertThat(run("get", "services")).contains("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)")
        .containsPattern("web\\s+LoadBalancer\\s+\\S+\\s+<pending>\\s+80:3\\d{4}/TCP");

    assertThat(run("delete", "service", "web")).contains("deleted");
    assertThat(run("delete", "node", "n1")).contains("deleted");
    assertThat(new RawClient(server).get("/api/v1/nodes/n1").code()).isEqualTo(404);
  }

  @Test
  void getWatchStreamsChanges() throws Exception {
    Process watch = new ProcessBuilder(command("get", "configmaps", "-n", "kube-public", "-w"))
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process was stopped
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      RawClient admin = new RawClient(server);
      // wait until kubectl's watch is open, so the create below is seen as a change
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.journal().of("watch", "configmaps").isEmpty()) {
        assertThat(System.nanoTime()).as("kubectl opened a watch").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(admin.post("/api/v1/namespaces/kube-public/configmaps", "{\"metadata\":{\"name\":\"watched\"}}")
          .code()).isEqualTo(201);
      String line;
      boolean seen = false;
      while (!seen && (line = lines.poll(30, TimeUnit.SECONDS)) != null) {
        seen = line.startsWith("watched");
      }
      assertThat(seen).as("kubectl get -w printed the new configmap").isTrue();
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
