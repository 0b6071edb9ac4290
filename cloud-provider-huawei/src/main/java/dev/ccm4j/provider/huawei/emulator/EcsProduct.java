package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ECS: {@code ShowServer}, {@code ListServersDetails} (filters {@code ip_eq}, {@code ip}, {@code name} as a regular
 * expression, {@code status}, {@code flavor}; {@code limit} with {@code offset} as a page number or {@code marker}),
 * {@code ListServerInterfaces} ({@code os-interface}), the Nova {@code addSecurityGroup} / {@code
 * removeSecurityGroup} actions and {@code os-security-groups}, and the Nova server list the classic ELB client reads.
 */
final class EcsProduct implements ProductRoutes {
  private static final int DEFAULT_LIMIT = 25;
  private static final int MAX_LIMIT = 1000;

  private final HuaweiState state;

  EcsProduct(HuaweiState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public Optional<String> operation(HuaweiCall call) {
    String m = call.method();
    if (m.equals("GET") && call.matches("v1", "cloudservers", "detail")) {
      return Optional.of("ListServersDetails");
    }
    if (m.equals("GET") && call.matches("v1", "cloudservers", "*")) {
      return Optional.of("ShowServer");
    }
    if (m.equals("GET") && call.matches("v1", "cloudservers", "*", "os-interface")) {
      return Optional.of("ListServerInterfaces");
    }
    if (m.equals("POST") && call.matches("v2.1", "servers", "*", "action")) {
      JsonObject body;
      try {
        body = call.body();
      } catch (HuaweiApiError e) {
        return Optional.of("NovaServerAction");
      }
      if (body.has("addSecurityGroup")) {
        return Optional.of("NovaAssociateSecurityGroup");
      }
      if (body.has("removeSecurityGroup")) {
        return Optional.of("NovaDisassociateSecurityGroup");
      }
      return Optional.of("NovaServerAction");
    }
    if (m.equals("GET") && call.matches("v2.1", "servers", "*", "os-security-groups")) {
      return Optional.of("NovaListServerSecurityGroups");
    }
    if (m.equals("GET") && (call.matches("v2.1", "servers", "detail") || call.matches("v2", "servers", "detail"))) {
      return Optional.of("NovaListServersDetails");
    }
    return Optional.empty();
  }

  @Override
  public EmulatorResponse handle(HuaweiCall call) {
    String op = operation(call).orElseThrow();
    return switch (op) {
      case "ListServersDetails" -> listServers(call);
      case "ShowServer" -> showServer(call.segments().get(3));
      case "ListServerInterfaces" -> interfaces(call.segments().get(3));
      case "NovaListServerSecurityGroups" -> serverSecurityGroups(call.segments().get(3));
      case "NovaListServersDetails" -> novaServers();
      default -> action(call.segments().get(3), call.body());
    };
  }

  private EmulatorResponse showServer(String id) {
    synchronized (state.lock()) {
      Server s = ecsServer(id);
      JsonObject o = new JsonObject();
      o.add("server", s.json(state));
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse listServers(HuaweiCall call) {
    int limit = intParam(call, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    int page = intParam(call, "offset", 1);
    if (page < 0) {
      throw invalid("offset must not be negative, got " + page);
    }
    Predicate<Server> filter = s -> true;
    Optional<String> ipEq = call.query("ip_eq").filter(v -> !v.isEmpty());
    if (ipEq.isPresent()) {
      filter = filter.and(s -> s.hasIp(ipEq.get()));
    }
    Optional<String> ip = call.query("ip").filter(v -> !v.isEmpty());
    if (ip.isPresent()) {
      Pattern p = fuzzy(ip.get());
      filter = filter.and(s -> s.ports().stream().anyMatch(port -> p.matcher(port.ipAddress()).find()));
    }
    Optional<String> name = call.query("name").filter(v -> !v.isEmpty());
    if (name.isPresent()) {
      Pattern p = fuzzy(name.get());
      filter = filter.and(s -> p.matcher(s.name()).find());
    }
    Optional<String> status = call.query("status").filter(v -> !v.isEmpty());
    if (status.isPresent()) {
      String wanted = status.get().toUpperCase(Locale.ROOT);
      filter = filter.and(s -> s.status().equals(wanted));
    }
    Optional<String> flavor = call.query("flavor").filter(v -> !v.isEmpty());
    if (flavor.isPresent()) {
      filter = filter.and(s -> s.flavor().equals(flavor.get()));
    }
    synchronized (state.lock()) {
      List<Server> matching = state.servers().stream().filter(filter).toList();
      int from;
      Optional<String> marker = call.query("marker").filter(v -> !v.isEmpty());
      if (marker.isPresent()) {
        int at = -1;
        for (int i = 0; i < matching.size(); i++) {
          if (matching.get(i).id().equals(marker.get())) {
            at = i;
          }
        }
        if (at < 0) {
          throw invalid("marker " + marker.get() + " is not a server of this list");
        }
        from = at + 1;
      } else {
        from = (int) Math.min(matching.size(), (long) (Math.max(page, 1) - 1) * limit);
      }
      JsonArray servers = new JsonArray();
      for (int i = from; i < Math.min(matching.size(), from + limit); i++) {
        JsonObject s = matching.get(i).json(state);
        s.add("fault", null);
        servers.add(s);
      }
      JsonObject o = new JsonObject();
      o.addProperty("count", matching.size());
      o.add("servers", servers);
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse interfaces(String id) {
    synchronized (state.lock()) {
      Server s = ecsServer(id);
      JsonArray list = new JsonArray();
      s.interfaces().forEach(list::add);
      JsonObject o = new JsonObject();
      o.add("interfaceAttachments", list);
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse serverSecurityGroups(String id) {
    synchronized (state.lock()) {
      Server s = novaServer(id);
      JsonArray list = new JsonArray();
      for (String sgId : s.securityGroupIds()) {
        state.securityGroup(sgId).ifPresent(g -> list.add(g.novaJson(state.projectId())));
      }
      JsonObject o = new JsonObject();
      o.add("security_groups", list);
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse novaServers() {
    synchronized (state.lock()) {
      JsonArray list = new JsonArray();
      state.servers().forEach(s -> list.add(s.json(state)));
      JsonObject o = new JsonObject();
      o.add("servers", list);
      return EmulatorResponse.json(200, o);
    }
  }

  private EmulatorResponse action(String id, JsonObject body) {
    boolean add = body.has("addSecurityGroup");
    boolean remove = body.has("removeSecurityGroup");
    if (add == remove) {
      throw HuaweiApiError.nova(400, "The action must be exactly one of addSecurityGroup and removeSecurityGroup.");
    }
    JsonElement arg = body.get(add ? "addSecurityGroup" : "removeSecurityGroup");
    JsonElement nameElement = arg != null && arg.isJsonObject() ? arg.getAsJsonObject().get("name") : null;
    if (nameElement == null || !nameElement.isJsonPrimitive() || nameElement.getAsString().isBlank()) {
      throw HuaweiApiError.nova(400, "Security group name cannot be empty");
    }
    String name = nameElement.getAsString();
    synchronized (state.lock()) {
      Server s = novaServer(id);
      SecurityGroup g = state.securityGroup(name).orElseThrow(() -> HuaweiApiError.nova(404,
          "Security group " + name + " is not found for project " + state.projectId() + "."));
      if (add) {
        if (!s.securityGroupIds().add(g.id())) {
          throw HuaweiApiError.nova(400, "Security group " + name + " is already associated with the instance "
              + id);
        }
      } else {
        if (!s.securityGroupIds().remove(g.id())) {
          throw HuaweiApiError.nova(400, "Security group " + name + " not associated with the instance " + id);
        }
      }
      return EmulatorResponse.empty(202);
    }
  }

  private Server ecsServer(String id) {
    return state.server(id).orElseThrow(() -> HuaweiApiError.ecs(404, "Ecs.0114",
        "Instance[" + id + "] could not be found."));
  }

  private Server novaServer(String id) {
    return state.server(id).orElseThrow(() -> HuaweiApiError.nova(404, "Instance " + id + " could not be found."));
  }

  private static int intParam(HuaweiCall call, String name, int fallback) {
    Optional<String> v = call.query(name).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw invalid(name + " must be an integer, got " + v.get());
    }
  }

  /** ECS matches {@code name} and {@code ip} fuzzily as regular expressions; an invalid one matches literally. */
  private static Pattern fuzzy(String expression) {
    try {
      return Pattern.compile(expression);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(expression));
    }
  }

  private static HuaweiApiError invalid(String message) {
    // guessed: Ecs.0005 is ECS's invalid-parameter code
    return HuaweiApiError.ecs(400, "Ecs.0005", "Invalid parameter: " + message);
  }
}
