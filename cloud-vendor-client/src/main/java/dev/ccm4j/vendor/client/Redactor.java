package dev.ccm4j.vendor.client;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Masks credentials in text before it reaches a log line, an exception, an event or a {@code toString()}.
 *
 * <p>Three things are masked:
 * <ul>
 *   <li>registered secrets ({@link #secret(String)}), wherever they occur, also in their percent-encoded,
 *       double-encoded (a signature's string to sign, which clouds echo in errors) and JSON-escaped forms;
 *   <li>values of sensitive query or form parameters, and of JSON members with those names
 *       ({@code Signature=...}, {@code "SecurityToken":"..."}), also percent-encoded ({@code Signature%3D...});
 *   <li>values of sensitive headers; for {@code Authorization} the scheme stays visible
 *       ({@code Authorization: ACS3-HMAC-SHA256 ***}).
 * </ul>
 * Access key ids are not secret and stay visible: operators need them to tell credentials apart.
 *
 * <p>Thread-safe; secrets and names can be added at any time (for example after a credential refresh) and apply to
 * every later call. The most recent {@value #MAX_SECRETS} secrets are kept, so a long-running provider that
 * refreshes its credentials hourly does not slow down every log line.
 */
public final class Redactor {
  /** What a masked value is replaced with. */
  public static final String MASK = "***";
  /** How many registered secrets are remembered; the oldest is forgotten first. */
  public static final int MAX_SECRETS = 64;

  private static final List<String> DEFAULT_PARAMETERS = List.of(
      "Signature", "SecurityToken", "AccessKeySecret", "SecretAccessKey", "SecretKey", "Password",
      "X-Amz-Signature", "X-Amz-Security-Token", "access_token", "id_token", "refresh_token", "client_secret");
  private static final List<String> DEFAULT_HEADERS = List.of(
      "Authorization", "Proxy-Authorization", "X-Security-Token", "x-acs-security-token", "x-acs-bearer-token",
      "X-Auth-Token", "X-Subject-Token", "Cookie", "Set-Cookie", "X-aliyun-ecs-metadata-token",
      "X-Amz-Security-Token");
  private static final Set<String> SCHEME_HEADERS = Set.of("authorization", "proxy-authorization");

  private final Object lock = new Object();
  private final LinkedHashSet<String> secrets = new LinkedHashSet<>();
  private final Set<String> parameters = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private final Set<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  private volatile Snapshot snapshot;

  private Redactor() {
    parameters.addAll(DEFAULT_PARAMETERS);
    headers.addAll(DEFAULT_HEADERS);
    rebuild();
  }

  /**
   * A redactor with the usual sensitive parameters ({@code Signature}, {@code SecurityToken},
   * {@code AccessKeySecret}, OAuth tokens, ...) and headers ({@code Authorization}, {@code X-Security-Token},
   * {@code x-acs-security-token}, {@code X-Auth-Token}, {@code X-Subject-Token}, {@code Cookie}, the ECS metadata
   * token, ...), and no secrets yet.
   *
   * @return a new redactor
   */
  public static Redactor create() {
    return new Redactor();
  }

  /**
   * Registers a literal secret (an access key secret, a security token, a password) to mask wherever it occurs.
   *
   * @param value the secret; null or blank is ignored
   * @return this redactor
   */
  public Redactor secret(String value) {
    if (value == null || value.isBlank()) {
      return this;
    }
    synchronized (lock) {
      secrets.remove(value);
      secrets.add(value);
      while (secrets.size() > MAX_SECRETS) {
        secrets.remove(secrets.iterator().next());
      }
      rebuild();
    }
    return this;
  }

  /**
   * Adds query, form or JSON member names whose values are masked. Matching ignores case.
   *
   * @param names parameter names such as {@code Signature}
   * @return this redactor
   */
  public Redactor sensitiveQueryParameters(String... names) {
    synchronized (lock) {
      for (String n : names) {
        if (n != null && !n.isBlank()) {
          parameters.add(n.strip());
        }
      }
      rebuild();
    }
    return this;
  }

  /**
   * Adds header names whose values are masked. Matching ignores case.
   *
   * @param names header names such as {@code X-Auth-Token}
   * @return this redactor
   */
  public Redactor sensitiveHeaders(String... names) {
    synchronized (lock) {
      for (String n : names) {
        if (n != null && !n.isBlank()) {
          headers.add(n.strip());
        }
      }
      rebuild();
    }
    return this;
  }

  /**
   * Whether values of this query parameter are masked.
   *
   * @param name a parameter name
   * @return true when sensitive
   */
  public boolean isSensitiveQueryParameter(String name) {
    return snapshot.parameters.contains(name);
  }

  /**
   * Whether values of this header are masked.
   *
   * @param name a header name
   * @return true when sensitive
   */
  public boolean isSensitiveHeader(String name) {
    return snapshot.headers.contains(name);
  }

  /**
   * Masks every registered secret, sensitive parameter value, sensitive JSON member and sensitive header line in
   * free text.
   *
   * @param text any text, may be null
   * @return the masked text; the empty string for null
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    Snapshot s = snapshot;
    String out = text;
    for (String v : s.secretVariants) {
      if (out.contains(v)) {
        out = out.replace(v, MASK);
      }
    }
    if (s.headerLine != null) {
      out = replace(s.headerLine, out, m -> {
        String name = m.group(2);
        return m.group(1) + maskHeaderValue(name, m.group(3));
      });
    }
    if (s.parameter != null) {
      out = replace(s.parameter, out, m -> m.group(1) + m.group(2) + m.group(3) + MASK);
    }
    if (s.jsonMember != null) {
      out = replace(s.jsonMember, out, m -> m.group(1) + MASK + "\"");
    }
    return out;
  }

  /**
   * The URL as text with sensitive query values and any user-info password masked, then {@link #redact}ed.
   *
   * @param url the URL, may be null
   * @return the masked URL text; the empty string for null
   */
  public String redactUrl(HttpUrl url) {
    if (url == null) {
      return "";
    }
    HttpUrl.Builder b = url.newBuilder();
    if (!url.encodedPassword().isEmpty()) {
      b.password(MASK);
    }
    String query = url.encodedQuery();
    if (query != null) {
      List<String> parts = new ArrayList<>();
      for (String part : query.split("&", -1)) {
        int eq = part.indexOf('=');
        String encodedName = eq < 0 ? part : part.substring(0, eq);
        String name = decode(encodedName);
        parts.add(eq >= 0 && isSensitiveQueryParameter(name) ? encodedName + "=" + MASK : part);
      }
      b.encodedQuery(String.join("&", parts));
    }
    return redact(b.build().toString());
  }

  /**
   * One header's value, masked when the header is sensitive (keeping an authorization scheme) and otherwise
   * {@link #redact}ed.
   *
   * @param name the header name
   * @param value the header value
   * @return the value to show
   */
  public String redactHeader(String name, String value) {
    return isSensitiveHeader(name) ? maskHeaderValue(name, value) : redact(value);
  }

  /**
   * Headers as {@code Name: value} lines, each value through {@link #redactHeader}.
   *
   * @param headers the headers
   * @return one line per header, joined with {@code \n}
   */
  public String redactHeaders(Headers headers) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(headers.name(i)).append(": ").append(redactHeader(headers.name(i), headers.value(i)));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "Redactor{secrets=" + s.secretCount + ", parameters=" + s.parameters.size() + ", headers="
        + s.headers.size() + "}";
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return encoded;
    }
  }

  private static String maskHeaderValue(String name, String value) {
    String v = value.strip();
    if (SCHEME_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      int sp = v.indexOf(' ');
      if (sp > 0) {
        return v.substring(0, sp) + " " + MASK;
      }
    }
    return MASK;
  }

  private static String replace(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  private void rebuild() {
    Set<String> variants = new LinkedHashSet<>();
    for (String s : secrets) {
      variants.addAll(variants(s));
    }
    List<String> sorted = new ArrayList<>(variants);
    // Longest first, so that a secret's encoded form is masked whole, not around an inner raw occurrence.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    Set<String> params = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    params.addAll(parameters);
    Set<String> hdrs = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    hdrs.addAll(headers);
    Set<String> jsonNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    jsonNames.addAll(params);
    jsonNames.addAll(hdrs);
    snapshot = new Snapshot(List.copyOf(sorted), secrets.size(), params, hdrs,
        params.isEmpty() ? null : Pattern.compile(
            // name=value in a query, form body or an Authorization header's parameters; also the percent-encoded
            // form (name%3Dvalue%26...) that appears inside a string to sign.
            "(?i)((?:(?<![A-Za-z0-9_.\\-])|(?<=%26)|(?<=%3F)))(" + alternation(params) + ")(=|%3D)"
                + "(?:(?!%26)[^&\\s\"'<>#,;])*"),
        hdrs.isEmpty() ? null : Pattern.compile(
            "(?i)((?<![A-Za-z0-9_\\-])(" + alternation(hdrs) + ")[ \\t]*:[ \\t]*)([^\\r\\n]*)"),
        jsonNames.isEmpty() ? null : Pattern.compile(
            "(?i)(\"(?:" + alternation(jsonNames) + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\""));
  }

  private static String alternation(Set<String> names) {
    return names.stream().map(Pattern::quote).collect(Collectors.joining("|"));
  }

  /** The forms a secret takes in URLs, form bodies, strings to sign and JSON. */
  static Set<String> variants(String secret) {
    Set<String> out = new LinkedHashSet<>();
    out.add(secret);
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    out.add(form);
    String rfc3986 = form.replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    out.add(rfc3986);
    out.add(lowerHex(form));
    out.add(lowerHex(rfc3986));
    String twice = URLEncoder.encode(rfc3986, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    out.add(twice);
    out.add(jsonEscaped(secret, false));
    out.add(jsonEscaped(secret, true));
    out.removeIf(String::isEmpty);
    return out;
  }

  private static String lowerHex(String encoded) {
    Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, m.group().toLowerCase(Locale.ROOT));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String jsonEscaped(String s, boolean htmlSafe) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (htmlSafe && "<>&='".indexOf(c) >= 0)) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private record Snapshot(
      List<String> secretVariants,
      int secretCount,
      Set<String> parameters,
      Set<String> headers,
      Pattern parameter,
      Pattern headerLine,
      Pattern jsonMember) {}
}
