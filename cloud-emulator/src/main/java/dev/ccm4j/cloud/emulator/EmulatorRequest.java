package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as an emulator handler sees it: method, path, decoded query, lower-cased headers and the body.
 * Immutable; the body is read completely before the handler runs.
 */
public final class EmulatorRequest {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String host;
  private final String rawPath;
  private final Map<String, String> form;
  private final Map<String, String> params;

  private EmulatorRequest(String method, String path, String rawPath, String rawQuery,
      Map<String, List<String>> headers, byte[] body, String host) {
    this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.path = Objects.requireNonNull(path, "path");
    this.rawPath = rawPath == null ? path : rawPath;
    this.rawQuery = rawQuery == null ? "" : rawQuery;
    this.query = decodePairs(this.rawQuery, "query");
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
        .addAll(values));
    lower.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(lower);
    this.body = body == null ? new byte[0] : body.clone();
    this.host = host == null ? header("host").orElse("") : host;
    // parsed once, here, so a malformed body is rejected before any handler runs and handlers may call params()
    // as often as they like
    String type = header("content-type").orElse("").toLowerCase(Locale.ROOT);
    this.form = type.startsWith("application/x-www-form-urlencoded") && this.body.length > 0
        ? Collections.unmodifiableMap(firstValues(decodePairs(bodyText(), "form body"))) : Map.of();
    Map<String, String> merged = new LinkedHashMap<>(firstValues(query));
    form.forEach(merged::putIfAbsent);
    this.params = Collections.unmodifiableMap(merged);
  }

  /**
   * Creates a request; used by the server and by unit tests of vendor handlers.
   *
   * @param method the HTTP method
   * @param path the decoded path, e.g. {@code /}
   * @param rawQuery the raw (still percent-encoded) query string without {@code ?}, or null
   * @param headers header names to values (any case)
   * @param body the body, or null for none
   * @return the request
   * @throws IllegalArgumentException when the query or a form body is not valid percent-encoding
   */
  public static EmulatorRequest of(String method, String path, String rawQuery, Map<String, List<String>> headers,
      byte[] body) {
    return new EmulatorRequest(method, path, null, rawQuery, headers, body, null);
  }

  static EmulatorRequest of(String method, String path, String rawPath, String rawQuery,
      Map<String, List<String>> headers, byte[] body, String host) {
    return new EmulatorRequest(method, path, rawPath, rawQuery, headers, body, host);
  }

  /** The upper-case HTTP method. */
  public String method() {
    return method;
  }

  /** The decoded path, e.g. {@code /} or {@code /latest/meta-data/region-id}. */
  public String path() {
    return path;
  }

  /**
   * The path exactly as sent, still percent-encoded; what path-signing schemes (e.g. Huawei's SDK-HMAC-SHA256)
   * canonicalise.
   */
  public String rawPath() {
    return rawPath;
  }

  /** The query string exactly as sent, still percent-encoded, without the {@code ?}; empty when none. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Every decoded query parameter with all its values, in the order sent. */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * The first value of a query parameter.
   *
   * @param name the exact (case-sensitive) parameter name
   * @return the decoded value, if present
   */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, any case
   * @return the value, if present
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every header, names lower-cased. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** A copy of the raw body; empty when none. */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body as {@code application/x-www-form-urlencoded} fields (first value per name); empty when the content type
   * is something else.
   */
  public Map<String, String> form() {
    return form;
  }

  /**
   * Query parameters and form fields merged, first value per name; a name present in both keeps the query's value.
   * RPC-style vendor APIs send their parameters in either place.
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * The body parsed as a JSON object; an empty body is an empty object.
   *
   * @throws IllegalArgumentException when the body is not a JSON object
   */
  public JsonObject json() {
    if (body.length == 0) {
      return new JsonObject();
    }
    try {
      JsonElement element = JsonParser.parseString(bodyText());
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("request body is not a JSON object");
      }
      return element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("request body is not valid JSON", e);
    }
  }

  /** The {@code Host} the client addressed (header value, including any port); empty when unknown. */
  public String host() {
    return host;
  }

  @Override
  public String toString() {
    // deliberately no query or headers: they carry signatures and tokens
    return method + " " + path;
  }

  private static Map<String, List<String>> decodePairs(String raw, String what) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return Map.of();
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), what);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), what);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  private static String decode(String s, String what) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed percent-encoding in the " + what, e);
    }
  }

  private static Map<String, String> firstValues(Map<String, List<String>> multi) {
    Map<String, String> out = new LinkedHashMap<>();
    multi.forEach((k, v) -> {
      if (!v.isEmpty()) {
        out.put(k, v.get(0));
      }
    });
    return out;
  }
}
