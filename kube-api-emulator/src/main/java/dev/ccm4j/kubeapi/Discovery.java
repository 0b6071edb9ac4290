package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The discovery documents: {@code /version}, {@code /api}, {@code /apis} and the per-version resource lists. */
final class Discovery {
  /** The media type of the aggregated discovery documents, as the real server names it in Content-Type. */
  static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  /** The Kubernetes version the emulator claims to be. */
  static final String GIT_VERSION = "v1.34.1";

  private final ResourceRegistry registry;

  Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  JsonObject version() {
    JsonObject v = new JsonObject();
    v.addProperty("major", "1");
    v.addProperty("minor", "34");
    v.addProperty("emulationMajor", "1");
    v.addProperty("emulationMinor", "34");
    v.addProperty("gitVersion", GIT_VERSION);
    v.addProperty("gitCommit", "0000000000000000000000000000000000000000");
    v.addProperty("gitTreeState", "clean");
    v.addProperty("buildDate", "2026-01-01T00:00:00Z");
    v.addProperty("goVersion", "go1.24.6");
    v.addProperty("compiler", "gc");
    v.addProperty("platform", "linux/amd64");
    return v;
  }

  JsonObject apiVersions(String serverAddress) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIVersions");
    JsonArray versions = new JsonArray();
    versions.add("v1");
    o.add("versions", versions);
    JsonArray addresses = new JsonArray();
    JsonObject address = new JsonObject();
    address.addProperty("clientCIDR", "0.0.0.0/0");
    address.addProperty("serverAddress", serverAddress);
    addresses.add(address);
    o.add("serverAddressByClientCIDRs", addresses);
    return o;
  }

  JsonObject groupList() {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIGroupList");
    o.addProperty("apiVersion", "v1");
    JsonArray groups = new JsonArray();
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      groups.add(groupBody(g.getKey(), g.getValue()));
    }
    o.add("groups", groups);
    return o;
  }

  /** The APIGroup document of one group, or null when the group is not served. */
  JsonObject group(String name) {
    List<String> versions = registry.groups().get(name);
    if (versions == null) {
      return null;
    }
    JsonObject o = groupBody(name, versions);
    o.addProperty("kind", "APIGroup");
    o.addProperty("apiVersion", "v1");
    return o;
  }

  private static JsonObject groupBody(String name, List<String> versions) {
    JsonObject group = new JsonObject();
    group.addProperty("name", name);
    JsonArray list = new JsonArray();
    for (String v : versions) {
      JsonObject gv = new JsonObject();
      gv.addProperty("groupVersion", name + "/" + v);
      gv.addProperty("version", v);
      list.add(gv);
    }
    group.add("versions", list);
    group.add("preferredVersion", list.get(0).deepCopy());
    return group;
  }

  /** The APIResourceList of one group version, or null when it is not served. */
  JsonObject resourceList(String apiVersion) {
    if (!registry.servesVersion(apiVersion)) {
      return null;
    }
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIResourceList");
    o.addProperty("apiVersion", "v1");
    o.addProperty("groupVersion", apiVersion);
    // the real server lists a version's resources sorted by name, each subresource right after its resource
    TreeMap<String, JsonObject> byName = new TreeMap<>();
    for (ResourceType t : registry.all()) {
      if (!t.apiVersion().equals(apiVersion)) {
        continue;
      }
      JsonObject r = resource(t.plural(), t.singular(), t, t.kind(), t.verbs());
      if (!t.shortNames().isEmpty()) {
        r.add("shortNames", strings(t.shortNames()));
      }
      if (!t.categories().isEmpty()) {
        r.add("categories", strings(t.categories()));
      }
      if (!t.createOnly()) {
        r.addProperty("storageVersionHash", storageVersionHash(t));
      }
      byName.put(t.plural(), r);
      for (String sub : t.subresources()) {
        JsonObject s = resource(t.plural() + "/" + sub, "", t, sub.equals("scale") ? "Scale" : t.kind(),
            List.of("get", "patch", "update"));
        if (sub.equals("scale")) {
          // a scale subresource speaks autoscaling/v1 Scale, and discovery says so
          s.addProperty("group", "autoscaling");
          s.addProperty("version", "v1");
        }
        byName.put(t.plural() + "/" + sub, s);
      }
    }
    JsonArray resources = new JsonArray();
    byName.values().forEach(resources::add);
    o.add("resources", resources);
    return o;
  }

  /**
   * Whether a discovery request for {@code /api} or {@code /apis} asks for the aggregated document
   * ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}), as client-go (kubectl, controllers) does first: its
   * Accept lists {@link #AGGREGATED_V2} before {@code application/json}, while client-java and older clients ask for
   * plain {@code application/json} and get the legacy documents. As the real server, the first media range of the
   * Accept header the server can produce wins; {@code v2beta1}, which the real server no longer serves since 1.33,
   * is skipped.
   */
  static boolean acceptsAggregated(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String base = parts[0].trim().toLowerCase(Locale.ROOT);
      Map<String, String> params = new HashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          params.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), parts[i].substring(eq + 1).trim());
        }
      }
      boolean json = base.equals("application/json");
      if (json && "apidiscovery.k8s.io".equals(params.get("g")) && "APIGroupDiscoveryList".equals(params.get("as"))) {
        if ("v2".equals(params.get("v"))) {
          return true;
        }
        continue;
      }
      if (json || base.equals("*/*") || base.equals("application/*")
          || base.equals("application/vnd.kubernetes.protobuf")) {
        return false;
      }
    }
    return false;
  }

  /**
   * The aggregated discovery document of {@code /api} (the core group alone) or of {@code /apis} (every other group,
   * in the real server's priority order): one request instead of one per group version.
   */
  JsonObject aggregated(boolean core) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "APIGroupDiscoveryList");
    o.addProperty("apiVersion", "apidiscovery.k8s.io/v2");
    o.add("metadata", new JsonObject());
    JsonArray items = new JsonArray();
    if (core) {
      items.add(groupDiscovery("", List.of("v1")));
    } else {
      registry.groups().forEach((name, versions) -> items.add(groupDiscovery(name, versions)));
    }
    o.add("items", items);
    return o;
  }

  private JsonObject groupDiscovery(String group, List<String> versions) {
    JsonObject g = new JsonObject();
    JsonObject meta = new JsonObject();
    if (!group.isEmpty()) {
      meta.addProperty("name", group);
    }
    // since 1.33 the real server omits the zero creation time instead of printing null
    g.add("metadata", meta);
    JsonArray versionList = new JsonArray();
    for (String version : versions) {
      String apiVersion = group.isEmpty() ? version : group + "/" + version;
      TreeMap<String, JsonObject> byName = new TreeMap<>();
      for (ResourceType t : registry.all()) {
        if (t.apiVersion().equals(apiVersion)) {
          byName.put(t.plural(), resourceDiscovery(t));
        }
      }
      JsonObject v = new JsonObject();
      v.addProperty("version", version);
      JsonArray resources = new JsonArray();
      byName.values().forEach(resources::add);
      v.add("resources", resources);
      v.addProperty("freshness", "Current");
      versionList.add(v);
    }
    g.add("versions", versionList);
    return g;
  }

  private static JsonObject resourceDiscovery(ResourceType t) {
    JsonObject r = new JsonObject();
    r.addProperty("resource", t.plural());
    r.add("responseKind", groupVersionKind("", "", t.kind()));
    r.addProperty("scope", t.namespaced() ? "Namespaced" : "Cluster");
    r.addProperty("singularResource", t.singular());
    r.add("verbs", strings(t.verbs()));
    if (!t.shortNames().isEmpty()) {
      r.add("shortNames", strings(t.shortNames()));
    }
    if (!t.categories().isEmpty()) {
      r.add("categories", strings(t.categories()));
    }
    if (!t.subresources().isEmpty()) {
      JsonArray subs = new JsonArray();
      for (String sub : new TreeSet<>(t.subresources())) {
        JsonObject s = new JsonObject();
        s.addProperty("subresource", sub);
        s.add("responseKind", sub.equals("scale") ? groupVersionKind("autoscaling", "v1", "Scale")
            : groupVersionKind("", "", t.kind()));
        s.add("verbs", strings(List.of("get", "patch", "update")));
        subs.add(s);
      }
      r.add("subresources", subs);
    }
    return r;
  }

  private static JsonObject groupVersionKind(String group, String version, String kind) {
    JsonObject k = new JsonObject();
    k.addProperty("group", group);
    k.addProperty("version", version);
    k.addProperty("kind", kind);
    return k;
  }

  /**
   * The real server's storage version hash of a resource: the first 8 bytes of the SHA-256 of
   * {@code group/version/kind}, base64; clients only compare it for equality.
   */
  static String storageVersionHash(ResourceType t) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256")
          .digest((t.group() + "/" + t.version() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(Arrays.copyOf(sum, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static JsonObject resource(String name, String singular, ResourceType t, String kind, List<String> verbs) {
    JsonObject r = new JsonObject();
    r.addProperty("name", name);
    r.addProperty("singularName", singular);
    r.addProperty("namespaced", t.namespaced());
    r.addProperty("kind", kind);
    r.add("verbs", strings(verbs));
    return r;
  }
}
