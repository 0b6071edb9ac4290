package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server-side Tables against the real server's printers (kubernetes pkg/printers/internalversion): the columns
 * each kind has, in order, with their priority (1 = only {@code -o wide}), and the text of each cell.
 */
class TablesTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  /** Five minutes before {@link #NOW}. */
  private static final String CREATED = "2026-01-10T11:55:00Z";

  private static JsonObject table(String apiVersion, String plural, String json, String includeObject) {
    ResourceType type = REGISTRY.find(apiVersion, plural).orElseThrow();
    return Tables.table(type, List.of(Json.parseObject(json)), includeObject, 42, null, NOW);
  }

  private static List<String> columns(JsonObject table) {
    List<String> out = new ArrayList<>();
    for (JsonElement d : table.getAsJsonArray("columnDefinitions")) {
      JsonObject c = d.getAsJsonObject();
      out.add(c.get("name").getAsString() + (c.get("priority").getAsInt() == 1 ? "*" : ""));
    }
    return out;
  }

  private static List<Object> cells(JsonObject table) {
    List<Object> out = new ArrayList<>();
    for (JsonElement c : table.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells")) {
      out.add(c.getAsJsonPrimitive().isNumber() ? (Object) c.getAsLong() : c.getAsString());
    }
    return out;
  }

  private static String meta(String name) {
    return "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\",\"creationTimestamp\":\"" + CREATED
        + "\"}";
  }

  // upstream HumanDuration: exact seconds below 2m, m+s below 10m, m below 3h, h+m below 8h, h below 2d,
  // d+h below 8d, d below 2y, y+d below 8y
  @ParameterizedTest
  @CsvSource({"0,0s", "-1,0s", "-2,<invalid>", "59,59s", "119,119s", "120,2m", "125,2m5s", "599,9m59s", "600,10m",
      "10799,179m", "10800,3h", "11100,3h5m", "28799,7h59m", "28800,8h", "172799,47h", "172800,2d", "176400,2d1h",
      "691199,7d23h", "691200,8d", "63071999,729d", "63072000,2y", "63158400,2y1d", "252288000,8y"})
  void humanDurationFollowsTheRealServersSteps(long seconds, String expected) {
    assertThat(Tables.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void ageIsUnknownWithoutACreationTimestamp() {
    assertThat(Tables.age("", NOW)).isEqualTo("<unknown>");
    assertThat(Tables.age(CREATED, NOW)).isEqualTo("5m");
  }

  @Test
  void nodesShowStatusRolesVersionAndTheWideAddressesAndNodeInfo() {
    JsonObject t = table("v1", "nodes", "{\"metadata\":{\"name\":\"n1\",\"creationTimestamp\":\"" + CREATED + "\","
        + "\"labels\":{\"node-role.kubernetes.io/control-plane\":\"\",\"kubernetes.io/role\":\"edge\"}},"
        + "\"spec\":{\"unschedulable\":true},"
        + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
        + "\"addresses\":[{\"type\":\"Hostname\",\"address\":\"n1\"},{\"type\":\"InternalIP\",\"address\":\"10.0.0.5\"},"
        + "{\"type\":\"ExternalIP\",\"address\":\"203.0.113.7\"},{\"type\":\"InternalIP\",\"address\":\"10.0.0.6\"}],"
        + "\"nodeInfo\":{\"kubeletVersion\":\"v1.34.1\",\"osImage\":\"Ubuntu 24.04\",\"kernelVersion\":\"6.8.0\","
        + "\"containerRuntimeVersion\":\"\"}}}", null);
    assertThat(columns(t)).containsExactly("Name", "Status", "Roles", "Age", "Version", "Internal-IP*",
        "External-IP*", "OS-Image*", "Kernel-Version*", "Container-Runtime*");
    assertThat(cells(t)).containsExactly("n1", "NotReady,SchedulingDisabled", "control-plane,edge", "5m", "v1.34.1",
        "10.0.0.5", "203.0.113.7", "Ubuntu 24.04", "6.8.0", "<unknown>");
    JsonObject bare = table("v1", "nodes", "{\"metadata\":{\"name\":\"n2\"}}", null);
    assertThat(cells(bare)).containsExactly("n2", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>",
        "<unknown>", "<unknown>", "<unknown>");
    JsonObject def = t.getAsJsonArray("columnDefinitions").get(0).getAsJsonObject();
    assertThat(def.get("format").getAsString()).isEqualTo("name");
    assertThat(def.get("type").getAsString()).isEqualTo("string");
  }

  @Test
  void servicesShowTypeClusterIpExternalIpPortsAndTheWideSelector() {
    JsonObject lb = table("v1", "services", "{" + meta("web") + ",\"spec\":{\"type\":\"LoadBalancer\","
        + "\"clusterIP\":\"10.96.0.10\",\"clusterIPs\":[\"10.96.0.10\"],\"externalIPs\":[\"198.51.100.1\"],"
        + "\"selector\":{\"tier\":\"web\",\"app\":\"shop\"},"
        + "\"ports\":[{\"port\":80,\"nodePort\":30080,\"protocol\":\"TCP\"},{\"port\":53,\"protocol\":\"UDP\"}]},"
        + "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0.113.9\"},{\"hostname\":\"lb.example.com\"}]}}}",
        null);
    assertThat(columns(lb)).containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age",
        "Selector*");
    assertThat(cells(lb)).containsExactly("web", "LoadBalancer", "10.96.0.10",
        "203.0.113.9,lb.example.com,198.51.100.1", "80:30080/TCP,53/UDP", "5m", "app=shop,tier=web");
    JsonObject pending = table("v1", "services", "{" + meta("p") + ",\"spec\":{\"type\":\"LoadBalancer\","
        + "\"clusterIPs\":[\"10.96.0.11\"],\"ports\":[{\"port\":443,\"protocol\":\"TCP\"}]}}", null);
    assertThat(cells(pending).subList(3, 5)).containsExactly("<pending>", "443/TCP");
    JsonObject headless = table("v1", "services", "{" + meta("h") + ",\"spec\":{\"type\":\"ClusterIP\","
        + "\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}}", null);
    assertThat(cells(headless)).containsExactly("h", "ClusterIP", "None", "<none>", "<none>", "5m", "<none>");
    JsonObject external = table("v1", "services", "{" + meta("x") + ",\"spec\":{\"type\":\"ExternalName\","
        + "\"externalName\":\"db.example.com\"}}", null);
    assertThat(cells(external).subList(1, 4)).containsExactly("ExternalName", "<none>", "db.example.com");
  }

  @Test
  void podsShowReadyStatusRestartsAndTheWideIpNodeNominatedNodeAndReadinessGates() {
    JsonObject t = table("v1", "pods", "{" + meta("p1") + ",\"spec\":{\"nodeName\":\"n1\","
        + "\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"readinessGates\":[{\"conditionType\":\"x/ok\"},"
        + "{\"conditionType\":\"x/lb\"}]},"
        + "\"status\":{\"phase\":\"Running\",\"podIPs\":[{\"ip\":\"10.1.0.4\"}],"
        + "\"conditions\":[{\"type\":\"x/ok\",\"status\":\"True\"},{\"type\":\"x/lb\",\"status\":\"False\"}],"
        + "\"containerStatuses\":["
        + "{\"name\":\"a\",\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}},"
        + "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"2026-01-10T11:57:00Z\"}}},"
        + "{\"name\":\"b\",\"ready\":true,\"restartCount\":1,\"state\":{\"running\":{}}}]}}", null);
    assertThat(columns(t)).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*",
        "Nominated Node*", "Readiness Gates*");
    assertThat(cells(t)).containsExactly("p1", "2/2", "Running", "3 (3m ago)", "5m", "10.1.0.4", "n1", "<none>",
        "1/2");
    JsonObject waiting = table("v1", "pods", "{" + meta("p2") + ",\"spec\":{\"containers\":[{\"name\":\"a\"}]},"
        + "\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":\"a\",\"ready\":false,"
        + "\"restartCount\":0,\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}", null);
    assertThat(cells(waiting)).containsExactly("p2", "0/1", "ImagePullBackOff", "0", "5m", "<none>", "<none>",
        "<none>", "<none>");
    JsonObject init = table("v1", "pods", "{" + meta("p3") + ",\"spec\":{\"initContainers\":[{\"name\":\"i1\"},"
        + "{\"name\":\"i2\"}],\"containers\":[{\"name\":\"a\"}]},\"status\":{\"phase\":\"Pending\","
        + "\"initContainerStatuses\":[{\"name\":\"i1\",\"state\":{\"terminated\":{\"exitCode\":0}}},"
        + "{\"name\":\"i2\",\"state\":{\"running\":{}}}]}}", null);
    assertThat(cells(init).subList(1, 3)).containsExactly("0/1", "Init:1/2");
  }

  @Test
  void aTerminatingPodAndACompletedPodAreMarkedAsTheRealPrinterMarksThem() {
    JsonObject deleting = table("v1", "pods", "{\"metadata\":{\"name\":\"d\",\"creationTimestamp\":\"" + CREATED
        + "\",\"deletionTimestamp\":\"" + CREATED + "\"},\"spec\":{\"containers\":[{\"name\":\"a\"}]},"
        + "\"status\":{\"phase\":\"Running\"}}", null);
    assertThat(cells(deleting).get(2)).isEqualTo("Terminating");
    JsonObject done = table("v1", "pods", "{" + meta("ok") + ",\"spec\":{\"containers\":[{\"name\":\"a\"}]},"
        + "\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"name\":\"a\",\"state\":{\"terminated\":"
        + "{\"exitCode\":0,\"reason\":\"Completed\"}}}]}}", null);
    assertThat(cells(done).subList(1, 3)).containsExactly("0/1", "Completed");
    JsonObject condition = done.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("conditions")
        .get(0).getAsJsonObject();
    assertThat(condition.get("type").getAsString()).isEqualTo("Completed");
    assertThat(condition.get("reason").getAsString()).isEqualTo("Succeeded");
  }

  @Test
  void eventsShowLastSeenTypeReasonObjectMessageAndTheWideColumns() {
    JsonObject t = table("v1", "events", "{" + meta("n1.abc") + ",\"type\":\"Normal\",\"reason\":\"Synced\","
        + "\"message\":\"  node synced \\n\",\"count\":4,\"firstTimestamp\":\"2026-01-10T09:00:00Z\","
        + "\"lastTimestamp\":\"2026-01-10T11:58:00Z\",\"involvedObject\":{\"kind\":\"Node\",\"name\":\"n1\","
        + "\"fieldPath\":\"spec\"},\"source\":{\"component\":\"cloud-node-controller\"},"
        + "\"reportingInstance\":\"ccm-0\"}", null);
    assertThat(columns(t)).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*",
        "Message", "First Seen*", "Count*", "Name*");
    assertThat(cells(t)).containsExactly("2m", "Normal", "Synced", "node/n1", "spec",
        "cloud-node-controller, ccm-0", "node synced", "3h", 4L, "n1.abc");
    // an event of the new API: no count means a singleton, no last timestamp means the event time
    JsonObject modern = table("events.k8s.io/v1", "events", "{" + meta("e2") + ",\"type\":\"Warning\","
        + "\"reason\":\"Failed\",\"note\":\"boom\",\"eventTime\":\"2026-01-10T11:59:30.000000Z\","
        + "\"regarding\":{\"kind\":\"Service\",\"name\":\"web\"},\"reportingController\":\"ccm\"}", null);
    assertThat(cells(modern)).containsExactly("30s", "Warning", "Failed", "service/web", "", "ccm", "boom", "30s",
        1L, "e2");
    JsonObject series = table("v1", "events", "{" + meta("e3") + ",\"involvedObject\":{\"kind\":\"Pod\"},"
        + "\"series\":{\"count\":7,\"lastObservedTime\":\"2026-01-10T11:59:50.000000Z\"}}", null);
    assertThat(cells(series).get(0)).isEqualTo("10s");
    assertThat(cells(series).get(3)).isEqualTo("pod");
    assertThat(cells(series).get(8)).isEqualTo(7L);
  }

  @Test
  void jsonNullsWhereTheRealServerWritesThemReadAsAbsent() {
    JsonObject t = table("v1", "events", "{" + meta("e") + ",\"type\":\"Normal\",\"reason\":\"R\","
        + "\"message\":\"m\",\"eventTime\":null,\"firstTimestamp\":null,\"lastTimestamp\":null,"
        + "\"involvedObject\":{\"kind\":\"Node\",\"name\":null},\"source\":{},\"series\":null}", null);
    assertThat(cells(t)).containsExactly("<unknown>", "Normal", "R", "node", "", "", "m", "<unknown>", 1L, "e");
    JsonObject deploy = table("apps/v1", "deployments", "{" + meta("d") + ",\"spec\":{\"replicas\":null,"
        + "\"selector\":null,\"template\":{\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"containers\":"
        + "[{\"name\":\"c\",\"image\":null}]}}},\"status\":null}", null);
    assertThat(cells(deploy)).containsExactly("d", "0/1", 0L, 0L, "5m", "c", "", "");
    JsonObject svc = table("v1", "services", "{" + meta("s") + ",\"spec\":{\"clusterIPs\":[null],"
        + "\"externalIPs\":null,\"ports\":null,\"selector\":null}}", null);
    assertThat(cells(svc)).containsExactly("s", "ClusterIP", "", "<none>", "<none>", "5m", "<none>");
  }

  @Test
  void leasesConfigMapsSecretsNamespacesAndServiceAccounts() {
    assertThat(columns(table("coordination.k8s.io/v1", "leases", "{" + meta("l") + "}", null)))
        .containsExactly("Name", "Holder", "Age");
    assertThat(cells(table("coordination.k8s.io/v1", "leases", "{" + meta("l")
        + ",\"spec\":{\"holderIdentity\":\"ccm-0_abc\"}}", null))).containsExactly("l", "ccm-0_abc", "5m");
    assertThat(cells(table("coordination.k8s.io/v1", "leases", "{" + meta("l") + "}", null)))
        .containsExactly("l", "", "5m");
    JsonObject cm = table("v1", "configmaps", "{" + meta("c") + ",\"data\":{\"a\":\"1\",\"b\":\"2\"},"
        + "\"binaryData\":{\"c\":\"AA==\"}}", null);
    assertThat(columns(cm)).containsExactly("Name", "Data", "Age");
    assertThat(cells(cm)).containsExactly("c", 3L, "5m");
    JsonObject secret = table("v1", "secrets", "{" + meta("s") + ",\"type\":\"kubernetes.io/tls\","
        + "\"data\":{\"tls.crt\":\"\",\"tls.key\":\"\"}}", null);
    assertThat(columns(secret)).containsExactly("Name", "Type", "Data", "Age");
    assertThat(cells(secret)).containsExactly("s", "kubernetes.io/tls", 2L, "5m");
    JsonObject ns = table("v1", "namespaces", "{\"metadata\":{\"name\":\"kube-system\",\"creationTimestamp\":\""
        + CREATED + "\"},\"status\":{\"phase\":\"Active\"}}", null);
    assertThat(columns(ns)).containsExactly("Name", "Status", "Age");
    assertThat(cells(ns)).containsExactly("kube-system", "Active", "5m");
    JsonObject sa = table("v1", "serviceaccounts", "{" + meta("default") + ",\"secrets\":[{\"name\":\"t\"}]}", null);
    assertThat(columns(sa)).containsExactly("Name", "Secrets", "Age");
    assertThat(cells(sa)).containsExactly("default", 1L, "5m");
  }

  @Test
  void deploymentsAndReplicaSetsShowReplicasAndTheWideContainersImagesSelector() {
    String template = "\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"},"
        + "{\"name\":\"log\",\"image\":\"busybox\"}]}}";
    String selector = "\"selector\":{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":["
        + "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"b\",\"a\"]},{\"key\":\"canary\","
        + "\"operator\":\"DoesNotExist\"}]}";
    JsonObject deploy = table("apps/v1", "deployments", "{" + meta("web") + ",\"spec\":{\"replicas\":3," + selector
        + "," + template + "},\"status\":{\"readyReplicas\":2,\"updatedReplicas\":3,\"availableReplicas\":2}}", null);
    assertThat(columns(deploy)).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers*",
        "Images*", "Selector*");
    assertThat(cells(deploy)).containsExactly("web", "2/3", 3L, 2L, "5m", "web,log", "nginx:1.27,busybox",
        "app=web,!canary,tier in (a,b)");
    JsonObject rs = table("apps/v1", "replicasets", "{" + meta("web-5d") + ",\"spec\":{\"replicas\":3," + selector
        + "," + template + "},\"status\":{\"replicas\":3,\"readyReplicas\":1}}", null);
    assertThat(columns(rs)).containsExactly("Name", "Desired", "Current", "Ready", "Age", "Containers*", "Images*",
        "Selector*");
    assertThat(cells(rs)).containsExactly("web-5d", 3L, 3L, 1L, "5m", "web,log", "nginx:1.27,busybox",
        "app=web,!canary,tier in (a,b)");
    // replicas default to 1; an empty selector prints nothing for a deployment and <none> for a replica set
    assertThat(cells(table("apps/v1", "deployments", "{" + meta("d") + "}", null)))
        .containsExactly("d", "0/1", 0L, 0L, "5m", "", "", "");
    assertThat(cells(table("apps/v1", "replicasets", "{" + meta("r") + "}", null)).get(7)).isEqualTo("<none>");
  }

  @Test
  void endpointsAndEndpointSlicesListThreeAddressesThenHowManyMore() {
    JsonObject ep = table("v1", "endpoints", "{" + meta("web") + ",\"subsets\":[{\"addresses\":[{\"ip\":\"10.1.0.1\"},"
        + "{\"ip\":\"10.1.0.2\"}],\"ports\":[{\"port\":80},{\"port\":443}]},{\"addresses\":[{\"ip\":\"fd00::1\"}],"
        + "\"ports\":[{\"port\":8080}]}]}", null);
    assertThat(columns(ep)).containsExactly("Name", "Endpoints", "Age");
    assertThat(cells(ep).get(1)).isEqualTo("10.1.0.1:80,10.1.0.2:80,10.1.0.1:443 + 2 more...");
    assertThat(cells(table("v1", "endpoints", "{" + meta("none") + "}", null)).get(1)).isEqualTo("<none>");
    assertThat(cells(table("v1", "endpoints", "{" + meta("v6") + ",\"subsets\":[{\"addresses\":[{\"ip\":\"fd00::1\"}],"
        + "\"ports\":[{\"port\":80}]}]}", null)).get(1)).isEqualTo("[fd00::1]:80");
    JsonObject slice = table("discovery.k8s.io/v1", "endpointslices", "{" + meta("web-x") + ",\"addressType\":\"IPv4\","
        + "\"ports\":[{\"name\":\"http\",\"port\":80},{\"name\":\"metrics\"}],\"endpoints\":[{\"addresses\":"
        + "[\"10.1.0.1\"]},{\"addresses\":[\"10.1.0.2\"]}]}", null);
    assertThat(columns(slice)).containsExactly("Name", "AddressType", "Ports", "Endpoints", "Age");
    assertThat(cells(slice)).containsExactly("web-x", "IPv4", "80,metrics", "10.1.0.1,10.1.0.2", "5m");
    assertThat(cells(table("discovery.k8s.io/v1", "endpointslices", "{" + meta("e") + ",\"addressType\":\"IPv4\"}",
        null)).subList(2, 4)).containsExactly("<unset>", "<unset>");
  }

  @Test
  void persistentVolumesShowCapacityModesPolicyStatusClaimAndClass() {
    JsonObject pv = table("v1", "persistentvolumes", "{\"metadata\":{\"name\":\"pv1\",\"creationTimestamp\":\""
        + CREATED + "\"},\"spec\":{\"capacity\":{\"storage\":\"10Gi\"},\"accessModes\":[\"ReadWriteMany\","
        + "\"ReadWriteOnce\"],\"persistentVolumeReclaimPolicy\":\"Retain\",\"storageClassName\":\"fast\","
        + "\"claimRef\":{\"namespace\":\"default\",\"name\":\"data\"},\"volumeMode\":\"Filesystem\"},"
        + "\"status\":{\"phase\":\"Bound\"}}", null);
    assertThat(columns(pv)).containsExactly("Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim",
        "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode*");
    assertThat(cells(pv)).containsExactly("pv1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "fast",
        "<unset>", "", "5m", "Filesystem");
  }

  @Test
  void includeObjectChoosesWhatEachRowCarries() {
    String node = "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"n1\",\"uid\":\"u\"},"
        + "\"spec\":{}}";
    JsonObject metadata = table("v1", "nodes", node, null).getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(metadata.getAsJsonObject("object").get("kind").getAsString()).isEqualTo("PartialObjectMetadata");
    assertThat(metadata.getAsJsonObject("object").getAsJsonObject("metadata").get("uid").getAsString())
        .isEqualTo("u");
    assertThat(metadata.getAsJsonObject("object").has("spec")).isFalse();
    JsonObject full = table("v1", "nodes", node, "Object").getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(full.getAsJsonObject("object").get("kind").getAsString()).isEqualTo("Node");
    JsonObject none = table("v1", "nodes", node, "None").getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(none.get("object").isJsonNull()).as("the real server encodes a cleared object as null").isTrue();
    JsonObject t = table("v1", "nodes", node, null);
    assertThat(t.get("kind").getAsString()).isEqualTo("Table");
    assertThat(t.get("apiVersion").getAsString()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.getAsJsonObject("metadata").get("resourceVersion").getAsString()).isEqualTo("42");
  }

  @Test
  void everyServedKindButTheReviewsHasItsOwnPrinter() {
    for (ResourceType type : REGISTRY.all()) {
      if (type.createOnly()) {
        continue;
      }
      JsonObject t = Tables.table(type, List.of(), null, 1, null, NOW);
      JsonArray defs = t.getAsJsonArray("columnDefinitions");
      assertThat(defs.get(defs.size() - 1).getAsJsonObject().get("name").getAsString())
          .as(type.qualifiedName()).isNotEqualTo("Created At");
    }
  }
}
