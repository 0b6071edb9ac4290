package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * A VPC security group: the unit the Nova {@code addSecurityGroup} / {@code removeSecurityGroup} actions attach to a
 * server. Immutable.
 *
 * @param id the security group id
 * @param name the name (Nova actions accept the name or the id)
 * @param description the description
 */
record SecurityGroup(String id, String name, String description) {
  SecurityGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }

  /** The Nova {@code security_group} object (as {@code os-security-groups} lists it). */
  JsonObject novaJson(String projectId) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("name", name);
    o.addProperty("description", description);
    o.addProperty("tenant_id", projectId);
    o.add("rules", new JsonArray());
    return o;
  }
}
