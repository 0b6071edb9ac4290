package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the vendor-neutral {@code /_ccm4j/} control API of an {@link EmulatorServer}. */
final class ControlApi {
  private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

  private final ControlPlane control;
  private final Journal journal;
  private final Faults faults;
  private final Map<String, EmulatorHandler> extraRoutes;

  ControlApi(ControlPlane control, Journal journal, Faults faults, Map<String, EmulatorHandler> extraRoutes) {
    this.control = control;
    this.journal = journal;
    this.faults = faults;
    this.extraRoutes = extraRoutes;
  }

  static String routeKey(String method, String path) {
    return method.toUpperCase(Locale.ROOT) + " " + path;
  }

  static EmulatorResponse error(int status, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message == null ? "error" : message);
    return EmulatorResponse.json(status, o);
  }

  EmulatorResponse handle(EmulatorRequest request) {
    try {
      EmulatorHandler extra = extraRoute(request);
      if (extra != null) {
        EmulatorResponse r = extra.handle(request);
        return r == null ? error(500, "control route returned no response") : r;
      }
      return builtIn(request);
    } catch (NoSuchElementException e) {
      return error(404, e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (Exception e) {
      LOG.warn("control API request {} {} failed", request.method(), request.path(), e);
      return error(500, "control request failed: " + e.getClass().getSimpleName());
    }
  }

  private EmulatorHandler extraRoute(EmulatorRequest request) {
    EmulatorHandler exact = extraRoutes.get(routeKey(request.method(), request.path()));
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, EmulatorHandler> e : extraRoutes.entrySet()) {
      String key = e.getKey();
      if (key.endsWith("/*")) {
        String prefix = key.substring(0, key.length() - 1);
        if (routeKey(request.method(), request.path()).startsWith(prefix)) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private EmulatorResponse builtIn(EmulatorRequest request) {
    String rest = request.path().length() <= EmulatorServer.CONTROL_PREFIX.length() ? ""
        : request.path().substring(EmulatorServer.CONTROL_PREFIX.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String[] parts = rest.isEmpty() ? new String[0] : rest.split("/", -1);
    String method = request.method();
    if (parts.length == 1) {
      switch (parts[0]) {
        case "healthz":
          return only(method, "GET", () -> {
            JsonObject o = new JsonObject();
            o.addProperty("status", "ok");
            return EmulatorResponse.json(200, o);
          });
        case "instances":
          if (method.equals("GET")) {
            return EmulatorResponse.json(200, Jsons.toArray(plane().instances(), ControlInstance::toJson));
          }
          return only(method, "GET, POST",
              () -> EmulatorResponse.json(201, plane().createInstance(InstanceSpec.fromJson(request.json())).toJson()));
        case "journal":
          if (method.equals("DELETE")) {
            journal.clear();
            return EmulatorResponse.empty(204);
          }
          return only(method, "GET, DELETE", () -> {
            List<JournalEntry> entries = request.queryParam("operation").map(journal::entries)
                .orElseGet(journal::entries);
            return EmulatorResponse.json(200, Jsons.toArray(entries, JournalEntry::toJson));
          });
        case "faults":
          return faults(request);
        case "load-balancers":
          return only(method, "GET",
              () -> EmulatorResponse.json(200, Jsons.toArray(plane().loadBalancers(), ControlLoadBalancer::toJson)));
        case "routes":
          return only(method, "GET",
              () -> EmulatorResponse.json(200, Jsons.toArray(plane().routes(), ControlRoute::toJson)));
        default:
          break;
      }
    }
    if (parts.length == 3 && parts[0].equals("instances") && !parts[1].isEmpty()) {
      String id = parts[1];
      switch (parts[2]) {
        case "stop":
          return only(method, "POST", () -> EmulatorResponse.json(200, plane().stopInstance(id).toJson()));
        case "start":
          return only(method, "POST", () -> EmulatorResponse.json(200, plane().startInstance(id).toJson()));
        case "terminate":
          return only(method, "POST", () -> EmulatorResponse.json(200, plane().terminateInstance(id).toJson()));
        default:
          break;
      }
    }
    return error(404, "no control endpoint " + request.path());
  }

  private EmulatorResponse faults(EmulatorRequest request) {
    switch (request.method()) {
      case "GET": {
        JsonArray a = new JsonArray();
        faults.describe().forEach(a::add);
        return EmulatorResponse.json(200, a);
      }
      case "POST": {
        FaultRule rule = FaultRule.fromJson(request.json());
        faults.add(rule);
        return EmulatorResponse.json(201, rule.toJson());
      }
      case "DELETE":
        faults.clear();
        return EmulatorResponse.empty(204);
      default:
        return notAllowed("GET, POST, DELETE");
    }
  }

  private ControlPlane plane() {
    if (control == null) {
      throw new NoSuchElementException("this emulator has no control plane");
    }
    return control;
  }

  private static EmulatorResponse only(String method, String allowed, Supplier<EmulatorResponse> action) {
    for (String m : allowed.split(", ")) {
      if (m.equals(method)) {
        return action.get();
      }
    }
    return notAllowed(allowed);
  }

  private static EmulatorResponse notAllowed(String allowed) {
    return error(405, "method not allowed; use " + allowed).header("Allow", allowed);
  }
}
