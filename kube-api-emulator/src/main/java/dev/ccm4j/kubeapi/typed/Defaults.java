package dev.ccm4j.kubeapi.typed;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The defaulters kube-apiserver runs on every decoded write (k8s.io/kubernetes pkg/apis/core/v1 and apps/v1
 * {@code SetDefaults_*}), the v1 Secret conversion that folds {@code stringData} into {@code data}, and the few
 * create-only registry strategies. Service defaults are the admission package's. Applied to an already encoded
 * object, so every value here is written as Go writes it.
 */
final class Defaults {
  private Defaults() {}

  static void apply(String apiVersion, String kind, JsonObject o, boolean create) {
    switch (apiVersion + "|" + kind) {
      case "v1|Secret":
        secret(o);
        break;
      case "v1|Namespace":
        namespace(o, create);
        break;
      case "v1|Node":
        node(o);
        break;
      case "v1|Pod":
        pod(o, create);
        break;
      case "v1|PersistentVolume":
        persistentVolume(o);
        break;
      case "v1|Endpoints":
        endpoints(o);
        break;
      case "discovery.k8s.io/v1|EndpointSlice":
        endpointSlice(o);
        break;
      case "apps/v1|Deployment":
        deployment(o);
        break;
      case "apps/v1|ReplicaSet":
        replicaSet(o);
        break;
      default:
        break;
    }
  }

  /** SetDefaults_Secret ({@code type: Opaque}); Convert_v1_Secret_To_core_Secret (stringData over data). */
  private static void secret(JsonObject o) {
    JsonElement sd = o.remove("stringData");
    if (sd != null && sd.isJsonObject() && sd.getAsJsonObject().size() > 0) {
      JsonObject data = object(o, "data");
      Base64.Encoder b64 = Base64.getEncoder();
      for (Map.Entry<String, JsonElement> e : sd.getAsJsonObject().entrySet()) {
        data.addProperty(e.getKey(), b64.encodeToString(e.getValue().getAsString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (!o.has("type")) {
      o.addProperty("type", "Opaque");
    }
  }

  /**
   * SetDefaults_Namespace (the {@code kubernetes.io/metadata.name} label), SetDefaults_NamespaceStatus (phase
   * Active); on create the namespace strategy adds the kubernetes finalizer.
   */
  private static void namespace(JsonObject o, boolean create) {
    JsonObject meta = object(o, "metadata");
    String name = string(meta, "name");
    if (!name.isEmpty()) {
      object(meta, "labels").addProperty("kubernetes.io/metadata.name", name);
    }
    JsonObject status = object(o, "status");
    if (!status.has("phase")) {
      status.addProperty("phase", "Active");
    }
    if (create) {
      JsonObject spec = object(o, "spec");
      JsonArray fin = spec.has("finalizers") && spec.get("finalizers").isJsonArray()
          ? spec.getAsJsonArray("finalizers") : new JsonArray();
      if (!fin.contains(new JsonPrimitive("kubernetes"))) {
        fin.add("kubernetes");
      }
      spec.add("finalizers", fin);
    }
  }

  /** SetDefaults_NodeStatus: allocatable defaults to capacity when absent. */
  private static void node(JsonObject o) {
    JsonObject status = object(o, "status");
    JsonElement cap = status.get("capacity");
    if (!status.has("allocatable") && cap != null && cap.isJsonObject()) {
      status.add("allocatable", cap.deepCopy());
    }
  }

  /** SetDefaults_Pod and the PodSpec, Container, Volume and Probe defaulters under it. */
  private static void pod(JsonObject o, boolean create) {
    JsonObject spec = object(o, "spec");
    podSpec(spec);
    if (!spec.has("enableServiceLinks")) {
      spec.addProperty("enableServiceLinks", true);
    }
    requestsFromLimits(spec.get("containers"));
    requestsFromLimits(spec.get("initContainers"));
    if (create) {
      JsonObject status = object(o, "status");
      if (!status.has("phase")) {
        status.addProperty("phase", "Pending");
      }
      if (!status.has("qosClass")) {
        status.addProperty("qosClass", qosClass(spec));
      }
    }
  }

  /** SetDefaults_PodSpec and below: also applied to Deployment and ReplicaSet pod templates. */
  private static void podSpec(JsonObject spec) {
    setIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    setIfAbsent(spec, "restartPolicy", "Always");
    if (!spec.has("securityContext")) {
      spec.add("securityContext", new JsonObject());
    }
    if (!spec.has("terminationGracePeriodSeconds")) {
      spec.addProperty("terminationGracePeriodSeconds", 30);
    }
    setIfAbsent(spec, "schedulerName", "default-scheduler");
    boolean hostNetwork = spec.has("hostNetwork") && spec.get("hostNetwork").getAsBoolean();
    containers(spec.get("containers"), hostNetwork);
    containers(spec.get("initContainers"), hostNetwork);
    containers(spec.get("ephemeralContainers"), hostNetwork);
    JsonElement volumes = spec.get("volumes");
    if (volumes != null && volumes.isJsonArray()) {
      for (JsonElement v : volumes.getAsJsonArray()) {
        volume(v.getAsJsonObject());
      }
    }
  }

  private static void containers(JsonElement list, boolean hostNetwork) {
    if (list == null || !list.isJsonArray()) {
      return;
    }
    for (JsonElement e : list.getAsJsonArray()) {
      if (e.isJsonObject()) {
        container(e.getAsJsonObject(), hostNetwork);
      }
    }
  }

  /** SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe, SetDefaults_HTTPGetAction. */
  private static void container(JsonObject c, boolean hostNetwork) {
    setIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
    setIfAbsent(c, "terminationMessagePolicy", "File");
    if (!c.has("imagePullPolicy")) {
      c.addProperty("imagePullPolicy", pullsAlways(string(c, "image")) ? "Always" : "IfNotPresent");
    }
    JsonElement ports = c.get("ports");
    if (ports != null && ports.isJsonArray()) {
      for (JsonElement p : ports.getAsJsonArray()) {
        JsonObject port = p.getAsJsonObject();
        setIfAbsent(port, "protocol", "TCP");
        if (hostNetwork && !port.has("hostPort") && port.has("containerPort")) {
          // defaultHostNetworkPorts: with the host's network a container port is a host port
          port.add("hostPort", port.get("containerPort"));
        }
      }
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      JsonElement p = c.get(probe);
      if (p != null && p.isJsonObject()) {
        probe(p.getAsJsonObject());
      }
    }
  }

  private static void probe(JsonObject p) {
    setIfAbsent(p, "timeoutSeconds", 1);
    setIfAbsent(p, "periodSeconds", 10);
    setIfAbsent(p, "successThreshold", 1);
    setIfAbsent(p, "failureThreshold", 3);
    JsonElement http = p.get("httpGet");
    if (http != null && http.isJsonObject()) {
      setIfAbsent(http.getAsJsonObject(), "path", "/");
      setIfAbsent(http.getAsJsonObject(), "scheme", "HTTP");
    }
  }

  /** The image has the {@code latest} tag, or no tag and no digest (which means latest). */
  static boolean pullsAlways(String image) {
    if (image.indexOf('@') >= 0) {
      return false;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      return true;
    }
    return image.substring(colon + 1).equals("latest");
  }

  /** SetDefaults_Volume and the volume source defaulters (modes 0644, hostPath type, token expiry). */
  private static void volume(JsonObject v) {
    boolean hasSource = false;
    for (String k : v.keySet()) {
      if (!k.equals("name")) {
        hasSource = true;
        break;
      }
    }
    if (!hasSource) {
      v.add("emptyDir", new JsonObject());
      return;
    }
    for (String source : new String[] {"secret", "configMap", "downwardAPI", "projected"}) {
      JsonElement s = v.get(source);
      if (s != null && s.isJsonObject()) {
        setIfAbsent(s.getAsJsonObject(), "defaultMode", 420);
      }
    }
    JsonElement hostPath = v.get("hostPath");
    if (hostPath != null && hostPath.isJsonObject()) {
      setIfAbsent(hostPath.getAsJsonObject(), "type", "");
    }
    JsonElement projected = v.get("projected");
    if (projected != null && projected.isJsonObject() && projected.getAsJsonObject().has("sources")) {
      for (JsonElement src : projected.getAsJsonObject().getAsJsonArray("sources")) {
        JsonElement token = src.getAsJsonObject().get("serviceAccountToken");
        if (token != null && token.isJsonObject()) {
          setIfAbsent(token.getAsJsonObject(), "expirationSeconds", 3600);
        }
      }
    }
  }

  /** SetDefaults_Pod: a resource with a limit and no request is requested at its limit. */
  private static void requestsFromLimits(JsonElement list) {
    if (list == null || !list.isJsonArray()) {
      return;
    }
    for (JsonElement e : list.getAsJsonArray()) {
      JsonObject resources = e.getAsJsonObject().getAsJsonObject("resources");
      if (resources == null || !resources.has("limits")) {
        continue;
      }
      JsonObject limits = resources.getAsJsonObject("limits");
      JsonObject requests = object(resources, "requests");
      for (Map.Entry<String, JsonElement> l : limits.entrySet()) {
        if (!requests.has(l.getKey())) {
          requests.add(l.getKey(), l.getValue().deepCopy());
        }
      }
    }
  }

  /** GetPodQOS: BestEffort without any request or limit, Guaranteed when every container's cpu and memory are
   * limited and requested at the limit, Burstable otherwise. */
  static String qosClass(JsonObject spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : new String[] {"containers", "initContainers"}) {
      JsonElement l = spec.get(list);
      if (l == null || !l.isJsonArray()) {
        continue;
      }
      for (JsonElement e : l.getAsJsonArray()) {
        JsonObject r = e.getAsJsonObject().getAsJsonObject("resources");
        JsonObject limits = r == null ? null : r.getAsJsonObject("limits");
        JsonObject requests = r == null ? null : r.getAsJsonObject("requests");
        if ((limits != null && limits.size() > 0) || (requests != null && requests.size() > 0)) {
          any = true;
        }
        for (String res : new String[] {"cpu", "memory"}) {
          JsonElement lim = limits == null ? null : limits.get(res);
          JsonElement req = requests == null ? null : requests.get(res);
          if (lim == null || (req != null && !req.equals(lim))) {
            guaranteed = false;
          }
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  /** SetDefaults_PersistentVolume: reclaim policy Retain, volume mode Filesystem, phase Pending. */
  private static void persistentVolume(JsonObject o) {
    JsonObject spec = object(o, "spec");
    setIfAbsent(spec, "persistentVolumeReclaimPolicy", "Retain");
    setIfAbsent(spec, "volumeMode", "Filesystem");
    setIfAbsent(object(o, "status"), "phase", "Pending");
  }

  /** SetDefaults_EndpointPort: protocol TCP. */
  private static void endpoints(JsonObject o) {
    JsonElement subsets = o.get("subsets");
    if (subsets == null || !subsets.isJsonArray()) {
      return;
    }
    for (JsonElement s : subsets.getAsJsonArray()) {
      JsonElement ports = s.getAsJsonObject().get("ports");
      if (ports != null && ports.isJsonArray()) {
        for (JsonElement p : ports.getAsJsonArray()) {
          setIfAbsent(p.getAsJsonObject(), "protocol", "TCP");
        }
      }
    }
  }

  /** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP. */
  private static void endpointSlice(JsonObject o) {
    JsonElement ports = o.get("ports");
    if (ports == null || !ports.isJsonArray()) {
      return;
    }
    for (JsonElement p : ports.getAsJsonArray()) {
      setIfAbsent(p.getAsJsonObject(), "name", "");
      setIfAbsent(p.getAsJsonObject(), "protocol", "TCP");
    }
  }

  /** apps/v1 SetDefaults_Deployment, and the pod template's PodSpec defaults. */
  private static void deployment(JsonObject o) {
    JsonObject spec = object(o, "spec");
    setIfAbsent(spec, "replicas", 1);
    JsonObject strategy = object(spec, "strategy");
    setIfAbsent(strategy, "type", "RollingUpdate");
    if (strategy.get("type").getAsString().equals("RollingUpdate")) {
      JsonObject ru = object(strategy, "rollingUpdate");
      setIfAbsent(ru, "maxUnavailable", "25%");
      setIfAbsent(ru, "maxSurge", "25%");
    }
    setIfAbsent(spec, "revisionHistoryLimit", 10);
    setIfAbsent(spec, "progressDeadlineSeconds", 600);
    template(spec);
  }

  /** apps/v1 SetDefaults_ReplicaSet, and the pod template's PodSpec defaults. */
  private static void replicaSet(JsonObject o) {
    JsonObject spec = object(o, "spec");
    setIfAbsent(spec, "replicas", 1);
    template(spec);
  }

  private static void template(JsonObject spec) {
    JsonElement t = spec.get("template");
    if (t != null && t.isJsonObject()) {
      podSpec(object(t.getAsJsonObject(), "spec"));
    }
  }

  private static JsonObject object(JsonObject parent, String name) {
    JsonElement e = parent.get(name);
    if (e != null && e.isJsonObject()) {
      return e.getAsJsonObject();
    }
    JsonObject created = new JsonObject();
    parent.add(name, created);
    return created;
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }

  private static void setIfAbsent(JsonObject o, String name, String value) {
    if (!o.has(name)) {
      o.addProperty(name, value);
    }
  }

  private static void setIfAbsent(JsonObject o, String name, int value) {
    if (!o.has(name)) {
      o.addProperty(name, value);
    }
  }
}
