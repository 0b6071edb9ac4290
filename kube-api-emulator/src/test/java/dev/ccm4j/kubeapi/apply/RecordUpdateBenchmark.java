package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Prints the cost of {@link ServerSideApply#recordUpdate} on the two writes that dominate the emulator's write path:
 * a Node status heartbeat (kubelet, {@code /status}) and a Service create. A plain main class, not a test:
 *
 * <pre>
 * ./mvnw -q -pl kube-api-emulator test-compile exec:java \
 *   -Dexec.mainClass=dev.ccm4j.kubeapi.apply.RecordUpdateBenchmark -Dexec.classpathScope=test
 * </pre>
 */
public final class RecordUpdateBenchmark {
  private static final String NODE = "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\","
      + "\"uid\":\"u1\",\"resourceVersion\":\"10\",\"creationTimestamp\":\"2026-12-07T10:00:00Z\",\"labels\":{"
      + "\"kubernetes.io/hostname\":\"node-1\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\","
      + "\"node.kubernetes.io/instance-type\":\"m5.large\",\"topology.kubernetes.io/zone\":\"z1\"}},"
      + "\"spec\":{\"providerID\":\"local://node-1\",\"podCIDR\":\"10.0.1.0/24\",\"podCIDRs\":[\"10.0.1.0/24\"]},"
      + "\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"16Gi\",\"pods\":\"110\"},"
      + "\"allocatable\":{\"cpu\":\"4\",\"memory\":\"16Gi\",\"pods\":\"110\"},\"conditions\":["
      + cond("MemoryPressure", "False") + "," + cond("DiskPressure", "False") + "," + cond("PIDPressure", "False")
      + "," + cond("Ready", "True") + "],\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"},"
      + "{\"type\":\"Hostname\",\"address\":\"node-1\"}],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}},"
      + "\"nodeInfo\":{\"machineID\":\"m\",\"systemUUID\":\"s\",\"bootID\":\"b\",\"kernelVersion\":\"6.1\","
      + "\"osImage\":\"Linux\",\"containerRuntimeVersion\":\"containerd://1.7\",\"kubeletVersion\":\"v1.32.0\","
      + "\"kubeProxyVersion\":\"\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}}}";

  private static final String SERVICE = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc\","
      + "\"namespace\":\"default\",\"uid\":\"u2\",\"resourceVersion\":\"11\",\"creationTimestamp\":"
      + "\"2026-12-07T10:00:00Z\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"type\":\"LoadBalancer\",\"selector\":"
      + "{\"app\":\"web\"},\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}],"
      + "\"sessionAffinity\":\"None\",\"externalTrafficPolicy\":\"Cluster\",\"ipFamilies\":[\"IPv4\"],"
      + "\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\","
      + "\"allocateLoadBalancerNodePorts\":true},\"status\":{\"loadBalancer\":{}}}";

  private RecordUpdateBenchmark() {}

  private static String cond(String type, String status) {
    return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"lastHeartbeatTime\":\"2026-12-07T10:00:00Z\","
        + "\"lastTransitionTime\":\"2026-12-07T10:00:00Z\",\"reason\":\"KubeletReady\",\"message\":\"ok\"}";
  }

  /** Runs both loops and prints ns/op. */
  public static void main(String[] args) {
    JsonObject node = JsonParser.parseString(NODE).getAsJsonObject();
    ServerSideApply.recordUpdate(null, node, "kubelet", "Update", "", "2026-12-07T10:00:00Z");
    JsonObject service = JsonParser.parseString(SERVICE).getAsJsonObject();
    for (int round = 0; round < 3; round++) {
      int n = 200_000;
      JsonObject before = node;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        JsonObject after = before.deepCopy();
        after.getAsJsonObject("status").getAsJsonArray("conditions").get(3).getAsJsonObject()
            .addProperty("lastHeartbeatTime", "2026-12-07T10:00:" + (i % 2 == 0 ? "10Z" : "20Z"));
        ServerSideApply.recordUpdate(before, after, "kubelet", "Update", "status", "2026-12-07T10:01:00Z");
        before = after;
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        before.deepCopy();
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        ServerSideApply.recordUpdate(null, service.deepCopy(), "kubectl-create", "Update", "", "2026-12-07T10:01:00Z");
      }
      long t3 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        service.deepCopy();
      }
      long t4 = System.nanoTime();
      System.out.printf("round %d: node status write %d ns/op, service create %d ns/op (deep copies subtracted)%n",
          round, ((t1 - t0) - (t2 - t1)) / n, ((t3 - t2) - (t4 - t3)) / n);
    }
  }
}
