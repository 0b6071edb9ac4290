package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A client for the vendor-neutral control API ({@code /_ccm4j/}) of any emulator, over {@code java.net.http}; used
 * by conformance fixtures and tests. Methods throw {@link NoSuchElementException} for a 404, {@link
 * IllegalArgumentException} for a 400 and {@link IllegalStateException} for any other failure status, each with the
 * server's message. Thread-safe.
 */
public final class ControlClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;
  private final HttpClient http;

  /**
   * Creates a client.
   *
   * @param endpoint the emulator's base URI, e.g. {@code http://127.0.0.1:40123}
   */
  public ControlClient(URI endpoint) {
    this(endpoint, null);
  }

  /**
   * Creates a client for an emulator served over HTTPS with a certificate the default trust store does not know.
   *
   * @param endpoint the emulator's base URI
   * @param sslContext the client TLS context trusting the emulator's certificate, or null for the default
   */
  public ControlClient(URI endpoint, SSLContext sslContext) {
    String s = Objects.requireNonNull(endpoint, "endpoint").toString();
    this.endpoint = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    // HTTP/1.1: the JDK server speaks nothing else, and an h2c upgrade attempt only adds headers to every call
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10));
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    this.http = b.build();
  }

  /** The emulator's base URI. */
  public URI endpoint() {
    return endpoint;
  }

  /** Every instance ({@code GET /_ccm4j/instances}). */
  public List<ControlInstance> instances() {
    return list(get("instances"), ControlInstance::fromJson);
  }

  /**
   * Creates an instance ({@code POST /_ccm4j/instances}).
   *
   * @param spec what to create
   * @return the created instance
   */
  public ControlInstance createInstance(InstanceSpec spec) {
    return ControlInstance.fromJson(Jsons.object(post("instances", spec.toJson()), "instance"));
  }

  /**
   * Stops an instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when the emulator has no such instance
   */
  public ControlInstance stopInstance(String id) {
    return instanceAction(id, "stop");
  }

  /**
   * Starts an instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when the emulator has no such instance
   */
  public ControlInstance startInstance(String id) {
    return instanceAction(id, "start");
  }

  /**
   * Terminates an instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when the emulator has no such instance
   */
  public ControlInstance terminateInstance(String id) {
    return instanceAction(id, "terminate");
  }

  /** Every load balancer ({@code GET /_ccm4j/load-balancers}). */
  public List<ControlLoadBalancer> loadBalancers() {
    return list(get("load-balancers"), ControlLoadBalancer::fromJson);
  }

  /** Every route ({@code GET /_ccm4j/routes}). */
  public List<ControlRoute> routes() {
    return list(get("routes"), ControlRoute::fromJson);
  }

  /** Every journaled vendor request, oldest first. */
  public List<JournalEntry> journal() {
    return list(get("journal"), JournalEntry::fromJson);
  }

  /**
   * The journaled requests of one operation, oldest first.
   *
   * @param operation the exact operation label
   * @return the entries
   */
  public List<JournalEntry> journal(String operation) {
    return list(get("journal?operation=" + URLEncoder.encode(operation, StandardCharsets.UTF_8)),
        JournalEntry::fromJson);
  }

  /** Empties the journal. */
  public void clearJournal() {
    send("DELETE", "journal", null);
  }

  /**
   * Adds a fault rule.
   *
   * @param rule the rule
   */
  public void addFault(FaultRule rule) {
    post("faults", rule.toJson());
  }

  /** Removes every fault rule. */
  public void clearFaults() {
    send("DELETE", "faults", null);
  }

  /**
   * A raw GET of a control path.
   *
   * @param path relative to {@code /_ccm4j/} (e.g. {@code healthz}) or absolute
   * @return the JSON answer ({@link JsonNull} when empty)
   */
  public JsonElement get(String path) {
    return send("GET", path, null);
  }

  /**
   * A raw POST of a control path.
   *
   * @param path relative to {@code /_ccm4j/} or absolute
   * @param body the JSON body, or null for none
   * @return the JSON answer ({@link JsonNull} when empty)
   */
  public JsonElement post(String path, JsonElement body) {
    return send("POST", path, body);
  }

  private ControlInstance instanceAction(String id, String action) {
    String encoded = URLEncoder.encode(Objects.requireNonNull(id, "id"), StandardCharsets.UTF_8).replace("+", "%20");
    return ControlInstance.fromJson(Jsons.object(post("instances/" + encoded + "/" + action, null), "instance"));
  }

  private JsonElement send(String method, String path, JsonElement body) {
    String p = path.startsWith("/") ? path : EmulatorServer.CONTROL_PREFIX + path;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + p)).timeout(TIMEOUT)
        .header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Jsons.GSON.toJson(body), StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("control API " + method + " " + p + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during control API " + method + " " + p, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return parse(response.body(), method, p);
    }
    String message = "control API " + method + " " + p + ": HTTP " + status + ": " + errorMessage(response.body());
    if (status == 404) {
      throw new NoSuchElementException(message);
    }
    if (status == 400) {
      throw new IllegalArgumentException(message);
    }
    throw new IllegalStateException(message);
  }

  private static JsonElement parse(String body, String method, String path) {
    if (body == null || body.isBlank()) {
      return JsonNull.INSTANCE;
    }
    try {
      return JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw new IllegalStateException("control API " + method + " " + path + " answered something that is not JSON",
          e);
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonElement e = JsonParser.parseString(body);
      if (e.isJsonObject() && e.getAsJsonObject().has("error")) {
        return e.getAsJsonObject().get("error").getAsString();
      }
    } catch (RuntimeException ignored) {
      // not the control API's error shape; fall through to a bounded excerpt
    }
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  private static <T> List<T> list(JsonElement json, Function<com.google.gson.JsonObject, T> f) {
    List<T> out = new ArrayList<>();
    for (JsonElement e : Jsons.array(json, "control API answer")) {
      out.add(f.apply(Jsons.object(e, "control API item")));
    }
    return List.copyOf(out);
  }
}
