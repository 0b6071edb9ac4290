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
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the vendor-neutral control API ({@code /_ccm4j/}) of any emulator, over {@code java.net.http}; used
 * by conformance fixtures and tests. Methods throw {@link NoSuchElementException} for a 404, {@link
 * IllegalArgumentException} for a 400 and {@link IllegalStateException} for any other failure status, each with the
 * server's message. Thread-safe.
 */
public final class ControlClient {
  private static final Logger LOG = LoggerFactory.getLogger(ControlClient.class);
  private static final Duration POLL = Duration.ofMillis(100);
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

  /**
   * The emulator address a conformance fixture was given outside the provider's config: the system property, else
   * the environment variable, reduced to its scheme, host and port.
   *
   * @param property the system property, e.g. {@code ccm4j.alibaba.emulator}
   * @param env the environment variable, e.g. {@code CCM4J_ALIBABA_EMULATOR}
   * @return the base URI, or empty when neither is set
   * @throws IllegalArgumentException when the value set is not a URL with a scheme and a host
   */
  public static Optional<URI> configuredEndpoint(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(baseOf(URI.create(value.strip())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the emulator address in " + property + "/" + env + " is not a URL: "
          + e.getMessage(), e);
    }
  }

  /**
   * The scheme, host and port of an endpoint: every emulator serves its control API at the root of the port its
   * products are on, so any product endpoint of a provider's config leads to it.
   *
   * @param endpoint a product endpoint, e.g. {@code http://127.0.0.1:40123/slb/v1/slbs}
   * @return e.g. {@code http://127.0.0.1:40123}
   * @throws IllegalArgumentException when the endpoint has no scheme or host
   */
  public static URI baseOf(URI endpoint) {
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("the emulator address " + endpoint + " needs a scheme and a host");
    }
    return URI.create(endpoint.getScheme() + "://" + endpoint.getHost()
        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()));
  }

  /**
   * Terminates instances, as a fixture does on close: one already gone is skipped, one that cannot be terminated is
   * logged and the rest are still tried.
   *
   * @param ids instance ids
   */
  public void terminateAll(Collection<String> ids) {
    for (String id : List.copyOf(ids)) {
      try {
        terminateInstance(id);
      } catch (NoSuchElementException e) {
        LOG.debug("instance {} was already gone", id);
      } catch (RuntimeException e) {
        LOG.warn("could not terminate instance {}: {}", id, e.toString());
      }
    }
  }

  /**
   * Waits until the emulator reports an instance in a state and, when given, a vendor status: an emulator may take a
   * while to settle a transition, and a conformance check looks at once. A terminated instance may also vanish.
   *
   * @param instance the instance as last seen
   * @param state the vendor-neutral state to wait for, e.g. {@link ControlInstance#RUNNING}
   * @param vendorState the vendor's status to wait for too (case-insensitive), or empty for any
   * @param timeout how long to wait
   * @return the instance as it is now (as last seen when it vanished on the way to {@code terminated})
   * @throws IllegalStateException when it is not there in time, vanished otherwise, or the thread was interrupted
   */
  public ControlInstance awaitInstance(ControlInstance instance, String state, String vendorState,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ControlInstance current = instance;
    String id = instance.id();
    while (current != null && !settled(current, state, vendorState)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("emulator instance " + id + " is still " + current.state() + "/"
            + current.vendorState() + " after " + timeout + ", expected " + state);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for instance " + id, e);
      }
      current = instances().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }
    if (current == null && !ControlInstance.TERMINATED.equals(state)) {
      throw new IllegalStateException("emulator instance " + id + " disappeared while waiting for " + state);
    }
    return current == null ? instance : current;
  }

  private static boolean settled(ControlInstance instance, String state, String vendorState) {
    return state.equals(instance.state())
        && (vendorState.isEmpty() || instance.vendorState().isEmpty()
            || vendorState.equalsIgnoreCase(instance.vendorState()));
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
