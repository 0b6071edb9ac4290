package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's Keystone project calls the SDKs use to discover a project id: {@code GET /v3/projects} (filters
 * {@code name}, {@code domain_id}, {@code enabled}) and {@code GET /v3/projects/{id}}. The account has the region's
 * project (named after the region, the one the emulator serves) and the {@code MOS} project every Huawei account
 * has, so a client that does not filter by name sees two.
 */
final class IamProduct implements ProductRoutes {
  private static final String IAM = "https://iam.myhuaweicloud.com/v3/projects";

  private final HuaweiState state;
  private final String mosProjectId;

  IamProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
    this.mosProjectId = state.hex(32);
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    List<String> s = call.segments();
    if (!call.method().equals("GET") || s.size() < 2 || !s.get(0).equals("v3") || !s.get(1).equals("projects")) {
      return Optional.empty();
    }
    if (s.size() == 2) {
      return Optional.of("KeystoneListProjects");
    }
    return s.size() == 3 ? Optional.of("KeystoneShowProject") : Optional.empty();
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    if (call.segments().size() == 3) {
      String id = call.segments().get(2);
      JsonObject project = projects().stream().filter(p -> p.get("id").getAsString().equals(id)).findFirst()
          .orElseThrow(() -> keystoneNotFound(id));
      JsonObject o = new JsonObject();
      o.add("project", project);
      return EmulatorResponse.json(200, o);
    }
    JsonArray list = new JsonArray();
    for (JsonObject p : projects()) {
      if (call.query("name").map(n -> n.equals(p.get("name").getAsString())).orElse(true)
          && call.query("domain_id").map(d -> d.equals(state.domainId())).orElse(true)
          && call.query("enabled").map(e -> e.equalsIgnoreCase("true")).orElse(true)) {
        list.add(p);
      }
    }
    JsonObject o = new JsonObject();
    o.add("projects", list);
    o.add("links", links(IAM));
    return EmulatorResponse.json(200, o);
  }

  private List<JsonObject> projects() {
    return List.of(project(state.projectId(), state.region(), ""), project(mosProjectId, "MOS", ""));
  }

  private JsonObject project(String id, String name, String description) {
    JsonObject p = new JsonObject();
    p.addProperty("is_domain", false);
    p.addProperty("description", description);
    p.add("links", links(IAM + "/" + id));
    p.addProperty("enabled", true);
    p.addProperty("id", id);
    p.addProperty("parent_id", state.domainId());
    p.addProperty("domain_id", state.domainId());
    p.addProperty("name", name);
    return p;
  }

  private static JsonObject links(String self) {
    JsonObject l = new JsonObject();
    l.add("next", JsonNull.INSTANCE);
    l.add("previous", JsonNull.INSTANCE);
    l.addProperty("self", self);
    return l;
  }

  private static HuaweiApiError keystoneNotFound(String id) {
    // Keystone's own body is {"error":{"code":404,"message","title"}}; the ECS shape is the same but for "title"
    return HuaweiApiError.ecs(404, "404", "Could not find project: " + id + ".");
  }
}
