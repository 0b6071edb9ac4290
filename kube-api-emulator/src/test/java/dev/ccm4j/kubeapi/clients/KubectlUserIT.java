package dev.ccm4j.kubeapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.AccessPolicy;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the emulator, every command typed as a user types it: no {@code --validate=false}, the
 * namespace from the kubeconfig's current context, files named relative to the user's directory. Skipped, with a
 * line in the build output, when kubectl 1.27+ is not on PATH.
 *
 * <p>Each test works in a namespace of its own, made through the API, so that one missing feature fails only the
 * tests of its own commands. The expected outputs are what kubectl prints against a real kube-apiserver (v1.32).
 */
class KubectlUserIT {
  private static final String TOKEN = "kubectl-user-token";
  private static final String VIEWER_TOKEN = "kubectl-viewer-token";

  @TempDir
  static Path root;

  private static Path kubectl;
  private static KubeApiServer server;
  private static EmulatorApi api;
  private static Path kubeconfig;
  private static Path viewerKubeconfig;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> found = ClientTools.onPath("kubectl");
    ClientTools.skipUnless(found.isPresent(), "KubectlUserIT",
        "kubectl is not on PATH; install kubectl 1.27 or newer to run the kubectl user tests");
    kubectl = found.get();
    ClientTools.Result version = ClientTools.run(root, java.util.Map.of(),
        List.of(kubectl.toString(), "version", "--client", "-o", "json"), 30);
    int minor = version.exitCode() != 0 ? 0 : Integer.parseInt(JsonParser.parseString(version.stdout())
        .getAsJsonObject().getAsJsonObject("clientVersion").get("minor").getAsString().replaceAll("\\D.*", ""));
    ClientTools.skipUnless(minor >= 27, "KubectlUserIT",
        "kubectl on PATH is older than 1.27 (" + version.stdout().strip() + "); the tests expect 1.27 or newer");
    server = KubeApiServer.builder().https(true).bearerToken(TOKEN).user(VIEWER_TOKEN, "viewer", "viewers")
        // the token user may do everything; the viewer may only read services
        .accessPolicy(AccessPolicy.builder().allowAll("ccm4j-test-user")
            .allowResource("viewer", "get", "", "services").allowResource("viewer", "list", "", "services")
            .build())
        .build().start();
    api = new EmulatorApi(server);
    kubeconfig = server.writeKubeconfig(root.resolve("kubeconfig"));
    viewerKubeconfig = Files.writeString(root.resolve("viewer-kubeconfig"),
        Files.readString(kubeconfig).replace(TOKEN, VIEWER_TOKEN));
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A namespace named after the test, and a user whose current context is in it. */
  private static KubectlUser user(TestInfo test) throws Exception {
    String ns = test.getTestMethod().orElseThrow().getName().replaceAll("([A-Z])", "-$1").toLowerCase();
    ns = ns.length() > 40 ? ns.substring(0, 40).replaceAll("-$", "") : ns;
    namespace(ns);
    return KubectlUser.in(root, kubectl, kubeconfig, ns);
  }

  private static void namespace(String name) {
    api.create("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + name + "\"}}");
  }

  private static String ns(KubectlUser u) {
    return u.dir().getFileName().toString().substring("user-".length());
  }

  private static JsonObject stored(String path) {
    return api.object(path);
  }

  private static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
          labels:
            app: %s
            tier: backend
        spec:
          selector:
            app: %s
          ports:
          - port: 80
            targetPort: 8080
        """.formatted(name, name, name);
  }

  // ---- apply, create, edit, explain: they need the OpenAPI documents kubectl validates and patches with

  @Test
  void applyCreatesThenReportsUnchangedThenConfigured(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("svc.yaml", service("web"));
    // kubectl's default --validate=strict: the schema comes from /openapi/v3, unknown fields are the server's job
    assertThat(u.ok("apply -f svc.yaml")).isEqualTo("service/web created\n");
    assertThat(u.ok("apply -f svc.yaml")).isEqualTo("service/web unchanged\n");
    u.file("svc.yaml", service("web").replace("tier: backend", "tier: frontend"));
    assertThat(u.ok("apply -f svc.yaml")).isEqualTo("service/web configured\n");

    JsonObject svc = stored("/api/v1/namespaces/" + ns(u) + "/services/web");
    assertThat(svc.getAsJsonObject("metadata").getAsJsonObject("labels").get("tier").getAsString())
        .isEqualTo("frontend");
    assertThat(svc.getAsJsonObject("metadata").getAsJsonObject("annotations")
        .get("kubectl.kubernetes.io/last-applied-configuration").getAsString()).contains("\"tier\":\"frontend\"");
    assertThat(svc.getAsJsonObject("spec").get("clusterIP").getAsString()).isNotEmpty();
  }

  @Test
  void createFromFileThenAlreadyExists(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("cm.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: demo
        """);
    assertThat(u.ok("create -f cm.yaml")).isEqualTo("configmap/settings created\n");
    // the real server's 409, as kubectl words it
    assertThat(u.fails("create -f cm.yaml").stderr()).contains("Error from server (AlreadyExists): error when"
        + " creating \"cm.yaml\": configmaps \"settings\" already exists");
    assertThat(stored("/api/v1/namespaces/" + ns(u) + "/configmaps/settings").getAsJsonObject("data")
        .get("mode").getAsString()).isEqualTo("demo");
  }

  @Test
  void editChangesAFieldThroughTheEditor(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("svc.yaml", service("web"));
    u.ok("apply -f svc.yaml");
    // kubectl runs $EDITOR on a temporary file and sends what changed as a patch
    Path editor = u.script("edit.sh", "sed -i 's/tier: backend/tier: edited/' \"$1\"\n");
    u.env("EDITOR", editor.toString());
    assertThat(u.ok("edit service web")).isEqualTo("service/web edited\n");
    assertThat(stored("/api/v1/namespaces/" + ns(u) + "/services/web").getAsJsonObject("metadata")
        .getAsJsonObject("labels").get("tier").getAsString()).isEqualTo("edited");
  }

  @Test
  void explainServiceSpecPorts(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    String out = u.ok("explain service.spec.ports");
    // kubectl's OpenAPI v3 template, with the descriptions and required markers of the v1 Service schema
    assertThat(out).containsPattern("KIND:\\s+Service\n").containsPattern("VERSION:\\s+v1\n")
        .contains("FIELD: ports <[]ServicePort>", "DESCRIPTION:", "FIELDS:")
        .containsPattern("\n\\s+port\\s+<integer> -required-\n")
        .containsPattern("\n\\s+targetPort\\s+<")
        .containsPattern("\n\\s+protocol\\s+<string>")
        .containsPattern("\n\\s+nodePort\\s+<integer>");
  }

  @Test
  void serverSideApplyConflictsAndForceConflicts(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("cm.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: shared
        data:
          owner: first
        """);
    assertThat(u.ok("apply --server-side -f cm.yaml")).isEqualTo("configmap/shared serverside-applied\n");
    assertThat(u.ok("apply --server-side -f cm.yaml")).isEqualTo("configmap/shared serverside-applied\n");
    JsonObject first = stored("/api/v1/namespaces/" + ns(u) + "/configmaps/shared");
    assertThat(managers(first)).contains("kubectl/Apply");

    u.file("other.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: shared
        data:
          owner: second
        """);
    // the real server's 409 for an apply manager: `conflict with "kubectl": .data.owner`, then kubectl's advice
    ClientTools.Result conflict = u.fails("apply --server-side --field-manager=other -f other.yaml");
    assertThat(conflict.stderr()).contains("error: Apply failed with 1 conflict: conflict with \"kubectl\":"
        + " .data.owner").contains("--force-conflicts");
    assertThat(stored("/api/v1/namespaces/" + ns(u) + "/configmaps/shared").getAsJsonObject("data")
        .get("owner").getAsString()).isEqualTo("first");

    assertThat(u.ok("apply --server-side --field-manager=other --force-conflicts -f other.yaml"))
        .isEqualTo("configmap/shared serverside-applied\n");
    JsonObject taken = stored("/api/v1/namespaces/" + ns(u) + "/configmaps/shared");
    assertThat(taken.getAsJsonObject("data").get("owner").getAsString()).isEqualTo("second");
    assertThat(managers(taken)).contains("other/Apply");
    // the field moved to the forcing manager: kubectl keeps no claim on it
    assertThat(fieldsOf(taken, "other").toString()).contains("f:owner");
    assertThat(fieldsOf(taken, "kubectl").toString()).doesNotContain("f:owner");
  }

  private static List<String> managers(JsonObject obj) {
    List<String> out = new ArrayList<>();
    JsonArray mf = obj.getAsJsonObject("metadata").getAsJsonArray("managedFields");
    assertThat(mf).as("managedFields of %s", obj).isNotNull();
    for (JsonElement e : mf) {
      JsonObject m = e.getAsJsonObject();
      out.add(m.get("manager").getAsString() + "/" + m.get("operation").getAsString());
    }
    return out;
  }

  private static JsonObject fieldsOf(JsonObject obj, String manager) {
    for (JsonElement e : obj.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
      JsonObject m = e.getAsJsonObject();
      if (m.get("manager").getAsString().equals(manager)) {
        return m.getAsJsonObject("fieldsV1");
      }
    }
    return new JsonObject();
  }

  // ---- generators: kubectl sends these as protobuf

  @Test
  void createNamespace(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create namespace team-a")).isEqualTo("namespace/team-a created\n");
    JsonObject ns = stored("/api/v1/namespaces/team-a");
    assertThat(ns.get("kind").getAsString()).isEqualTo("Namespace");
    assertThat(ns.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Active");
    // the real server adds the kubernetes finalizer that namespace deletion waits for
    assertThat(ns.getAsJsonObject("spec").getAsJsonArray("finalizers").toString()).contains("kubernetes");
    assertThat(u.ok("get namespace team-a")).containsPattern("team-a\\s+Active");
  }

  @Test
  void createServiceLoadBalancer(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create service loadbalancer lb --tcp=80:8080")).isEqualTo("service/lb created\n");
    JsonObject spec = stored("/api/v1/namespaces/" + ns(u) + "/services/lb").getAsJsonObject("spec");
    assertThat(spec.get("type").getAsString()).isEqualTo("LoadBalancer");
    JsonObject port = spec.getAsJsonArray("ports").get(0).getAsJsonObject();
    assertThat(port.get("name").getAsString()).isEqualTo("80-8080");
    assertThat(port.get("port").getAsInt()).isEqualTo(80);
    assertThat(port.get("targetPort").getAsInt()).isEqualTo(8080);
    assertThat(port.get("nodePort").getAsInt()).isBetween(30000, 32767);
    assertThat(spec.getAsJsonObject("selector").get("app").getAsString()).isEqualTo("lb");
    assertThat(u.ok("get services")).containsPattern("lb\\s+LoadBalancer\\s+\\S+\\s+<pending>\\s+80:3\\d{4}/TCP");
  }

  @Test
  void createConfigmapFromLiteral(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create configmap app-config --from-literal=mode=demo --from-literal=level=3"))
        .isEqualTo("configmap/app-config created\n");
    JsonObject data = stored("/api/v1/namespaces/" + ns(u) + "/configmaps/app-config").getAsJsonObject("data");
    assertThat(data.get("mode").getAsString()).isEqualTo("demo");
    assertThat(data.get("level").getAsString()).isEqualTo("3");
    assertThat(u.ok("get configmaps")).containsPattern("app-config\\s+2\\s+\\S+");
  }

  @Test
  void createSecretGenericFromLiteral(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create secret generic db --from-literal=password=s3cret")).isEqualTo("secret/db created\n");
    JsonObject secret = stored("/api/v1/namespaces/" + ns(u) + "/secrets/db");
    assertThat(secret.get("type").getAsString()).isEqualTo("Opaque");
    assertThat(secret.getAsJsonObject("data").get("password").getAsString()).isEqualTo("czNjcmV0");
    assertThat(u.ok("get secrets")).containsPattern("db\\s+Opaque\\s+1\\s+\\S+");
  }

  @Test
  void createDeploymentThenExposeItAsALoadBalancer(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create deployment web --image=x")).isEqualTo("deployment.apps/web created\n");
    JsonObject deployment = stored("/apis/apps/v1/namespaces/" + ns(u) + "/deployments/web");
    JsonObject spec = deployment.getAsJsonObject("spec");
    assertThat(spec.get("replicas").getAsInt()).isEqualTo(1);
    assertThat(spec.getAsJsonObject("selector").getAsJsonObject("matchLabels").get("app").getAsString())
        .isEqualTo("web");
    assertThat(spec.getAsJsonObject("template").getAsJsonObject("spec").getAsJsonArray("containers").get(0)
        .getAsJsonObject().get("image").getAsString()).isEqualTo("x");

    assertThat(u.ok("expose deployment web --type=LoadBalancer --port=80")).isEqualTo("service/web exposed\n");
    JsonObject svc = stored("/api/v1/namespaces/" + ns(u) + "/services/web").getAsJsonObject("spec");
    assertThat(svc.get("type").getAsString()).isEqualTo("LoadBalancer");
    assertThat(svc.getAsJsonObject("selector").get("app").getAsString()).isEqualTo("web");
    assertThat(svc.getAsJsonArray("ports").get(0).getAsJsonObject().get("port").getAsInt()).isEqualTo(80);
    assertThat(u.ok("get deployments")).containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
        .containsPattern("web\\s+\\d/1\\s+\\d+\\s+\\d+\\s+\\S+");
  }

  @Test
  void dryRunServerStoresNothing(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("create configmap dry --from-literal=a=b --dry-run=server"))
        .isEqualTo("configmap/dry created (server dry run)\n");
    u.file("svc.yaml", service("dry-svc"));
    assertThat(u.ok("apply -f svc.yaml --dry-run=server")).isEqualTo("service/dry-svc created (server dry run)\n");
    assertThat(api.get("/api/v1/namespaces/" + ns(u) + "/configmaps/dry").code()).isEqualTo(404);
    assertThat(api.get("/api/v1/namespaces/" + ns(u) + "/services/dry-svc").code()).isEqualTo(404);
    assertThat(u.run("get configmap dry").stderr())
        .contains("Error from server (NotFound): configmaps \"dry\" not found");
  }

  // ---- tables, categories, reviews

  @Test
  void getNodesWideShowsAddressesAndOsFromStatus(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    // as kubelet registers a node and the CCM sets its addresses: status written through the API
    api.create("/api/v1/nodes", """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"wide-worker"},
         "status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"ready"}],
           "addresses":[{"type":"InternalIP","address":"10.0.0.5"},{"type":"ExternalIP","address":"203.0.113.5"},
                        {"type":"Hostname","address":"wide-worker"}],
           "nodeInfo":{"osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0-13-amd64",
             "containerRuntimeVersion":"containerd://1.7.2","kubeletVersion":"v1.32.0","kubeProxyVersion":"",
             "operatingSystem":"linux","architecture":"amd64","machineID":"m","systemUUID":"s","bootID":"b"}}}
        """);
    api.create("/api/v1/nodes", """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"wide-control",
           "labels":{"node-role.kubernetes.io/control-plane":""}},
         "status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady","message":"x"}],
           "addresses":[{"type":"InternalIP","address":"10.0.0.6"}],
           "nodeInfo":{"kubeletVersion":"v1.32.0"}}}
        """);
    String out = u.ok("get nodes -o wide");
    // the real server's node table: priority-1 columns shown with -o wide, <none> for what the node lacks
    assertThat(out).containsPattern("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\s+INTERNAL-IP\\s+EXTERNAL-IP\\s+"
            + "OS-IMAGE\\s+KERNEL-VERSION\\s+CONTAINER-RUNTIME\n")
        .containsPattern("wide-worker\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.0\\s+10\\.0\\.0\\.5\\s+203\\.0\\.113\\.5\\s+"
            + "Debian GNU/Linux 12 \\(bookworm\\)\\s+6\\.1\\.0-13-amd64\\s+containerd://1\\.7\\.2\n")
        .containsPattern("wide-control\\s+NotReady\\s+control-plane\\s+\\S+\\s+v1\\.32\\.0\\s+10\\.0\\.0\\.6\\s+<none>\\s+"
            + "<unknown>\\s+<unknown>\\s+<unknown>\n");
    assertThat(u.ok("get nodes")).containsPattern("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\n")
        .doesNotContain("INTERNAL-IP");
  }

  @Test
  void getEventsShowsLastSeenTypeReasonObjectMessage(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5).toString();
    api.create("/api/v1/namespaces/" + ns(u) + "/events", """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1"},
         "involvedObject":{"apiVersion":"v1","kind":"Service","namespace":"%s","name":"web"},
         "reason":"EnsuringLoadBalancer","message":"Ensuring load balancer","type":"Normal","count":1,
         "firstTimestamp":"%s","lastTimestamp":"%s","source":{"component":"service-controller"}}
        """.formatted(ns(u), now, now));
    String out = u.ok("get events");
    assertThat(out).containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE\n")
        .containsPattern("\\d+s\\s+Normal\\s+EnsuringLoadBalancer\\s+service/web\\s+Ensuring load balancer\n");
  }

  @Test
  void getAllListsTheAllCategory(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    String ns = ns(u);
    api.create("/api/v1/namespaces/" + ns + "/services", "{\"apiVersion\":\"v1\",\"kind\":\"Service\","
        + "\"metadata\":{\"name\":\"web\"},\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80}]}}");
    api.create("/apis/apps/v1/namespaces/" + ns + "/deployments", """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"x","image":"x"}]}}}}
        """);
    String out = u.ok("get all");
    assertThat(out).contains("service/web", "deployment.apps/web");
  }

  @Test
  void authCanIAnswersFromTheAccessPolicy(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("auth can-i create services")).isEqualTo("yes\n");
    KubectlUser viewer = KubectlUser.in(root.resolve("viewer"), kubectl, viewerKubeconfig, ns(u));
    // "no" is exit status 1, as kubectl does for a denied review
    ClientTools.Result denied = viewer.run("auth can-i create services");
    assertThat(denied.exitCode()).as(denied.all()).isEqualTo(1);
    assertThat(denied.stdout()).isEqualTo("no\n");
    assertThat(viewer.ok("auth can-i list services")).isEqualTo("yes\n");
  }

  @Test
  void authWhoamiNamesTheTokensUser(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    String out = u.ok("auth whoami");
    assertThat(out).containsPattern("ATTRIBUTE\\s+VALUE\n").containsPattern("Username\\s+ccm4j-test-user\n")
        .containsPattern("Groups\\s+\\[system:authenticated\\]\n");
  }

  // ---- deletion

  @Test
  void deleteNamespaceRemovesItsObjectsThroughTerminating(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    namespace("doomed");
    api.create("/api/v1/namespaces/doomed/configmaps", "{\"metadata\":{\"name\":\"left\"},\"data\":{\"a\":\"b\"}}");
    api.create("/api/v1/namespaces/doomed/services", "{\"metadata\":{\"name\":\"left\"},"
        + "\"spec\":{\"ports\":[{\"port\":80}]}}");
    String rv = api.object("/api/v1/namespaces?fieldSelector=metadata.name%3Ddoomed").getAsJsonObject("metadata")
        .get("resourceVersion").getAsString();
    try (EmulatorApi watcher = new EmulatorApi(server)) {
      BlockingQueue<JsonObject> events = watcher.watch("/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3D"
          + "doomed&resourceVersion=" + rv);
      // kubectl waits (--wait=true) until the namespace is gone
      assertThat(u.ok("delete namespace doomed")).isEqualTo("namespace \"doomed\" deleted\n");
      assertThat(api.get("/api/v1/namespaces/doomed").code()).isEqualTo(404);
      assertThat(api.object("/api/v1/namespaces/doomed/configmaps").getAsJsonArray("items")).isEmpty();
      assertThat(api.object("/api/v1/namespaces/doomed/services").getAsJsonArray("items")).isEmpty();

      List<String> seen = new ArrayList<>();
      boolean terminating = false;
      JsonObject e;
      while ((e = events.poll(10, TimeUnit.SECONDS)) != null) {
        JsonObject obj = e.getAsJsonObject("object");
        String phase = obj.has("status") && obj.getAsJsonObject("status").has("phase")
            ? obj.getAsJsonObject("status").get("phase").getAsString() : "";
        seen.add(e.get("type").getAsString() + ":" + phase);
        if (phase.equals("Terminating") && e.get("type").getAsString().equals("MODIFIED")) {
          terminating = obj.getAsJsonObject("metadata").has("deletionTimestamp");
        }
        if (e.get("type").getAsString().equals("DELETED")) {
          break;
        }
      }
      // the real server: deletionTimestamp and phase Terminating first, then, its content gone, DELETED
      assertThat(terminating).as("a MODIFIED event with phase Terminating and a deletionTimestamp, saw %s", seen)
          .isTrue();
      assertThat(seen).last().asString().startsWith("DELETED");
    }
  }

  @Test
  void deleteServicesAll(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    for (String name : List.of("a", "b", "c")) {
      api.create("/api/v1/namespaces/" + ns(u) + "/services", "{\"metadata\":{\"name\":\"" + name + "\"},"
          + "\"spec\":{\"ports\":[{\"port\":80}]}}");
    }
    server.journal().clear();
    String out = u.ok("delete svc --all");
    assertThat(out).contains("service \"a\" deleted\n", "service \"b\" deleted\n", "service \"c\" deleted\n");
    assertThat(api.object("/api/v1/namespaces/" + ns(u) + "/services").getAsJsonArray("items")).isEmpty();
    assertThat(u.run("get services").stderr()).contains("No resources found in " + ns(u) + " namespace.");
    // whichever way kubectl deletes (deletecollection or one by one), no delete was refused; the 404s of its
    // --wait polling are how it learns an object is gone
    List<RecordedRequest> deletes = server.journal().matching(r -> r.method().equals("DELETE"));
    assertThat(deletes).isNotEmpty();
    assertThat(deletes).extracting(RecordedRequest::responseCode).allMatch(c -> c < 400);
  }

  // ---- what the server stores: the typed round trip as kubectl shows it

  @Test
  void aTypoIsReportedAsTheRealServerReportsIt(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("typo.yaml", """
        apiVersion: v1
        kind: Service
        metadata:
          name: typo
        spec:
          selector:
            app: web
          ports:
          - port: 80
          prots:
          - port: 8080
        """);
    // kubectl's default --validate=strict asks the server (fieldValidation=Strict), which refuses with 400
    ClientTools.Result strict = u.fails("apply -f typo.yaml");
    assertThat(strict.stderr()).contains("Error from server (BadRequest): error when creating \"typo.yaml\": Service"
        + " in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.prots\"");
    assertThat(api.get("/api/v1/namespaces/" + ns(u) + "/services/typo").code()).isEqualTo(404);

    // --validate=warn: stored without the unknown field, and the server's warning printed
    ClientTools.Result warn = u.run("apply --validate=warn -f typo.yaml");
    assertThat(warn.exitCode()).as(warn.all()).isZero();
    assertThat(warn.stdout()).isEqualTo("service/typo created\n");
    assertThat(warn.stderr()).contains("Warning: unknown field \"spec.prots\"");
    JsonObject spec = stored("/api/v1/namespaces/" + ns(u) + "/services/typo").getAsJsonObject("spec");
    assertThat(spec.has("prots")).isFalse();
    assertThat(spec.getAsJsonArray("ports")).hasSize(1);
  }

  @Test
  void getServiceYamlHasKindApiVersionAndNoEmptyFields(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    // sent as a sloppy client might: no kind or apiVersion, empty lists and maps
    api.create("/api/v1/namespaces/" + ns(u) + "/services", """
        {"metadata":{"name":"plain","annotations":{},"finalizers":[],"labels":{"app":"plain"}},
         "spec":{"selector":{"app":"plain"},"ports":[{"port":80}],"externalIPs":[]}}
        """);
    String yaml = u.ok("get svc -o yaml");
    assertThat(yaml).contains("kind: List").containsPattern("- apiVersion: v1\n\\s+kind: Service\n")
        .doesNotContain("annotations: {}", "finalizers: []", "externalIPs: []");
    // the only empty the real server prints for a Service is status.loadBalancer, a struct Go never omits
    List<String> empties = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s*([\\w.-]+): (\\{\\}|\\[\\])$").matcher(yaml);
    while (m.find()) {
      empties.add(m.group(1) + ": " + m.group(2));
    }
    assertThat(empties).allMatch(e -> e.equals("loadBalancer: {}"));

    JsonObject raw = JsonParser.parseString(u.ok("get --raw /api/v1/namespaces/" + ns(u) + "/services/plain"))
        .getAsJsonObject();
    assertThat(raw.get("kind").getAsString()).isEqualTo("Service");
    assertThat(raw.get("apiVersion").getAsString()).isEqualTo("v1");
    assertThat(raw.getAsJsonObject("metadata").get("creationTimestamp").getAsString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(raw.getAsJsonObject("metadata").has("annotations")).isFalse();
    assertThat(raw.getAsJsonObject("metadata").has("finalizers")).isFalse();
  }

  // ---- the everyday commands

  @Test
  void getShowsTablesYamlAndJson(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    assertThat(u.ok("get namespaces")).containsPattern("NAME\\s+STATUS\\s+AGE\n")
        .containsPattern("kube-system\\s+Active");
    api.create("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"table-node\"},"
        + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    assertThat(u.ok("get nodes")).containsPattern("table-node\\s+Ready");
    assertThat(u.ok("get node table-node -o yaml")).contains("name: table-node", "kind: Node", "apiVersion: v1");
    JsonObject json = JsonParser.parseString(u.ok("get node table-node -o json")).getAsJsonObject();
    assertThat(json.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("table-node");
  }

  @Test
  void labelAnnotateTaintPatchAndDeleteANode(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    u.file("node.yaml", """
        apiVersion: v1
        kind: Node
        metadata:
          name: n1
        """);
    assertThat(u.ok("create -f node.yaml")).isEqualTo("node/n1 created\n");
    assertThat(u.ok("label node n1 zone=z1")).isEqualTo("node/n1 labeled\n");
    assertThat(u.ok("annotate node n1 note=hello")).isEqualTo("node/n1 annotated\n");
    assertThat(u.ok("taint node n1 dedicated=ccm:NoSchedule")).isEqualTo("node/n1 tainted\n");
    u.ok("patch node n1 --type merge -p '{\"metadata\":{\"labels\":{\"m\":\"1\"}}}'");
    u.ok("patch node n1 --type json -p '[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"2\"}]'");
    u.ok("patch node n1 -p '{\"metadata\":{\"labels\":{\"s\":\"3\"}}}'");
    JsonObject node = stored("/api/v1/nodes/n1");
    assertThat(node.getAsJsonObject("metadata").getAsJsonObject("labels").keySet()).contains("zone", "m", "j", "s");
    assertThat(node.getAsJsonObject("metadata").getAsJsonObject("annotations").get("note").getAsString())
        .isEqualTo("hello");
    assertThat(node.getAsJsonObject("spec").getAsJsonArray("taints").toString()).contains("dedicated", "NoSchedule");
    assertThat(u.ok("delete node n1")).isEqualTo("node \"n1\" deleted\n");
    assertThat(api.get("/api/v1/nodes/n1").code()).isEqualTo(404);
  }

  @Test
  void getWatchPrintsChanges(TestInfo test) throws Exception {
    KubectlUser u = user(test);
    String ns = ns(u);
    List<String> command = List.of("/bin/sh", "-c", "exec kubectl get configmaps -w");
    ProcessBuilder pb = new ProcessBuilder(command).directory(u.dir().toFile()).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", u.dir().resolve("kubeconfig").toString());
    pb.environment().put("KUBECACHEDIR", u.dir().resolve("cache").toString());
    pb.environment().put("HOME", u.dir().toString());
    pb.environment().put("PATH", kubectl.getParent() + ":/usr/bin:/bin");
    Process watch = pb.start();
    java.util.concurrent.LinkedBlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (var r = watch.inputReader()) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the process was stopped
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.journal().matching(r -> r.verb().equals("watch") && r.path().contains("/namespaces/" + ns + "/"))
          .isEmpty()) {
        assertThat(System.nanoTime()).as("kubectl opened a watch; printed %s", lines).isLessThan(deadline);
        Thread.sleep(50);
      }
      api.create("/api/v1/namespaces/" + ns + "/configmaps", "{\"metadata\":{\"name\":\"watched\"}}");
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
