package dev.ccm4j.kubeapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.KubeApiServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Kubernetes Python client ({@code python3-kubernetes}, the system package) against the emulator:
 * {@code clients/python_client.py} lists nodes, watches from a resource version, patches, applies server-side and
 * deletes, and prints what it got as JSON, one entry per step. Skipped, with a line in the build output, when
 * {@code /usr/bin/python3} or its {@code kubernetes} package is missing ({@code .ci/run} installs it with apt).
 */
class PythonClientIT {
  /** The system interpreter: the python3-kubernetes package installs there, not into a pyenv first on PATH. */
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String NAMESPACE = "python";

  @TempDir
  static Path dir;

  private static KubeApiServer server;
  private static JsonObject results;
  private static String output;

  @BeforeAll
  static void runTheScript() throws Exception {
    ClientTools.skipUnless(Files.isExecutable(PYTHON), "PythonClientIT",
        PYTHON + " is missing; install python3 and python3-kubernetes (apt-get install python3-kubernetes)");
    ClientTools.Result probe = ClientTools.run(dir, Map.of(), List.of(PYTHON.toString(), "-c",
        "import kubernetes; print(kubernetes.__version__)"), 60);
    ClientTools.skipUnless(probe.exitCode() == 0, "PythonClientIT",
        "the kubernetes package is not importable by " + PYTHON + " (apt-get install python3-kubernetes): "
            + probe.stderr().strip().lines().reduce((a, b) -> b).orElse(""));

    server = KubeApiServer.builder().https(true).bearerToken("python-token").build().start();
    Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
    try (EmulatorApi api = new EmulatorApi(server)) {
      api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}");
    }
    Path script = dir.resolve("python_client.py");
    try (InputStream in = PythonClientIT.class.getResourceAsStream("/clients/python_client.py")) {
      Files.copy(in, script);
    }
    // HOME: the dynamic client caches discovery under the temporary directory and reads nothing of the user's
    ClientTools.Result r = ClientTools.run(dir, Map.of("HOME", dir.toString(), "TMPDIR", dir.toString(),
        "PYTHONDONTWRITEBYTECODE", "1"), List.of(PYTHON.toString(), script.toString(), kubeconfig.toString(),
        NAMESPACE), 120);
    output = r.all();
    assertThat(r.exitCode()).as(output).isZero();
    results = JsonParser.parseString(r.stdout()).getAsJsonObject();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** One step's result, which must have succeeded. */
  private static JsonObject step(String name) {
    JsonObject s = results.getAsJsonObject(name);
    assertThat(s).as("step %s in %s", name, output).isNotNull();
    assertThat(s.get("ok").getAsBoolean()).as("step %s: %s", name, s).isTrue();
    return s;
  }

  @Test
  void listNodeCopesWithNodesWithoutNodeInfo() {
    JsonObject s = step("list_nodes");
    assertThat(s.getAsJsonArray("names").toString()).contains("py-bare", "py-partial");
    // the real server writes every nodeInfo field, empty when unknown
    JsonObject bare = s.getAsJsonObject("nodeInfo").getAsJsonObject("py-bare");
    assertThat(bare.get("kubeletVersion").getAsString()).isEmpty();
    JsonObject partial = s.getAsJsonObject("nodeInfo").getAsJsonObject("py-partial");
    assertThat(partial.get("kubeletVersion").getAsString()).isEqualTo("v1.32.0");
    assertThat(partial.get("osImage").getAsString()).isEmpty();
  }

  @Test
  void watchFromAResourceVersionReplaysTheChangesSinceThen() {
    JsonObject s = step("watch");
    List<String> events = new ArrayList<>();
    for (JsonElement e : s.getAsJsonArray("events")) {
      JsonObject o = e.getAsJsonObject();
      events.add(o.get("type").getAsString() + " " + o.get("name").getAsString());
      // watch events carry kind, so the client decodes them into V1Service
      assertThat(o.get("kind").getAsString()).isEqualTo("Service");
    }
    // python sends watch=True: a real server starts a watch for anything but false/0
    assertThat(events).containsExactly("ADDED py-watched", "MODIFIED py-watched", "DELETED py-watched");
  }

  @Test
  void strategicMergePatchMergesPortsByPort() {
    JsonObject s = step("patch");
    assertThat(s.getAsJsonObject("labels").keySet()).containsExactlyInAnyOrder("keep", "added");
    assertThat(s.getAsJsonArray("ports").toString()).isEqualTo("[80,443]");
  }

  @Test
  void serverSideApplyRecordsManagersAndConflicts() {
    JsonObject s = step("server_side_apply");
    assertThat(s.getAsJsonObject("data").get("owner").getAsString()).isEqualTo("python");
    assertThat(s.getAsJsonArray("managers").toString()).contains("python-client/Apply");
    JsonObject conflict = s.getAsJsonObject("conflict");
    assertThat(conflict).as("a second manager changing the field gets 409").isNotNull();
    assertThat(conflict.get("status").getAsInt()).isEqualTo(409);
    assertThat(conflict.get("message").getAsString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"python-client\": .data.owner");
    assertThat(s.getAsJsonObject("forcedData").get("owner").getAsString()).isEqualTo("someone-else");
    assertThat(s.getAsJsonArray("forcedManagers").toString()).contains("other/Apply");
  }

  @Test
  void deleteRemovesTheService() {
    JsonObject s = step("delete");
    assertThat(s.get("deleteStatus").getAsInt()).isEqualTo(200);
    assertThat(s.get("readAfterDelete").getAsInt()).isEqualTo(404);
    assertThat(s.getAsJsonArray("remaining").toString()).doesNotContain("py-patched");
  }
}
