package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ccm4j.kubeapi.patch.PatchType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Routes and serves every HTTP request of the emulator: health, discovery, resources, lists and watches. */
final class ApiHandler implements HttpHandler {
  private static final Set<String> HEALTH = Set.of("/healthz", "/readyz", "/livez");
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);
  private static final long DEFAULT_WATCH_SECONDS = 1800;
  private static final String JSON = "application/json";

  private final ResourceRegistry registry;
  private final Store store;
  private final ResourceOperations operations;
  private final Discovery discovery;
  private final FaultInjector faults;
  private final RequestJournal journal;
  private final Settings settings;
  private final AccessReviews reviews;
  private final Clock clock;
  private volatile String serverAddress = "";

  /** The handler's tunables, fixed at server build time. */
  record Settings(Duration bookmarkInterval, int watchQueueCapacity) {}

  ApiHandler(ResourceRegistry registry, Store store, ResourceOperations operations, FaultInjector faults,
      RequestJournal journal, Settings settings, AccessReviews reviews, Clock clock) {
    this.registry = registry;
    this.store = store;
    this.operations = operations;
    this.discovery = new Discovery(registry);
    this.faults = faults;
    this.journal = journal;
    this.settings = settings;
    this.reviews = reviews;
    this.clock = clock;
  }

  void serverAddress(String hostPort) {
    this.serverAddress = hostPort;
  }

  /** Mutable per-request state, confined to the exchange's thread. */
  private static final class Call {
    final HttpExchange exchange;
    final Instant time;
    final String method;
    final String path;
    final String rawQuery;
    final Map<String, String> query;
    String verb;
    String resource = "";
    String name = "";
    String body = "";
    boolean responded;

    Call(HttpExchange exchange, Instant time) {
      this.exchange = exchange;
      this.time = time;
      this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      this.path = exchange.getRequestURI().getPath();
      this.rawQuery = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
      this.query = parseQuery(rawQuery);
      this.verb = method.toLowerCase(Locale.ROOT);
    }

    String header(String name) {
      String v = exchange.getRequestHeaders().getFirst(name);
      return v == null ? "" : v;
    }

    String param(String name) {
      return query.get(name);
    }

    boolean flag(String name) {
      String v = query.get(name);
      return "true".equals(v) || "1".equals(v);
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    Call call = new Call(exchange, clock.instant());
    try {
      call.body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (HEALTH.contains(call.path) || call.path.startsWith("/healthz/") || call.path.startsWith("/readyz/")
          || call.path.startsWith("/livez/")) {
        send(call, 200, "text/plain; charset=utf-8", OK, null);
        return;
      }
      authenticate(call);
      route(call);
    } catch (FaultInjector.InjectedFailure f) {
      sendError(call, f.error(), f.retryAfter());
    } catch (ApiError e) {
      sendError(call, e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sendError(call, ApiError.internal("the server is shutting down"), null);
    } catch (IOException e) {
      // the client went away mid-response; there is no one left to tell
      call.responded = true;
    } catch (RuntimeException e) {
      sendError(call, ApiError.internal(e.toString()), null);
    } finally {
      exchange.close();
    }
  }

  private void authenticate(Call call) {
    if (reviews.authenticate(call.header("Authorization")) == AccessReviews.Outcome.REJECTED) {
      throw ApiError.unauthorized();
    }
  }

  private void route(Call call) throws IOException, InterruptedException {
    List<String> seg = new ArrayList<>();
    for (String s : call.path.split("/")) {
      if (!s.isEmpty()) {
        seg.add(s);
      }
    }
    if (seg.size() == 1 && seg.get(0).equals("version")) {
      sendJson(call, 200, discovery.version());
      return;
    }
    if (seg.isEmpty() || !(seg.get(0).equals("api") || seg.get(0).equals("apis"))) {
      throw ApiError.notFoundPath();
    }
    boolean core = seg.get(0).equals("api");
    if (seg.size() == 1) {
      sendJson(call, 200, core ? discovery.apiVersions(serverAddress) : discovery.groupList());
      return;
    }
    if (!core && seg.size() == 2) {
      sendJson(call, 200, require(discovery.group(seg.get(1))));
      return;
    }
    String apiVersion = core ? seg.get(1) : seg.get(1) + "/" + seg.get(2);
    List<String> rest = seg.subList(core ? 2 : 3, seg.size());
    if (rest.isEmpty()) {
      sendJson(call, 200, require(discovery.resourceList(apiVersion)));
      return;
    }
    serveResource(call, apiVersion, rest);
  }

  private static JsonObject require(JsonObject document) {
    if (document == null) {
      throw ApiError.notFoundPath();
    }
    return document;
  }

  private void serveResource(Call call, String apiVersion, List<String> rest)
      throws IOException, InterruptedException {
    String namespace = null;
    List<String> r = rest;
    if (r.size() >= 3 && r.get(0).equals("namespaces")) {
      Optional<ResourceType> inner = registry.find(apiVersion, r.get(2));
      if (inner.isPresent() && inner.get().namespaced()) {
        namespace = r.get(1);
        r = r.subList(2, r.size());
      }
    }
    if (r.size() > 3) {
      throw ApiError.notFoundPath();
    }
    ResourceType type = registry.find(apiVersion, r.get(0)).orElseThrow(ApiError::notFoundPath);
    if (namespace != null && !type.namespaced()) {
      throw ApiError.notFoundPath();
    }
    String name = r.size() >= 2 ? r.get(1) : null;
    String sub = r.size() == 3 ? r.get(2) : null;
    if (sub != null && !type.subresources().contains(sub)) {
      throw ApiError.notFoundPath();
    }
    String ns = type.namespaced() ? namespace : "";
    call.verb = verb(call, name);
    call.resource = sub == null ? type.plural() : type.plural() + "/" + sub;
    call.name = name == null ? "" : name;
    faults.apply(call.verb, call.resource, name);
    if (type.createOnly()) {
      if (!call.verb.equals("create")) {
        throw ApiError.methodNotAllowed(call.method);
      }
      sendJson(call, 201, operations.review(type, Json.parseObject(call.body)));
      return;
    }
    if (ns == null && !(call.verb.equals("list") || call.verb.equals("watch"))) {
      throw ApiError.methodNotAllowed(call.method);
    }
    boolean dryRun = call.param("dryRun") != null;
    boolean status = sub != null;
    switch (call.verb) {
      case "list":
        list(call, type, ns);
        break;
      case "watch":
        watch(call, type, ns, name);
        break;
      case "get":
        StoredObject found = store.get(type, ns, name);
        if (found == null) {
          throw ApiError.notFound(type, name);
        }
        if (wantsTable(call)) {
          sendJson(call, 200, Tables.table(type, List.of(found.object()), call.param("includeObject"),
              found.resourceVersion(), null, clock.instant()));
        } else {
          send(call, 200, JSON, found.json(), null);
        }
        break;
      case "create":
        requireJsonBody(call);
        send(call, 201, JSON, operations.create(type, ns, Json.parseObject(call.body), dryRun).json(), null);
        break;
      case "update":
        requireJsonBody(call);
        JsonObject body = Json.parseObject(call.body);
        StoredObject updated = status ? operations.updateStatus(type, ns, name, body, dryRun)
            : operations.update(type, ns, name, body, dryRun);
        send(call, 200, JSON, updated.json(), null);
        break;
      case "patch":
        String contentType = call.header("Content-Type");
        PatchType patchType = PatchType.fromContentType(contentType)
            .orElseThrow(() -> ApiError.unsupportedMediaType(contentType));
        send(call, 200, JSON, operations.patch(type, ns, name, patchType, call.body, status, dryRun).json(), null);
        break;
      case "delete":
        JsonObject options = call.body.isBlank() ? null : Json.parseObject(call.body);
        send(call, 200, JSON, operations.delete(type, ns, name, options, dryRun).json(), null);
        break;
      default:
        throw ApiError.methodNotAllowed(call.method);
    }
  }

  private static String verb(Call call, String name) {
    switch (call.method) {
      case "GET":
        if (call.flag("watch")) {
          return "watch";
        }
        return name == null ? "list" : "get";
      case "POST":
        return name == null ? "create" : "post";
      case "PUT":
        return name == null ? "put" : "update";
      case "PATCH":
        return name == null ? "patchcollection" : "patch";
      case "DELETE":
        return name == null ? "deletecollection" : "delete";
      default:
        return call.method.toLowerCase(Locale.ROOT);
    }
  }

  private static void requireJsonBody(Call call) {
    String ct = call.header("Content-Type");
    String base = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!base.isEmpty() && !base.equals(JSON) && !base.equals("*/*")) {
      throw ApiError.unsupportedBodyType(ct);
    }
  }

  private static boolean wantsTable(Call call) {
    return call.header("Accept").contains("as=Table");
  }

  private Selector selector(Call call, ResourceType type) {
    return Selector.labels(call.param("labelSelector")).and(Selector.fields(call.param("fieldSelector"), type));
  }

  private void list(Call call, ResourceType type, String namespace) throws IOException {
    Selector selector = selector(call, type);
    int limit = parseInt(call.param("limit"), "limit");
    String continueParam = call.param("continue");
    Store.Snapshot snapshot;
    long listRv;
    if (continueParam != null && !continueParam.isEmpty()) {
      ContinueToken token = ContinueToken.decode(continueParam);
      if (!store.isAvailable(type, token.resourceVersion())) {
        throw ApiError.expired("The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter, or use the continue token in this response "
            + "to retrieve the remainder of the results. Continuing with the provided token results in an "
            + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk "
            + "was returned and now may show up in the list.");
      }
      snapshot = store.list(type, namespace, token.startAfter());
      listRv = token.resourceVersion();
    } else {
      snapshot = store.list(type, namespace, null);
      listRv = snapshot.resourceVersion();
    }
    List<StoredObject> items = new ArrayList<>();
    String nextToken = null;
    int remaining = 0;
    for (StoredObject o : snapshot.items()) {
      if (!selector.isEmpty() && !selector.matches(o.object())) {
        continue;
      }
      if (limit > 0 && items.size() == limit) {
        if (nextToken == null) {
          StoredObject last = items.get(items.size() - 1);
          nextToken = new ContinueToken(listRv,
              Store.key(Json.metaString(last.object(), "namespace"), last.name())).encode();
        }
        remaining++;
        continue;
      }
      items.add(o);
    }
    if (wantsTable(call)) {
      List<JsonObject> objects = new ArrayList<>(items.size());
      items.forEach(o -> objects.add(o.object()));
      sendJson(call, 200, Tables.table(type, objects, call.param("includeObject"), listRv, nextToken,
          clock.instant()));
      return;
    }
    StringBuilder head = new StringBuilder(160);
    head.append("{\"kind\":\"").append(type.listKind()).append("\",\"apiVersion\":\"").append(type.apiVersion())
        .append("\",\"metadata\":{\"resourceVersion\":\"").append(listRv).append('"');
    if (nextToken != null) {
      head.append(",\"continue\":\"").append(nextToken).append('"');
      if (selector.isEmpty()) {
        head.append(",\"remainingItemCount\":").append(remaining);
      }
    }
    head.append("},\"items\":[");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    int size = headBytes.length + 2 + items.size();
    for (StoredObject o : items) {
      size += o.json().length;
    }
    byte[] out = new byte[size];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    int pos = headBytes.length;
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      byte[] json = items.get(i).json();
      System.arraycopy(json, 0, out, pos, json.length);
      pos += json.length;
    }
    out[pos++] = ']';
    out[pos++] = '}';
    send(call, 200, JSON, Arrays.copyOf(out, pos), null);
  }

  private static int parseInt(String value, String name) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid " + name + ": " + value);
    }
  }

  private static long parseResourceVersion(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("invalid resource version: " + value);
    }
  }

  private void watch(Call call, ResourceType type, String namespace, String name)
      throws IOException, InterruptedException {
    Selector selector = selector(call, type);
    if (name != null) {
      // a watch on an item path follows just that object
      selector = selector.and(Selector.fields("metadata.name=" + name, type));
    }
    long fromRv = parseResourceVersion(call.param("resourceVersion"));
    long timeoutSeconds = parseInt(call.param("timeoutSeconds"), "timeoutSeconds");
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds > 0 ? timeoutSeconds
        : DEFAULT_WATCH_SECONDS).toNanos();
    boolean bookmarks = call.flag("allowWatchBookmarks");
    WatchWriter writer = new WatchWriter(type, namespace, selector, wantsTable(call), call.param("includeObject"),
        clock);
    WatchSession session = store.openWatch(type, fromRv, settings.watchQueueCapacity());
    send(call, 200, JSON, null, null);
    OutputStream out = call.exchange.getResponseBody();
    if (session == null) {
      writer.writeError(out, ApiError.expired("too old resource version: " + fromRv + " ("
          + store.currentResourceVersion() + ")"));
      return;
    }
    try {
      for (WatchEvent e : session.initial()) {
        writer.write(out, e);
      }
      out.flush();
      long bookmarkNanos = settings.bookmarkInterval().toNanos();
      long nextBookmark = System.nanoTime() + bookmarkNanos;
      while (!session.dropped()) {
        if (session.overflowed()) {
          writer.writeError(out, ApiError.expired("the watch fell too far behind and was closed; resume from a "
              + "newer resourceVersion or relist"));
          return;
        }
        long now = System.nanoTime();
        if (now >= deadline) {
          return;
        }
        long waitNanos = deadline - now;
        if (bookmarks) {
          waitNanos = Math.min(waitNanos, Math.max(0, nextBookmark - now));
        }
        WatchEvent event = session.poll(Math.max(1, waitNanos / 1_000_000));
        if (event != null) {
          if (!session.overflowed() && writer.write(out, event)) {
            out.flush();
          }
        } else if (bookmarks && System.nanoTime() >= nextBookmark) {
          // read the version before checking the queue: every event up to it was queued before it was published
          long rv = store.currentResourceVersion();
          if (session.idle()) {
            writer.writeBookmark(out, rv);
            out.flush();
          }
          nextBookmark = System.nanoTime() + bookmarkNanos;
        }
      }
    } finally {
      store.closeWatch(type, session);
    }
  }

  private void sendJson(Call call, int code, JsonObject body) throws IOException {
    send(call, code, JSON, Json.bytes(body), null);
  }

  /** Sends headers and, unless {@code body} is null (a stream follows), the whole body; records the request. */
  private void send(Call call, int code, String contentType, byte[] body, Duration retryAfter) throws IOException {
    HttpExchange ex = call.exchange;
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
    }
    call.responded = true;
    journal.record(new RecordedRequest(call.time, call.method, call.verb, call.resource, call.name, call.path,
        call.rawQuery, call.header("Content-Type"), call.body, code, call.header("User-Agent")));
    if (body == null) {
      ex.sendResponseHeaders(code, 0);
      return;
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void sendError(Call call, ApiError error, Duration retryAfter) {
    if (call.responded) {
      return;
    }
    try {
      send(call, error.code(), JSON, Json.bytes(error.toStatus()), retryAfter);
    } catch (IOException e) {
      // the client went away; nothing left to tell it
      call.responded = true;
    }
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The opaque {@code continue} token: the list's resourceVersion and the last key returned. */
  private record ContinueToken(long resourceVersion, String startAfter) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          (resourceVersion + "|" + startAfter).getBytes(StandardCharsets.UTF_8));
    }

    static ContinueToken decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new ContinueToken(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw ApiError.badRequest("continue key is not valid: " + e.getMessage());
      }
    }
  }
}
