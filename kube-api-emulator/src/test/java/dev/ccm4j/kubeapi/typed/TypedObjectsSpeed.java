package dev.ccm4j.kubeapi.typed;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A quick ns/op measurement of {@link TypedObjects#normalize} for the writes the emulator benchmark makes most
 * (a Node status update and a Service), run by hand: {@code java -cp ... dev.ccm4j.kubeapi.typed.TypedObjectsSpeed}.
 * Not a test, so the build does not pay for it.
 */
public final class TypedObjectsSpeed {
  private TypedObjectsSpeed() {}

  /** Prints ns/op per object after a warm-up. */
  public static void main(String[] args) {
    JsonObject node = JsonParser.parseString("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\","
        + "\"labels\":{\"kubernetes.io/hostname\":\"n1\",\"topology.kubernetes.io/zone\":\"z1\"},"
        + "\"resourceVersion\":\"12\",\"uid\":\"0c1d\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\"},"
        + "\"spec\":{\"providerID\":\"local://n1\",\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]},"
        + "\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"8Gi\",\"pods\":\"110\"},"
        + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"},{\"type\":\"Hostname\",\"address\":\"n1\"}],"
        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastHeartbeatTime\":\"2026-01-02T03:04:05Z\","
        + "\"lastTransitionTime\":\"2026-01-02T03:04:05Z\",\"reason\":\"KubeletReady\",\"message\":\"ok\"}],"
        + "\"nodeInfo\":{\"kubeletVersion\":\"v1.32.0\"}}}").getAsJsonObject();
    JsonObject service = JsonParser.parseString("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{"
        + "\"name\":\"web\",\"namespace\":\"default\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\"},"
        + "\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80,\"targetPort\":8080,\"protocol\":\"TCP\","
        + "\"nodePort\":30080}],\"selector\":{\"app\":\"web\"},\"clusterIP\":\"10.96.0.10\","
        + "\"clusterIPs\":[\"10.96.0.10\"]},\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\"}]}}}")
        .getAsJsonObject();
    TypedObjects typed = TypedObjects.standard();
    for (JsonObject o : new JsonObject[] {node, service}) {
      String kind = o.get("kind").getAsString();
      int sink = 0;
      for (int i = 0; i < 200_000; i++) {
        sink += typed.normalize("v1", kind, o).object().size();
      }
      int n = 500_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += typed.normalize("v1", kind, o).object().size();
      }
      long ns = (System.nanoTime() - t0) / n;
      System.out.println(kind + ": " + ns + " ns/op (" + sink + ")");
    }
  }
}
