package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl against the emulator for what the emulator presents: server-side tables (nodes, events, the
 * {@code all} category), discovery (api-resources with short names and categories) and the self-subject reviews
 * ({@code auth can-i}, {@code auth can-i --list}, {@code auth whoami}). Skipped, saying so, without kubectl on PATH.
 */
class PresentationKubectlIT {
  private static KubeApiServer server;
  private static RawClient http;
  private static Path kubeconfig;

  @BeforeAll
  static void start(@TempDir Path dir) {
    assumeTrue(kubectl() != null, "kubectl is not on PATH: skipping the kubectl presentation checks");
    server = KubeApiServer.builder().https(true).bearerToken("presentation-token").build().start();
    http = new RawClient(server);
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
    String created = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(http.post("/api/v1/nodes", "{\"metadata\":{\"name\":\"node-a\",\"labels\":"
        + "{\"node-role.kubernetes.io/worker\":\"\"}}}").code()).isEqualTo(201);
    RawClient.Response status = http.send("PATCH", "/api/v1/nodes/node-a/status", "application/merge-patch+json",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
        + "\"lastHeartbeatTime\":\"" + created + "\",\"lastTransitionTime\":\"" + created + "\"}],"
        + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.5\"},"
        + "{\"type\":\"ExternalIP\",\"address\":\"203.0.113.7\"}],"
        + "\"nodeInfo\":{\"kubeletVersion\":\"v1.34.1\",\"osImage\":\"Ubuntu 24.04 LTS\",\"kernelVersion\":\"6.8.0\","
        + "\"containerRuntimeVersion\":\"containerd://2.0.0\",\"machineID\":\"m\",\"systemUUID\":\"s\","
        + "\"bootID\":\"b\",\"kubeProxyVersion\":\"\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}}}");
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    assertThat(http.post("/api/v1/namespaces/default/events", "{\"metadata\":{\"name\":\"node-a.1\"},"
        + "\"involvedObject\":{\"kind\":\"Node\",\"name\":\"node-a\"},\"reason\":\"Synced\",\"type\":\"Normal\","
        + "\"message\":\"Node synced successfully\",\"count\":1,\"firstTimestamp\":\"" + created + "\","
        + "\"lastTimestamp\":\"" + created + "\",\"source\":{\"component\":\"cloud-node-controller\"}}").code())
        .isEqualTo(201);
    assertThat(http.post("/api/v1/namespaces/default/services", "{\"metadata\":{\"name\":\"web\"},"
        + "\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80}]}}").code()).isEqualTo(201);
    assertThat(http.post("/apis/apps/v1/namespaces/default/deployments", "{\"metadata\":{\"name\":\"web\"},"
        + "\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":"
        + "{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx\"}]}}}}")
        .code()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "kubectl");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  /** Runs kubectl; returns its exit code and output (stdout, then stderr). */
  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out, err);
  }

  private record Result(int code, String out, String err) {
    String describe() {
      return "exit " + code + "\n" + out + err;
    }

    List<String> header() {
      return List.of(out.lines().findFirst().orElse("").trim().split("\\s+"));
    }
  }

  @Test
  void getNodesWideShowsAddressesAndNodeInfoFromStatus() throws Exception {
    Result plain = run("get", "nodes");
    assertThat(plain.code()).as(plain.describe()).isZero();
    assertThat(plain.header()).containsExactly("NAME", "STATUS", "ROLES", "AGE", "VERSION");
    assertThat(plain.out()).containsPattern("node-a\\s+Ready\\s+worker\\s+\\S+\\s+v1\\.34\\.1");
    Result wide = run("get", "nodes", "-o", "wide");
    assertThat(wide.code()).as(wide.describe()).isZero();
    assertThat(wide.out().lines().findFirst().orElse("")).containsPattern(
        "NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\s+INTERNAL-IP\\s+EXTERNAL-IP\\s+OS-IMAGE\\s+KERNEL-VERSION\\s+"
        + "CONTAINER-RUNTIME");
    assertThat(wide.out()).contains("10.0.0.5").contains("203.0.113.7").contains("Ubuntu 24.04 LTS")
        .contains("6.8.0").contains("containerd://2.0.0");
  }

  @Test
  void getEventsShowsLastSeenTypeReasonObjectMessage() throws Exception {
    Result events = run("get", "events");
    assertThat(events.code()).as(events.describe()).isZero();
    assertThat(events.out().lines().findFirst().orElse("")).containsPattern(
        "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(events.out()).containsPattern("\\d+m\\d*s?\\s+Normal\\s+Synced\\s+node/node-a\\s+Node synced "
        + "successfully");
  }

  @Test
  void getAllExpandsTheAllCategory() throws Exception {
    Result all = run("get", "all");
    assertThat(all.code()).as(all.describe()).isZero();
    assertThat(all.out()).contains("service/web").contains("deployment.apps/web");
    assertThat(all.out()).containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE");
  }

  @Test
  void apiResourcesListsShortNamesAndCategories() throws Exception {
    Result resources = run("api-resources", "-o", "wide");
    assertThat(resources.code()).as(resources.describe()).isZero();
    assertThat(resources.out()).containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment\\s+"
        + "create,delete,deletecollection,get,list,patch,update,watch\\s+all");
    assertThat(resources.out()).containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace\\s+"
        + "create,delete,get,list,patch,update,watch");
    assertThat(resources.out()).containsPattern("selfsubjectreviews\\s+authentication\\.k8s\\.io/v1\\s+false\\s+"
        + "SelfSubjectReview\\s+create");
    Result inAll = run("api-resources", "--categories", "all", "-o", "name");
    assertThat(inAll.out().lines().sorted().toList()).containsExactly("deployments.apps", "pods",
        "replicasets.apps", "services");
  }

  @Test
  void authCanIAndWhoamiAnswerForTheKubeconfigsUser() throws Exception {
    Result canI = run("auth", "can-i", "create", "services");
    assertThat(canI.code()).as(canI.describe()).isZero();
    assertThat(canI.out().trim()).isEqualTo("yes");
    Result list = run("auth", "can-i", "--list");
    assertThat(list.code()).as(list.describe()).isZero();
    assertThat(list.out()).containsPattern("\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]");
    Result whoami = run("auth", "whoami");
    assertThat(whoami.code()).as(whoami.describe()).isZero();
    assertThat(whoami.out()).containsPattern("Username\\s+" + AccessReviews.DEFAULT_USER.username())
        .contains("system:authenticated");
  }

  @Test
  void kubectlNeedsFewerDiscoveryRequestsWhenTheAggregatedDocumentIsServed() throws Exception {
    // a cache of its own, so that kubectl discovers afresh
    Path cache = Files.createTempDirectory(kubeconfig.getParent(), "cache");
    Result verbose = run("--cache-dir", cache.toString(), "get", "nodes", "-v=6");
    assertThat(verbose.code()).as(verbose.describe()).isZero();
    // with aggregated discovery kubectl asks /api and /apis only; with legacy discovery also every group version
    long groupVersionRequests = verbose.err().lines().filter(l -> l.matches(".*GET \\S+/apis/[^/ ?]+/v1[? ].*"))
        .count();
    assertThat(verbose.err()).as("kubectl discovered at all").contains("/api?timeout");
    assertThat(groupVersionRequests).as(verbose.err()).isZero();
  }
}
