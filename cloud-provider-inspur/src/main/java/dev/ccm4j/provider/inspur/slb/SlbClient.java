package dev.ccm4j.provider.inspur.slb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.inspur.auth.KeycloakTokenSource;
import dev.ccm4j.vendor.client.CloudApiException;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorHttpClient;
import dev.ccm4j.vendor.client.VendorResponse;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Inspur SLB REST API, on the wire exactly as the original CCM speaks it: paths relative to the configured SLB
 * collection URL ({@code slbUrl-pre}, e.g. {@code https://.../slb/v1/slbs}), {@code Authorization: Bearer <token>}
 * and a {@code Date} header in Go's {@code time.RFC1123} form with the zone written {@code UTC} on every call,
 * {@code Content-Type: text/plain} on GET and DELETE and {@code application/json} on POST and PUT, the trailing slash
 * on listener creation, and the {@code backendIdList} query parameter as a JSON array.
 *
 * <p>Errors are the vendor-client exception family: 404 {@link CloudResourceNotFoundException}, 429 and 503
 * {@link dev.ccm4j.vendor.client.CloudApiThrottledException} (a {@link dev.ccm4j.api.ThrottledException} with the
 * {@code Retry-After} delay), the rest {@link CloudApiException} with the API's {@code code} and {@code message}. A
 * 401 makes the token source fetch a new token and the call is retried once with it.
 *
 * <p>Thread-safe; one instance per provider.
 */
public final class SlbClient {
  /** Go's {@code time.RFC1123} layout as the original renders a UTC time. */
  static final DateTimeFormatter GO_RFC1123_UTC =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType TEXT = MediaType.get("text/plain");

  private final VendorHttpClient http;
  private final KeycloakTokenSource tokens;
  private final HttpUrl base;
  private final Clock clock;

  /**
   * Creates the client.
   *
   * @param http the provider's HTTP client (built with {@link InspurErrorDecoder})
   * @param tokens the bearer token source
   * @param slbUrl the SLB collection URL, {@code slbUrl-pre}
   * @param clock the clock of the {@code Date} header
   * @throws IllegalArgumentException if the URL is not http(s)
   */
  public SlbClient(VendorHttpClient http, KeycloakTokenSource tokens, URI slbUrl, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.base = HttpUrl.get(slbUrl.toString());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code GET ?slbId=<id>}: the SLB, the first element of the answered array.
   *
   * @param slbId the SLB id
   * @return the SLB
   * @throws CloudResourceNotFoundException if the API knows no such SLB (404 or an empty array)
   */
  public Slb describeLoadBalancer(String slbId) {
    HttpUrl url = base.newBuilder().addQueryParameter("slbId", slbId).build();
    JsonElement answer = call("DescribeLoadBalancer", url, "GET", null);
    JsonObject lb = answer.isJsonArray() ? first(answer.getAsJsonArray())
        : answer.isJsonObject() ? answer.getAsJsonObject() : null;
    if (lb == null) {
      throw new CloudResourceNotFoundException("DescribeLoadBalancer",
          VendorError.builder(404).code("lb is empty")
              .message("no SLB with id " + slbId).build(),
          "inspur DescribeLoadBalancer: no SLB with id " + slbId, null);
    }
    return new Slb(text(lb, "slbId", slbId), text(lb, "slbName", ""), text(lb, "businessIp", ""),
        text(lb, "eipAddress", ""), text(lb, "state", ""));
  }

  /**
   * {@code GET /<slbId>/listeners}.
   *
   * @param slbId the SLB id
   * @return its listeners
   */
  public List<SlbListener> listeners(String slbId) {
    JsonElement answer = call("DescribeListeners", path(slbId, "listeners"), "GET", null);
    return objects(answer).stream().map(SlbClient::listener).toList();
  }

  /**
   * {@code POST /<slbId>/listeners/} (with the trailing slash the original sends).
   *
   * @param slbId the SLB id
   * @param spec the {@code CreateListenerOpts} body
   * @return the created listener
   */
  public SlbListener createListener(String slbId, JsonObject spec) {
    HttpUrl url = path(slbId, "listeners").newBuilder().addPathSegment("").build();
    return listener(object(call("CreateListener", url, "POST", spec)));
  }

  /**
   * {@code PUT /<slbId>/listeners/<listenerId>}.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param spec the {@code CreateListenerOpts} body
   * @return the listener after the change
   */
  public SlbListener modifyListener(String slbId, String listenerId, JsonObject spec) {
    return listener(object(call("ModifyListener", path(slbId, "listeners", listenerId), "PUT", spec)));
  }

  /**
   * {@code DELETE /<slbId>/listeners/<listenerId>} (answered 204). A listener that is already gone is not an error.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   */
  public void deleteListener(String slbId, String listenerId) {
    try {
      call("DeleteListener", path(slbId, "listeners", listenerId), "DELETE", null);
    } catch (CloudResourceNotFoundException e) {
      // already gone: deletion is idempotent
    }
  }

  /**
   * {@code GET /<slbId>/listeners/<listenerId>/members}.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @return its members
   */
  public List<SlbMember> members(String slbId, String listenerId) {
    JsonElement answer = call("DescribeBackends", path(slbId, "listeners", listenerId, "members"), "GET", null);
    return objects(answer).stream().map(SlbClient::member).toList();
  }

  /**
   * {@code POST /<slbId>/listeners/<listenerId>/members} with a JSON array of {@code BackendServer}s.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param members the members to add
   * @return the created members, as the answer's {@code data} lists them
   */
  public List<SlbMember> addMembers(String slbId, String listenerId, List<SlbMember> members) {
    JsonArray body = new JsonArray();
    for (SlbMember m : members) {
      JsonObject o = new JsonObject();
      o.addProperty("serverId", m.serverId());
      o.addProperty("port", m.port());
      o.addProperty("serverName", m.serverName());
      o.addProperty("serverIp", m.serverIp());
      o.addProperty("type", m.type());
      o.addProperty("weight", m.weight());
      body.add(o);
    }
    JsonElement answer = call("CreateBackends", path(slbId, "listeners", listenerId, "members"), "POST", body);
    JsonElement data = answer.isJsonObject() ? answer.getAsJsonObject().get("data") : answer;
    return data == null ? List.of() : objects(data).stream().map(SlbClient::member).toList();
  }

  /**
   * {@code DELETE /<slbId>/listeners/<listenerId>/members?backendIdList=["id1","id2"]}.
   *
   * @param slbId the SLB id
   * @param listenerId the listener id
   * @param backendIds the members' {@code backendId}s; nothing is sent when empty
   */
  public void removeMembers(String slbId, String listenerId, List<String> backendIds) {
    if (backendIds.isEmpty()) {
      return;
    }
    JsonArray ids = new JsonArray();
    backendIds.forEach(ids::add);
    HttpUrl url = path(slbId, "listeners", listenerId, "members").newBuilder()
        .addQueryParameter("backendIdList", ids.toString()).build();
    call("RemoveBackends", url, "DELETE", null);
  }

  private HttpUrl path(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** One call with the cached token, and once more with a fresh token if the API answers 401. */
  private JsonElement call(String operation, HttpUrl url, String method, JsonElement body) {
    String token = tokens.token();
    try {
      return send(operation, url, method, body, token);
    } catch (CloudApiException e) {
      if (e.httpStatus() != 401) {
        throw e;
      }
      return send(operation, url, method, body, tokens.refresh(token));
    }
  }

  private JsonElement send(String operation, HttpUrl url, String method, JsonElement body, String token) {
    boolean withBody = method.equals("POST") || method.equals("PUT");
    Request.Builder b = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + token)
        .header("Date", GO_RFC1123_UTC.format(clock.instant()))
        .header("Accept", "application/json");
    if (withBody) {
      b.method(method, RequestBody.create(body == null ? "{}" : body.toString(), JSON));
    } else {
      b.method(method, null).header("Content-Type", TEXT.toString());
    }
    VendorResponse response = http.execute(operation, b.build());
    String text = response.body().strip();
    if (text.isEmpty()) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(text);
    } catch (RuntimeException e) {
      throw new CloudProviderException("inspur " + operation + ": HTTP " + response.status()
          + " answer is not JSON (" + text.length() + " chars)");
    }
  }

  private static JsonObject first(JsonArray array) {
    for (JsonElement e : array) {
      if (e.isJsonObject()) {
        return e.getAsJsonObject();
      }
    }
    return null;
  }

  private static JsonObject object(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      // tolerate an envelope {code, message, data: {...}}
      JsonElement data = o.get("data");
      return data != null && data.isJsonObject() && !o.has("listenerId") ? data.getAsJsonObject() : o;
    }
    throw new CloudProviderException("inspur: expected a JSON object in the answer, got " + kind(e));
  }

  private static List<JsonObject> objects(JsonElement e) {
    JsonElement list = e;
    if (e.isJsonObject() && e.getAsJsonObject().has("data")) {
      list = e.getAsJsonObject().get("data");
    }
    if (list.isJsonNull() || (list.isJsonObject() && list.getAsJsonObject().size() == 0)) {
      return List.of();
    }
    if (!list.isJsonArray()) {
      throw new CloudProviderException("inspur: expected a JSON array in the answer, got " + kind(list));
    }
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement item : list.getAsJsonArray()) {
      if (item.isJsonObject()) {
        out.add(item.getAsJsonObject());
      }
    }
    return out;
  }

  private static String kind(JsonElement e) {
    return e.isJsonArray() ? "an array" : e.isJsonObject() ? "an object" : e.isJsonNull() ? "null" : "a value";
  }

  static SlbListener listener(JsonObject o) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (e.getValue().isJsonPrimitive()) {
        fields.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return new SlbListener(text(o, "listenerId", ""), text(o, "listenerName", ""), text(o, "protocol", ""),
        integer(o, "port"), fields);
  }

  static SlbMember member(JsonObject o) {
    return new SlbMember(text(o, "backendId", ""), text(o, "serverId", ""), text(o, "serverName", ""),
        text(o, "serverIp", ""), integer(o, "port"), integer(o, "weight"), text(o, "type", ""));
  }

  private static String text(JsonObject o, String name, String fallback) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
  }

  private static int integer(JsonObject o, String name) {
    String s = text(o, name, "");
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(s.contains(".") ? s.substring(0, s.indexOf('.')) : s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "SlbClient{" + http.redactor().redactUrl(base) + "}";
  }
}
