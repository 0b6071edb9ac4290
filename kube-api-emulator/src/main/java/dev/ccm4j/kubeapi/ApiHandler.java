package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ccm4j.kubeapi.apply.ApplyConflictException;
import dev.ccm4j.kubeapi.apply.ServerSideApply;
import dev.ccm4j.kubeapi.openapi.OpenApiDocuments;
import dev.ccm4j.kubeapi.patch.PatchType;
import dev.ccm4j.kubeapi.proto.ProtobufCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Routes and serves every HTTP request of the emulator: health, discovery, OpenAPI, resources, lists and watches.
 * Bodies are bytes, decoded by their Content-Type (JSON, YAML, protobuf, the patch types, apply YAML); answers are
 * protobuf when the Accept header prefers it and JSON otherwise; query parameters are read as the real server's
 * parameter codec reads them.
 */
final class ApiHandler implements HttpHandler {
  private static final Set<String> HEALTH = Set.of("/healthz", "/readyz", "/livez");
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);
  private static final long DEFAULT_WATCH_SECONDS = 1800;
  private static final String JSON = "application/json";
  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final byte[] NO_BODY = new byte[0];

  private final ResourceRegistry registry;
  private final Store store;
  private final ResourceOperations operations;
  private final Discovery discovery;
  private final FaultInjector faults;
  private final RequestJournal journal;
  private final Settings settings;
  private final AccessReviews reviews;
  private final ResourceRegistry openApiRegistry;
  private volatile OpenApiDocuments openApi;
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
    this.openApiRegistry = registry;
    this.clock = clock;
  }

  /**
   * The OpenAPI documents, built on first use: most emulators (one per test) are never asked for them, and building
   * them walks every model.
   */
  private OpenApiDocuments openApi() {
    OpenApiDocuments docs = openApi;
    if (docs == null) {
      synchronized (this) {
        docs = openApi;
        if (docs == null) {
          docs = new OpenApiDocuments(openApiRegistry);
          openApi = docs;
        }
      }
    }
    return docs;
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
    final QueryParams query;
    final boolean protobuf;
    String verb;
    String resource = "";
    String name = "";
    byte[] body = NO_BODY;
    /** The body as the journal records it: its text, or the JSON a protobuf body decoded to. */
    String journalBody = "";
    WriteOptions options;
    boolean responded;

    Call(HttpExchange exchange, Instant time) {
      this.exchange = exchange;
      this.time = time;
      this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      this.path = exchange.getRequestURI().getPath();
      this.rawQuery = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
      this.query = QueryParams.parse(rawQuery);
      this.verb = method.toLowerCase(Locale.ROOT);
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      this.protobuf = accept != null && accept.contains("protobuf") && ProtobufCodec.prefersProtobuf(accept);
    }

    String header(String name) {
      String v = exchange.getRequestHeaders().getFirst(name);
      return v == null ? "" : v;
    }

    String param(String name) {
      return query.first(name);
    }

    boolean flag(String name) {
      return query.bool(name);
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    Call call = new Call(exchange, clock.instant());
    try {
      call.body = exchange.getRequestBody().readAllBytes();
      call.journalBody = call.body.length == 0 ? "" : new String(call.body, StandardCharsets.UTF_8);
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
    } catch (ApplyConflictException e) {
      sendError(call, e.toApiError(), null);
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
    if (!seg.isEmpty() && seg.get(0).equals("openapi")) {
      OpenApiDocuments.Response doc = openApi().serve(call.path, call.rawQuery, call.header("Accept"))
          .orElseThrow(ApiError::notFoundPath);
      doc.headers().forEach((k, v) -> call.exchange.getResponseHeaders().set(k, v));
      send(call, doc.status(), doc.contentType(), doc.body(), null);
      return;
    }
    if (seg.size() == 1 && seg.get(0).equals("version")) {
      sendJson(call, 200, discovery.version());
      return;
    }
    if (seg.isEmpty() || !(seg.get(0).equals("api") || seg.get(0).equals("apis"))) {
      throw ApiError.notFoundPath();
    }
    boolean core = seg.get(0).equals("api");
    if (seg.size() == 1 && Discovery.acceptsAggregated(call.header("Accept"))) {
      // kubectl and client-go take every group version in one aggregated document when offered
      call.exchange.getResponseHeaders().set("Vary", "Accept");
      send(call, 200, Discovery.AGGREGATED_V2, Json.bytes(discovery.aggregated(core)), null);
      return;
    }
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
    boolean finalize = "finalize".equals(sub) && type.group().isEmpty() && type.plural().equals("namespaces");
    if (sub != null && !type.subresources().contains(sub) && !finalize) {
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
      respondJson(call, 201, reviews.review(type, decodeBody(call, type), call.header("Authorization")));
      return;
    }
    if (ns == null && !(call.verb.equals("list") || call.verb.equals("watch"))) {
      throw ApiError.methodNotAllowed(call.method);
    }
    String subresource = sub == null ? "" : sub;
    if (finalize && !call.verb.equals("update")) {
      throw ApiError.methodNotAllowed(call.method);
    }
    if (subresource.equals("scale")) {
      serveScale(call, type, ns, name);
      return;
    }
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
          respondJson(call, 200, Tables.table(type, List.of(found.object()), call.param("includeObject"),
              found.resourceVersion(), null, clock.instant()));
        } else {
          respondObject(call, 200, found);
        }
        break;
      case "create":
        call.options = writeOptions(call, "CreateOptions", false);
        respondObject(call, 201, operations.create(type, ns, decodeBody(call, type), call.options));
        break;
      case "update":
        call.options = writeOptions(call, "UpdateOptions", false);
        JsonObject body = decodeBody(call, type);
        StoredObject updated = finalize ? operations.finalizeNamespace(name, body, call.options)
            : subresource.equals("status") ? operations.updateStatus(type, ns, name, body, call.options)
            : operations.update(type, ns, name, body, call.options);
        respondObject(call, 200, updated);
        break;
      case "patch":
        patch(call, type, ns, name, subresource);
        break;
      case "delete": {
        JsonObject deleteOptions = deleteOptions(call);
        respondObject(call, 200, operations.delete(type, ns, name, deleteOptions, call.options));
        break;
      }
      case "deletecollection": {
        if (!type.collectionDelete()) {
          throw ApiError.methodNotAllowed(call.method);
        }
        Selector selector = selector(call, type);
        JsonObject deleteOptions = deleteOptions(call);
        respondJson(call, 200, operations.deleteCollection(type, ns, selector, deleteOptions, call.options));
        break;
      }
      default:
        throw ApiError.methodNotAllowed(call.method);
    }
  }

  private void patch(Call call, ResourceType type, String ns, String name, String subresource) throws IOException {
    String contentType = call.header("Content-Type");
    boolean apply = mediaType(contentType).equals(APPLY_PATCH);
    call.options = patchOptions(call, apply);
    if (apply) {
      JsonObject applied = ServerSideApply.parse(call.body);
      // an apply that creates the object answers 201, as a create does
      boolean exists = store.get(type, ns, name) != null;
      respondObject(call, exists ? 200 : 201, operations.apply(type, ns, name, applied, subresource, call.options));
      return;
    }
    PatchType patchType = PatchType.fromContentType(contentType)
        .orElseThrow(() -> ApiError.unsupportedMediaType(contentType));
    respondObject(call, 200, operations.patch(type, ns, name, patchType, call.body, subresource, call.options));
  }

  /** The {@code /scale} subresource of deployments and replica sets: an {@code autoscaling/v1 Scale}. */
  private void serveScale(Call call, ResourceType type, String ns, String name) throws IOException {
    switch (call.verb) {
      case "get" -> respondJson(call, 200, operations.scale(type, ns, name));
      case "update" -> {
        call.options = writeOptions(call, "UpdateOptions", false);
        JsonObject body = decodeBody(call, null);
        respondJson(call, 200, operations.updateScale(type, ns, name, null, Json.bytes(body), call.options));
      }
      case "patch" -> {
        call.options = patchOptions(call, false);
        String contentType = call.header("Content-Type");
        PatchType patchType = PatchType.fromContentType(contentType)
            .orElseThrow(() -> ApiError.unsupportedMediaType(contentType));
        respondJson(call, 200, operations.updateScale(type, ns, name, patchType, call.body, call.options));
      }
      default -> throw ApiError.methodNotAllowed(call.method);
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

  /** A Content-Type's media type without parameters, lower case. */
  private static String mediaType(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /**
   * A create or update body, decoded by its Content-Type: JSON (also when none is given), YAML or protobuf; 415 for
   * anything else, as the real server answers.
   *
   * @param type the resource the path serves (the default kind of a protobuf envelope), or null
   */
  private static JsonObject decodeBody(Call call, ResourceType type) {
    String contentType = call.header("Content-Type");
    String base = mediaType(contentType);
    if (ProtobufCodec.isProtobuf(contentType)) {
      JsonObject decoded = type == null ? ProtobufCodec.decode(call.body)
          : ProtobufCodec.decode(call.body, type.apiVersion(), type.kind());
      call.journalBody = decoded.toString();
      return decoded;
    }
    if (base.isEmpty() || base.equals(JSON) || base.equals("*/*")) {
      return Json.parseObject(call.body);
    }
    if (base.equals("application/yaml")) {
      return ServerSideApply.parse(call.body);
    }
    throw ApiError.unsupportedBodyType(contentType);
  }

  /** The options of a create or update: {@code dryRun}, {@code fieldManager}, {@code fieldValidation}. */
  private static WriteOptions writeOptions(Call call, String optionsKind, boolean force) {
    List<StatusCause> causes = new ArrayList<>();
    boolean dryRun = dryRun(call.query.all("dryRun"), causes);
    String manager = fieldManager(call, causes);
    WriteOptions.FieldValidation validation = fieldValidation(call, causes);
    if (!causes.isEmpty()) {
      throw ApiError.invalidOptions(optionsKind, causes);
    }
    return new WriteOptions(dryRun, manager(manager, call.header("User-Agent")), validation, force);
  }

  /** PatchOptions: apply requires a field manager; {@code force} is for apply only. */
  private static WriteOptions patchOptions(Call call, boolean apply) {
    List<StatusCause> causes = new ArrayList<>();
    if (!apply && call.query.has("force")) {
      causes.add(StatusCause.forbidden("force", "may not be specified for non-apply patch"));
    }
    if (apply && call.param("fieldManager") == null || apply && call.param("fieldManager").isEmpty()) {
      causes.add(new StatusCause("FieldValueRequired", "Required value: is required for apply patch",
          "fieldManager"));
    }
    boolean dryRun = dryRun(call.query.all("dryRun"), causes);
    String manager = fieldManager(call, causes);
    WriteOptions.FieldValidation validation = fieldValidation(call, causes);
    if (!causes.isEmpty()) {
      throw ApiError.invalidOptions("PatchOptions", causes);
    }
    return new WriteOptions(dryRun, manager(manager, call.header("User-Agent")), validation, call.flag("force"));
  }

  /**
   * DeleteOptions, from the body (as kubectl sends them) and the query: {@code dryRun}, preconditions; the parsed
   * body (or null) for the preconditions. Sets {@code call.options}.
   */
  private static JsonObject deleteOptions(Call call) {
    JsonObject body = call.body.length == 0 ? null : decodeBody(call, null);
    List<String> dryRunValues = new ArrayList<>(call.query.all("dryRun"));
    if (body != null && body.has("dryRun") && body.get("dryRun").isJsonArray()) {
      for (JsonElement e : body.getAsJsonArray("dryRun")) {
        dryRunValues.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
      }
    }
    List<StatusCause> causes = new ArrayList<>();
    boolean dryRun = dryRun(dryRunValues, causes);
    String policy = body != null && body.has("propagationPolicy") && body.get("propagationPolicy").isJsonPrimitive()
        ? body.get("propagationPolicy").getAsString() : call.param("propagationPolicy");
    if (policy != null && !Set.of("Orphan", "Background", "Foreground").contains(policy)) {
      causes.add(StatusCause.notSupported("propagationPolicy", policy,
          "\"Foreground\", \"Background\", \"Orphan\", \"nil\""));
    }
    if (!causes.isEmpty()) {
      throw ApiError.invalidOptions("DeleteOptions", causes);
    }
    call.options = new WriteOptions(dryRun, "", WriteOptions.FieldValidation.IGNORE, false);
    return body;
  }

  /** {@code dryRun}: absent, or every value {@code All}; anything else is refused as the real server refuses it. */
  private static boolean dryRun(List<String> values, List<StatusCause> causes) {
    if (values.isEmpty()) {
      return false;
    }
    for (String v : values) {
      if (!v.equals("All")) {
        StringBuilder go = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
          go.append(i == 0 ? "" : ", ").append(GoQuote.quote(values.get(i)));
        }
        String rendered = go.append('}').toString();
        causes.add(StatusCause.notSupported("dryRun", new Object() {
          @Override
          public String toString() {
            return rendered;
          }
        }, "\"All\""));
        return false;
      }
    }
    return true;
  }

  private static String fieldManager(Call call, List<StatusCause> causes) {
    String manager = call.param("fieldManager");
    if (manager == null) {
      return "";
    }
    if (manager.getBytes(StandardCharsets.UTF_8).length > 128) {
      causes.add(new StatusCause("FieldValueTooLong", "Too long: may not be more than 128 bytes", "fieldManager"));
    }
    for (int i = 0; i < manager.length(); ) {
      int cp = manager.codePointAt(i);
      if (!GoQuote.printable(cp)) {
        int at = manager.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        String quoted = GoQuote.quote(manager);
        causes.add(new StatusCause("FieldValueInvalid", "Invalid value: " + quoted + ": invalid character "
            + String.format("U+%04X", cp) + " (at position " + at + ")", "fieldManager"));
      }
      i += Character.charCount(cp);
    }
    return manager;
  }

  /** {@code fieldValidation}: Ignore, Warn or Strict; absent or empty is Warn, as on the real server since 1.27. */
  private static WriteOptions.FieldValidation fieldValidation(Call call, List<StatusCause> causes) {
    String v = call.param("fieldValidation");
    if (v == null || v.isEmpty() || v.equals("Warn")) {
      return WriteOptions.FieldValidation.WARN;
    }
    if (v.equals("Strict")) {
      return WriteOptions.FieldValidation.STRICT;
    }
    if (v.equals("Ignore")) {
      return WriteOptions.FieldValidation.IGNORE;
    }
    causes.add(StatusCause.notSupported("fieldValidation", v, "\"\", \"Ignore\", \"Strict\", \"Warn\""));
    return WriteOptions.FieldValidation.WARN;
  }

  /**
   * The manager recorded for a write: the {@code fieldManager} parameter, else the User-Agent up to its first
   * {@code /}, printable characters only and at most 128 bytes, as the real server derives it.
   */
  static String manager(String fieldManager, String userAgent) {
    if (!fieldManager.isEmpty()) {
      return fieldManager;
    }
    String program = userAgent.split("/", 2)[0];
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < program.length(); ) {
      int cp = program.codePointAt(i);
      i += Character.charCount(cp);
      if (!GoQuote.printable(cp)) {
        continue;
      }
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > 128) {
        break;
      }
      bytes += len;
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static boolean wantsTable(Call call) {
    return call.header("Accept").contains("as=Table");
  }

  private Selector selector(Call call, ResourceType type) {
    return Selector.labels(call.param("labelSelector")).and(Selector.fields(call.param("fieldSelector"), type));
  }

  private void list(Call call, ResourceType type, String namespace) throws IOException {
    Selector selector = selector(call, type);
    int limit = (int) Math.min(Integer.MAX_VALUE, Math.max(0, call.query.int64("limit")));
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
      respondJson(call, 200, Tables.table(type, objects, call.param("includeObject"), listRv, nextToken,
          clock.instant()));
      return;
    }
    if (call.protobuf && ProtobufCodec.supports(type.apiVersion(), type.listKind())) {
      JsonObject list = new JsonObject();
      list.addProperty("kind", type.listKind());
      list.addProperty("apiVersion", type.apiVersion());
      JsonObject listMeta = new JsonObject();
      listMeta.addProperty("resourceVersion", Long.toString(listRv));
      if (nextToken != null) {
        listMeta.addProperty("continue", nextToken);
        if (selector.isEmpty()) {
          listMeta.addProperty("remainingItemCount", remaining);
        }
      }
      list.add("metadata", listMeta);
      JsonArray array = new JsonArray(items.size());
      items.forEach(o -> array.add(o.object()));
      list.add("items", array);
      send(call, 200, ProtobufCodec.MEDIA_TYPE, ProtobufCodec.encode(list), null);
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
    long timeoutSeconds = call.query.int64("timeoutSeconds");
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds > 0 ? timeoutSeconds
        : DEFAULT_WATCH_SECONDS).toNanos();
    boolean bookmarks = call.flag("allowWatchBookmarks");
    boolean table = wantsTable(call);
    boolean protobuf = call.protobuf && !table;
    WatchWriter writer = new WatchWriter(type, namespace, selector, table, call.param("includeObject"), protobuf,
        clock);
    WatchSession session = store.openWatch(type, fromRv, settings.watchQueueCapacity());
    send(call, 200, protobuf ? ProtobufCodec.WATCH_MEDIA_TYPE : JSON, null, null);
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

  /** Discovery and other documents: always JSON. */
  private void sendJson(Call call, int code, JsonObject body) throws IOException {
    send(call, code, JSON, Json.bytes(body), null);
  }

  /** A stored object: its JSON as serialised at write time, or protobuf when the client prefers it. */
  private void respondObject(Call call, int code, StoredObject object) throws IOException {
    if (call.protobuf && ProtobufCodec.supports(Json.path(object.object(), "apiVersion"),
        Json.path(object.object(), "kind"))) {
      send(call, code, ProtobufCodec.MEDIA_TYPE, ProtobufCodec.encode(object.object()), null);
    } else {
      send(call, code, JSON, object.json(), null);
    }
  }

  /** A computed object (list, table, review, scale): protobuf when the client prefers it and the type has it. */
  private void respondJson(Call call, int code, JsonObject body) throws IOException {
    String apiVersion = Json.path(body, "apiVersion");
    String kind = Json.path(body, "kind");
    if (call.protobuf && apiVersion != null && kind != null && ProtobufCodec.supports(apiVersion, kind)) {
      send(call, code, ProtobufCodec.MEDIA_TYPE, ProtobufCodec.encode(body), null);
    } else {
      send(call, code, JSON, Json.bytes(body), null);
    }
  }

  /** Sends headers and, unless {@code body} is null (a stream follows), the whole body; records the request. */
  private void send(Call call, int code, String contentType, byte[] body, Duration retryAfter) throws IOException {
    HttpExchange ex = call.exchange;
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
    }
    if (call.options != null) {
      for (String warning : call.options.warnings()) {
        // RFC 7234 warn-code 299 with no agent, as the real server sends its warnings
        ex.getResponseHeaders().add("Warning", "299 - " + GoQuote.quote(warning));
      }
    }
    call.responded = true;
    journal.record(new RecordedRequest(call.time, call.method, call.verb, call.resource, call.name, call.path,
        call.rawQuery, call.header("Content-Type"), call.journalBody, code, call.header("User-Agent")));
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
    sendStatus(call, error.code(), error.toStatus(), retryAfter);
  }

  /** A failure Status: protobuf when the client prefers it, JSON otherwise. */
  private void sendStatus(Call call, int code, JsonObject status, Duration retryAfter) {
    if (call.responded) {
      return;
    }
    try {
      if (call.protobuf) {
        send(call, code, ProtobufCodec.MEDIA_TYPE, ProtobufCodec.encode(status), retryAfter);
      } else {
        send(call, code, JSON, Json.bytes(status), retryAfter);
      }
    } catch (IOException e) {
      // the client went away; nothing left to tell it
      call.responded = true;
    }
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
