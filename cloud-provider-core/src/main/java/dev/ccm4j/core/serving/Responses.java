package dev.ccm4j.core.serving;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the endpoint handlers. */
final class Responses {
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  /** Sends a complete response; for HEAD only the headers. */
  static void send(Exchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.setHeader("X-Content-Type-Options", "nosniff");
    exchange.setHeader("Cache-Control", "no-cache, private");
    exchange.respond(status, contentType, bytes);
  }

  static void text(Exchange exchange, int status, String body) throws IOException {
    send(exchange, status, TEXT, body);
  }

  /** Answers 405 unless the method is GET or HEAD. */
  static boolean rejectUnlessRead(Exchange exchange) throws IOException {
    String method = exchange.method();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return false;
    }
    exchange.setHeader("Allow", "GET, HEAD");
    text(exchange, 405, "method not allowed\n");
    return true;
  }

  /** Parses the query string into names and their values, in order; a bare name has an empty value. */
  static Map<String, List<String>> query(Exchange exchange) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String raw = exchange.rawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
