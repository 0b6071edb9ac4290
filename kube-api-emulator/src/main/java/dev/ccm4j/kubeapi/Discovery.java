package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/** The discovery documents: {@code /version}, {@code /api}, {@code /apis} and the per-version resource lists. */
final class Discovery {
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
    JsonArray resources = new JsonArray();
    for (ResourceType t : registry.all()) {
      if (!t.apiVersion().equals(apiVersion)) {
        continue;
      }
      JsonObject r = resource(t.plural(), t.singular(), t, t.verbs());
      if (!t.shortNames().isEmpty()) {
        JsonArray shortNames = new JsonArray();
        t.shortNames().forEach(shortNames::add);
        r.add("shortNames", shortNames);
      }
      resources.add(r);
      for (String sub : t.subresources()) {
        resources.add(resource(t.plural() + "/" + sub, "", t, List.of("get", "patch", "update")));
      }
    }
    o.add("resources", resources);
    return o;
  }

  private static JsonObject resource(String name, String singular, ResourceType t, List<String> verbs) {
    JsonObject r = new JsonObject();
    r.addProperty("name", name);
    r.addProperty("singularName", singular);
    r.addProperty("namespaced", t.namespaced());
    r.addProperty("kind", t.kind());
    JsonArray v = new JsonArray();
    verbs.forEach(v::add);
    r.add("verbs", v);
    return r;
  }
}
