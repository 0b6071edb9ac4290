package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * VPC v1: the EIP {@code publicips} calls ({@code CreatePublicip}, {@code ListPublicips} filtered by
 * {@code port_id}, {@code ShowPublicip}, {@code UpdatePublicip} to bind ({@code port_id}) or unbind (no or empty
 * {@code port_id}), {@code DeletePublicip}) and the subnet and VPC reads ({@code ListSubnets} by {@code vpc_id},
 * {@code ShowSubnet}, {@code ListVpcs}, {@code ShowVpc}).
 */
final class VpcProduct implements ProductRoutes {
  private final HuaweiState state;

  VpcProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    String m = call.method();
    if (call.matches("v1", "publicips")) {
      return switch (m) {
        case "POST" -> Optional.of("CreatePublicip");
        case "GET" -> Optional.of("ListPublicips");
        default -> Optional.empty();
      };
    }
    if (call.matches("v1", "publicips", "*")) {
      return switch (m) {
        case "GET" -> Optional.of("ShowPublicip");
        case "PUT" -> Optional.of("UpdatePublicip");
        case "DELETE" -> Optional.of("DeletePublicip");
        default -> Optional.empty();
      };
    }
    if (m.equals("GET") && call.matches("v1", "subnets")) {
      return Optional.of("ListSubnets");
    }
    if (m.equals("GET") && call.matches("v1", "subnets", "*")) {
      return Optional.of("ShowSubnet");
    }
    if (m.equals("GET") && call.matches("v1", "vpcs")) {
      return Optional.of("ListVpcs");
    }
    if (m.equals("GET") && call.matches("v1", "vpcs", "*")) {
      return Optional.of("ShowVpc");
    }
    return Optional.empty();
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    String op = operation(call).orElseThrow();
    return switch (op) {
      case "CreatePublicip" -> create(call.body());
      case "ListPublicips" -> list(call);
      case "ShowPublicip" -> show(call.segments().get(3));
      case "UpdatePublicip" -> update(call.segments().get(3), call.body());
      case "DeletePublicip" -> delete(call.segments().get(3));
      case "ListSubnets" -> subnets(call);
      case "ShowSubnet" -> subnet(call.segments().get(3));
      case "ListVpcs" -> vpcs();
      default -> vpc(call.segments().get(3));
    };
  }

  private EmulatorResponse create(JsonObject body) {
    JsonObject publicip = object(body, "publicip");
    JsonObject bandwidth = object(body, "bandwidth");
    String type = string(publicip, "type").orElseThrow(() -> invalid("publicip.type is required."));
    String shareType = string(bandwidth, "share_type").orElseThrow(() -> invalid("bandwidth.share_type is required."));
    int size;
    if (shareType.equals("WHOLE")) {
      // a shared bandwidth is named by its id; its size is the shared one's
      string(bandwidth, "id").orElseThrow(() -> invalid("bandwidth.id is required when share_type is WHOLE."));
      size = number(bandwidth, "size").orElse(5);
    } else {
      size = number(bandwidth, "size").orElseThrow(() -> invalid("bandwidth.size is required."));
    }
    Eip eip = state.eips().create(type, size, shareType, string(bandwidth, "charge_mode").orElse(null),
        string(bandwidth, "name").orElse(null));
    // CreatePublicip answers with a narrower publicip than Show/List (the SDK's PublicipCreateResp): of the
    // bandwidth only its size, so a client cannot learn the bandwidth's id or name from the create answer alone
    JsonObject created = eip.json();
    created.remove("bandwidth_id");
    created.remove("bandwidth_share_type");
    created.remove("bandwidth_name");
    JsonObject o = new JsonObject();
    o.add("publicip", created);
    return EmulatorResponse.json(200, o);
  }

  private EmulatorResponse list(HuaweiCall call) {
    List<String> ports = call.queryAll("port_id");
    List<String> addresses = call.queryAll("public_ip_address");
    int limit = call.query("limit").map(VpcProduct::parseLimit).orElse(2000);
    Optional<String> marker = call.query("marker").filter(s -> !s.isEmpty());
    synchronized (state.lock()) {
      List<Eip> all = state.eips().all();
      int from = 0;
      if (marker.isPresent()) {
        from = -1;
        for (int i = 0; i < all.size(); i++) {
          if (all.get(i).id().equals(marker.get())) {
            from = i + 1;
          }
        }
        if (from < 0) {
          throw invalid("marker " + marker.get() + " is not a publicip.");
        }
      }
      JsonArray out = new JsonArray();
      for (int i = from; i < all.size() && out.size() < limit; i++) {
        Eip e = all.get(i);
        if ((ports.isEmpty() || (e.portId() != null && ports.contains(e.portId())))
            && (addresses.isEmpty() || addresses.contains(e.publicIpAddress()))) {
          out.add(e.json());
        }
      }
      JsonObject o = new JsonObject();
      o.add("publicips", out);
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse show(String id) {
    synchronized (state.lock()) {
      return one(state.eips().get(id).orElseThrow(() -> eipNotFound(id)));
    }
  }

  private EmulatorResponse update(String id, JsonObject body) {
    JsonObject publicip = object(body, "publicip");
    JsonElement port = publicip.get("port_id");
    if (port != null && !port.isJsonNull() && !port.isJsonPrimitive()) {
      throw invalid("publicip.port_id must be a string.");
    }
    String portId = port == null || port.isJsonNull() ? null : port.getAsString();
    synchronized (state.lock()) {
      state.eips().bind(id, portId);
      return one(state.eips().get(id).orElseThrow(() -> eipNotFound(id)));
    }
  }

  private EmulatorResponse delete(String id) {
    state.eips().delete(id);
    return EmulatorResponse.empty(204);
  }

  private EmulatorResponse subnets(HuaweiCall call) {
    Optional<String> vpcId = call.query("vpc_id").filter(s -> !s.isEmpty());
    JsonArray out = new JsonArray();
    for (Subnet s : state.subnets()) {
      if (vpcId.map(s.vpcId()::equals).orElse(true)) {
        out.add(s.json(state.projectId()));
      }
    }
    JsonObject o = new JsonObject();
    o.add("subnets", out);
    return EmulatorResponse.json(200, o);
  }

  private EmulatorResponse subnet(String id) {
    Subnet s = state.subnets().stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new HuaweiApiError(404, "VPC.0202", "Subnet " + id + " could not be found."));
    JsonObject o = new JsonObject();
    o.add("subnet", s.json(state.projectId()));
    return EmulatorResponse.json(200, o);
  }

  private EmulatorResponse vpcs() {
    JsonArray out = new JsonArray();
    out.add(vpcJson());
    JsonObject o = new JsonObject();
    o.add("vpcs", out);
    return EmulatorResponse.json(200, o);
  }

  private EmulatorResponse vpc(String id) {
    if (!id.equals(state.vpcId())) {
      throw new HuaweiApiError(404, "VPC.0101", "Vpc " + id + " could not be found.");
    }
    JsonObject o = new JsonObject();
    o.add("vpc", vpcJson());
    return EmulatorResponse.json(200, o);
  }

  private JsonObject vpcJson() {
    JsonObject v = new JsonObject();
    v.addProperty("id", state.vpcId());
    v.addProperty("name", "vpc-default");
    v.addProperty("description", "");
    v.addProperty("cidr", "192.168.0.0/16");
    v.addProperty("status", "OK");
    v.add("routes", new JsonArray());
    v.addProperty("enterprise_project_id", "0");
    return v;
  }

  private static EmulatorResponse one(Eip eip) {
    JsonObject o = new JsonObject();
    o.add("publicip", eip.json());
    return EmulatorResponse.json(200, o);
  }

  private static int parseLimit(String text) {
    try {
      int v = Integer.parseInt(text);
      if (v < 1 || v > 2000) {
        throw invalid("limit must be between 1 and 2000.");
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid("limit must be an integer.");
    }
  }

  private static JsonObject object(JsonObject body, String name) {
    JsonElement e = body.get(name);
    if (e == null || !e.isJsonObject()) {
      throw invalid(name + " is required and must be an object.");
    }
    return e.getAsJsonObject();
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive()) {
      throw invalid(name + " must be a string.");
    }
    return Optional.of(e.getAsString()).filter(s -> !s.isEmpty());
  }

  private static Optional<Integer> number(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw invalid(name + " must be an integer.");
    }
    return Optional.of(e.getAsInt());
  }

  private static HuaweiApiError eipNotFound(String id) {
    return new HuaweiApiError(404, "VPC.1802", "Publicip " + id + " could not be found.");
  }

  private static HuaweiApiError invalid(String message) {
    return HuaweiApiError.badRequest("VPC.0104", message);
  }
}
