package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.ccm4j.cloud.emulator.EmulatorHandler;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vendor API of the emulator: the Keycloak token endpoint and the SLB REST API behind a bearer-token check,
 * answering with the status codes the original client expects (200, 202 on SLB deletion, 204 on listener deletion).
 */
final class InspurHandler implements EmulatorHandler {
  private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

  private final InspurState state;
  private final KeycloakEndpoint keycloak;
  private final String realm;

  InspurHandler(InspurState state, KeycloakEndpoint keycloak, String realm) {
    this.state = state;
    this.keycloak = keycloak;
    this.realm = realm;
  }

  @Override
  public EmulatorResponse handle(EmulatorRequest request) {
    SlbRoute route = SlbRoute.parse(request.method(), request.path());
    if (route.kind() == SlbRoute.Kind.TOKEN) {
      if (!route.realm().equals(realm)) {
        JsonObject o = new JsonObject();
        o.addProperty("error", "Realm does not exist");
        return EmulatorResponse.json(404, o).errorCode("Realm does not exist");
      }
      return keycloak.handle(request);
    }
    if (route.kind() == SlbRoute.Kind.NOT_FOUND) {
      return InspurDialect.slbError(404, "NotFound", "no such resource: " + request.method() + " " + request.path());
    }
    EmulatorResponse denied = authorize(request);
    if (denied != null) {
      return denied;
    }
    String slb = route.slbId();
    String lis = route.listenerId();
    return switch (route.kind()) {
      case DESCRIBE_LOAD_BALANCERS -> ok(state.describeLoadBalancers(request.queryParam("slbId")));
      case DESCRIBE_LOAD_BALANCER -> ok(state.describeLoadBalancer(slb));
      case MODIFY_LOAD_BALANCER -> ok(state.modifyLoadBalancer(slb, object(request)));
      case DELETE_LOAD_BALANCER -> {
        state.deleteLoadBalancer(slb);
        yield EmulatorResponse.json(202, result("202", "the load balancer is being deleted", new JsonArray()));
      }
      case DESCRIBE_LISTENERS -> ok(state.listeners(slb));
      case CREATE_LISTENER -> ok(state.createListener(slb, object(request)));
      case CREATE_LISTENER_NO_SLASH -> InspurDialect.slbError(404, "NotFound", "no such resource: POST "
          + request.path() + " (listeners are created with POST .../listeners/, with the trailing slash)");
      case DESCRIBE_LISTENER -> ok(state.listener(slb, lis));
      case MODIFY_LISTENER -> ok(state.modifyListener(slb, lis, object(request)));
      case DELETE_LISTENER -> {
        state.deleteListener(slb, lis);
        yield EmulatorResponse.empty(204);
      }
      case CREATE_BACKENDS -> ok(result("200", "success", state.addMembers(slb, lis, body(request))));
      case DESCRIBE_BACKENDS -> ok(state.members(slb, lis));
      case REMOVE_BACKENDS -> ok(result("200", "success", state.removeMembers(slb, lis, backendIds(request))));
      case METHOD_NOT_ALLOWED -> InspurDialect.slbError(405, "MethodNotAllowed", "method " + request.method()
          + " is not allowed on " + request.path());
      case TOKEN, NOT_FOUND -> throw new IllegalStateException("routed above");
    };
  }

  /** Checks {@code Authorization: Bearer <token>}; null when the call may go on, else the 401 answer. */
  private EmulatorResponse authorize(EmulatorRequest request) {
    Optional<String> header = request.header("authorization");
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      return unauthorized("Unauthorized", "an Authorization: Bearer <token> header is required", "invalid_request");
    }
    String token = header.get().substring(7).trim();
    return switch (keycloak.check(token)) {
      case VALID -> null;
      case EXPIRED -> unauthorized("TokenExpired", "the access token has expired", "invalid_token");
      case UNKNOWN -> unauthorized("Unauthorized", "the access token is not valid", "invalid_token");
    };
  }

  private static EmulatorResponse unauthorized(String code, String message, String oauthError) {
    return InspurDialect.slbError(401, code, message)
        .header("WWW-Authenticate", "Bearer realm=\"slb\", error=\"" + oauthError + "\"");
  }

  private static EmulatorResponse ok(JsonElement body) {
    return EmulatorResponse.json(200, body);
  }

  private static JsonObject result(String code, String message, JsonArray data) {
    JsonObject o = new JsonObject();
    o.addProperty("code", code);
    o.addProperty("message", message);
    o.add("data", data);
    return o;
  }

  private static JsonElement body(EmulatorRequest request) {
    String text = request.bodyText();
    if (text.isBlank()) {
      throw InspurApiError.invalid("InvalidParameter", "a JSON request body is required");
    }
    try {
      return strictJson(text);
    } catch (JsonParseException e) {
      throw InspurApiError.invalid("InvalidParameter", "the request body is not valid JSON");
    }
  }

  private static JsonObject object(EmulatorRequest request) {
    JsonElement e = body(request);
    if (!e.isJsonObject()) {
      throw InspurApiError.invalid("InvalidParameter", "the request body must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  /** The {@code backendIdList} query parameter: a JSON array of backend ids, e.g. {@code ["id1","id2"]}. */
  private static List<String> backendIds(EmulatorRequest request) {
    String raw = request.queryParam("backendIdList").orElseThrow(() -> InspurApiError.invalid(
        "InvalidParameter.BackendIdList", "the backendIdList query parameter is required"));
    JsonElement parsed;
    try {
      parsed = strictJson(raw);
    } catch (JsonParseException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isJsonArray() || parsed.getAsJsonArray().isEmpty()) {
      throw InspurApiError.invalid("InvalidParameter.BackendIdList",
          "backendIdList must be a non-empty JSON array of backend ids, e.g. [\"id1\",\"id2\"]");
    }
    List<String> ids = new ArrayList<>();
    for (JsonElement e : parsed.getAsJsonArray()) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isEmpty()) {
        throw InspurApiError.invalid("InvalidParameter.BackendIdList", "backendIdList entries must be backend ids");
      }
      ids.add(e.getAsString());
    }
    return ids;
  }

  /**
   * Parses strict JSON: Gson's default parser is lenient and would take {@code [id1,id2]} (unquoted) or trailing
   * garbage, which a real JSON API rejects.
   */
  static JsonElement strictJson(String text) {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      JsonElement element = JSON.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("data after the JSON value");
      }
      return element;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw new JsonParseException("not valid JSON", e);
    }
  }
}
