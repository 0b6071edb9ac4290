package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ResourceRegistry;
import dev.ccm4j.kubeapi.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OpenAPI documents of the emulator, built once from the served resource types and the client-java models, and
 * served as kube-apiserver serves them:
 * <ul>
 *   <li>{@code /openapi/v2}: Swagger 2.0, as JSON or as gnostic's protobuf
 *       ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, what client-go's discovery asks for;
 *       kubectl's client-side validation and {@code kubectl apply}'s fallback patch computation parse it), with
 *       {@code Vary: Accept}, an {@code ETag} and {@code 406} for media types it does not offer;</li>
 *   <li>{@code /openapi/v3}: the index of group-version documents, each with a {@code serverRelativeURL} carrying
 *       the document's hash;</li>
 *   <li>{@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/<group>/<version>}: OpenAPI 3.0 JSON. Asked with the
 *       current {@code hash} it is immutable ({@code Cache-Control: public, immutable}, expiring in a year); asked
 *       with another hash it redirects (301) to the current one. kubectl reads it for {@code explain}, for apply's
 *       strategic merge patch, and to learn that the server validates fields itself ({@code fieldValidation} on
 *       the PATCH operation).</li>
 * </ul>
 */
public final class OpenApiDocuments {
  /** The media type client-go asks for (upstream answers it with the non-deprecated name below). */
  static final String V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  static final String JSON = "application/json";

  /**
   * Core kinds that are not served but that other groups' kinds embed: defining them from the core group first
   * keeps the embedded types in the Go package they come from ({@code io.k8s.api.core.v1.PodTemplateSpec}), where
   * otherwise the first workload to reach them would claim them.
   */
  private static final List<String> CORE_EMBEDDED = List.of("PodTemplate");

  private final Document v2Json;
  private final Document v2Protobuf;
  private final byte[] v3Root;
  private final Map<String, Document> v3ByPath;
  private final String lastModified;

  /**
   * Builds the documents for every resource of the registry.
   *
   * @param registry the served resources
   */
  public OpenApiDocuments(ResourceRegistry registry) {
    this(registry, "v1.34.1");
  }

  /**
   * Builds the documents for every resource of the registry.
   *
   * @param registry the served resources
   * @param version the server's git version, for the documents' {@code info.version}
   */
  public OpenApiDocuments(ResourceRegistry registry, String version) {
    Objects.requireNonNull(registry, "registry");
    lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
        .withNano(0));
    ModelSchemas models = new ModelSchemas();
    SwaggerBuilder builder = new SwaggerBuilder(models);
    List<ResourceType> ordered = new ArrayList<>();
    registry.all().stream().filter(t -> t.group().isEmpty()).forEach(ordered::add);
    for (ResourceType t : ordered) {
      define(models, builder, t);
    }
    for (String kind : CORE_EMBEDDED) {
      Class<?> c = ModelSchemas.kindClass("", "v1", kind);
      if (c != null) {
        models.define(c, "", "v1");
      }
    }
    registry.all().stream().filter(t -> !t.group().isEmpty()).forEach(t -> define(models, builder, t));
    Map<String, JsonObject> definitions = models.definitions();
    builder.finish(definitions);

    JsonObject swagger = new JsonObject();
    swagger.addProperty("swagger", "2.0");
    JsonObject info = new JsonObject();
    info.addProperty("title", "Kubernetes");
    info.addProperty("version", version);
    swagger.add("info", info);
    JsonObject paths = new JsonObject();
    TreeMap<String, JsonObject> allPaths = new TreeMap<>();
    builder.pathsByVersion().values().forEach(allPaths::putAll);
    allPaths.forEach(paths::add);
    swagger.add("paths", paths);
    JsonObject defs = new JsonObject();
    definitions.forEach(defs::add);
    swagger.add("definitions", defs);
    JsonObject bearer = new JsonObject();
    bearer.addProperty("description", "Bearer Token authentication");
    bearer.addProperty("type", "apiKey");
    bearer.addProperty("name", "authorization");
    bearer.addProperty("in", "header");
    JsonObject securityDefinitions = new JsonObject();
    securityDefinitions.add("BearerToken", bearer);
    swagger.add("securityDefinitions", securityDefinitions);
    JsonArray security = new JsonArray();
    JsonObject requirement = new JsonObject();
    requirement.add("BearerToken", new JsonArray());
    security.add(requirement);
    swagger.add("security", security);

    byte[] json = swagger.toString().getBytes(StandardCharsets.UTF_8);
    // upstream's v2 ETag is the hash of the JSON document, shared by both encodings
    String etag = sha512(json);
    v2Json = new Document(JSON, json, etag);
    v2Protobuf = new Document(V2_PROTOBUF, GnosticV2.encode(swagger), etag);

    Map<String, Document> v3 = new LinkedHashMap<>();
    JsonObject rootPaths = new JsonObject();
    for (Map.Entry<String, TreeMap<String, JsonObject>> e : builder.pathsByVersion().entrySet()) {
      String apiVersion = e.getKey();
      String gvPath = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
      JsonObject doc = OpenApiV3.document(version, e.getValue(), builder.rootsByVersion().get(apiVersion),
          definitions);
      byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
      String hash = sha512(bytes);
      v3.put("/openapi/v3/" + gvPath, new Document(JSON, bytes, hash));
      JsonObject entry = new JsonObject();
      entry.addProperty("serverRelativeURL", "/openapi/v3/" + gvPath + "?hash=" + hash);
      rootPaths.add(gvPath, entry);
    }
    JsonObject root = new JsonObject();
    root.add("paths", rootPaths);
    v3Root = root.toString().getBytes(StandardCharsets.UTF_8);
    v3ByPath = Map.copyOf(v3);
  }

  private static void define(ModelSchemas models, SwaggerBuilder builder, ResourceType t) {
    Class<?> kind = ModelSchemas.kindClass(t.group(), t.version(), t.kind());
    Class<?> list = ModelSchemas.kindClass(t.group(), t.version(), t.listKind());
    String kindName = kind != null ? models.define(kind, t.group(), t.version())
        : opaque(models, t.group(), t.version(), t.kind());
    String listName = list != null ? models.define(list, t.group(), t.version()) : null;
    builder.add(t, kindName, listName);
  }

  /** A kind without a client-java model: an object that keeps whatever fields it has. */
  private static String opaque(ModelSchemas models, String group, String version, String kind) {
    String name = "io.k8s.api." + (group.isEmpty() ? "core" : group.split("\\.", 2)[0]) + "." + version + "."
        + kind;
    JsonObject schema = new JsonObject();
    schema.addProperty("type", "object");
    schema.addProperty("x-kubernetes-preserve-unknown-fields", true);
    models.definitions().put(name, schema);
    return name;
  }

  private static String sha512(byte[] data) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is a required JDK algorithm", e);
    }
  }

  /**
   * Answers a request for an OpenAPI document.
   *
   * @param path the request path, for example {@code /openapi/v3/api/v1}
   * @param rawQuery the raw query string, or null
   * @param acceptHeader the request's {@code Accept} header, or null
   * @return the response, or empty when the path names no document (the caller answers 404 as for any path)
   */
  public Optional<Response> serve(String path, String rawQuery, String acceptHeader) {
    return serve(path, rawQuery, acceptHeader, null);
  }

  /**
   * Answers a request for an OpenAPI document, honouring {@code If-None-Match} as upstream's
   * {@code http.ServeContent} does (304 with the ETag when it matches).
   *
   * @param path the request path, for example {@code /openapi/v3/api/v1}
   * @param rawQuery the raw query string, or null
   * @param acceptHeader the request's {@code Accept} header, or null
   * @param ifNoneMatch the request's {@code If-None-Match} header, or null
   * @return the response, or empty when the path names no document (the caller answers 404 as for any path)
   */
  public Optional<Response> serve(String path, String rawQuery, String acceptHeader, String ifNoneMatch) {
    if (path == null) {
      return Optional.empty();
    }
    if (path.equals("/openapi/v2")) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Vary", "Accept");
      Document d = switch (Accept.choose(acceptHeader, JSON, V2_PROTOBUF_DEPRECATED, V2_PROTOBUF)) {
        case JSON -> v2Json;
        case V2_PROTOBUF_DEPRECATED, V2_PROTOBUF -> v2Protobuf;
        default -> null;
      };
      if (d == null) {
        return Optional.of(new Response(406, "text/plain; charset=utf-8", new byte[0], headers));
      }
      headers.put("Last-Modified", lastModified);
      return Optional.of(document(d, headers, ifNoneMatch));
    }
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      return Optional.of(new Response(200, JSON, v3Root.clone(), Map.of("Last-Modified", lastModified)));
    }
    Document d = v3ByPath.get(path);
    if (d == null) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Vary", "Accept");
    if (Accept.choose(acceptHeader, JSON).isEmpty()) {
      return Optional.of(new Response(406, "text/plain; charset=utf-8", new byte[0], headers));
    }
    String hash = queryParam(rawQuery, "hash");
    if (hash != null && !hash.isEmpty()) {
      if (!hash.equals(d.etag())) {
        headers.put("Location", path + "?hash=" + d.etag());
        return Optional.of(new Response(301, "text/html; charset=utf-8", new byte[0], headers));
      }
      headers.put("Cache-Control", "public, immutable");
      headers.put("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(
          Instant.now().plus(Duration.ofDays(365)).atOffset(ZoneOffset.UTC).withNano(0)));
    }
    headers.put("Last-Modified", lastModified);
    return Optional.of(document(d, headers, ifNoneMatch));
  }

  private static Response document(Document d, Map<String, String> headers, String ifNoneMatch) {
    String etag = "\"" + d.etag() + "\"";
    headers.put("ETag", etag);
    if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || List.of(ifNoneMatch.split(",")).stream()
        .map(String::trim).map(s -> s.startsWith("W/") ? s.substring(2) : s).anyMatch(etag::equals))) {
      return new Response(304, d.contentType(), new byte[0], headers);
    }
    return new Response(200, d.contentType(), d.body().clone(), headers);
  }

  private static String queryParam(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The group-version document paths served under {@code /openapi/v3/}, for tests and diagnostics. */
  List<String> v3Paths() {
    return List.copyOf(v3ByPath.keySet());
  }

  /** One encoded document. */
  private record Document(String contentType, byte[] body, String etag) {}

  /** Media-type negotiation as upstream's goautoneg: clauses by quality, first offer each clause matches. */
  static final class Accept {
    private Accept() {}

    static String choose(String header, String... offers) {
      String h = header == null || header.isBlank() ? "*/*" : header;
      List<String[]> clauses = new ArrayList<>();
      List<Double> qualities = new ArrayList<>();
      for (String part : h.split(",")) {
        String[] pieces = part.trim().split(";");
        String type = pieces[0].trim().toLowerCase(Locale.ROOT);
        double q = 1;
        for (int i = 1; i < pieces.length; i++) {
          String p = pieces[i].trim();
          if (p.startsWith("q=")) {
            try {
              q = Double.parseDouble(p.substring(2));
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        if (type.isEmpty() || q <= 0) {
          continue;
        }
        int at = 0;
        while (at < qualities.size() && qualities.get(at) >= q) {
          at++;
        }
        clauses.add(at, type.split("/", 2));
        qualities.add(at, q);
      }
      for (String[] clause : clauses) {
        for (String offer : offers) {
          String[] o = offer.split("/", 2);
          boolean typeOk = clause[0].equals("*") || clause[0].equals(o[0]);
          boolean subOk = clause.length < 2 || clause[1].equals("*") || clause[1].equals(o[1]);
          if (typeOk && subOk) {
            return offer;
          }
        }
      }
      return "";
    }
  }

  /**
   * One HTTP answer.
   *
   * @param status the HTTP status code
   * @param contentType the {@code Content-Type} header
   * @param body the body
   * @param headers further headers ({@code ETag}, {@code Cache-Control}, ...)
   */
  public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    /** Copies the headers. */
    public Response {
      headers = Map.copyOf(headers);
    }
  }
}
