package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Huawei API request as a product sees it: the method, the path split into segments, the project it addresses
 * and its query and JSON body. Built once per request by the emulator's handler and dialect.
 */
final class HuaweiCall {
  private static final Pattern VERSION = Pattern.compile("v\\d+(\\.\\d+)?");

  private final EmulatorRequest request;
  private final List<String> segments;
  private JsonObject body;

  /**
   * Wraps a request.
   *
   * @param request the request
   */
  HuaweiCall(EmulatorRequest request) {
    this.request = Objects.requireNonNull(request, "request");
    List<String> parts = new ArrayList<>();
    for (String s : request.path().split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    this.segments = List.copyOf(parts);
  }

  /** The underlying request. */
  EmulatorRequest request() {
    return request;
  }

  /** The upper-case HTTP method. */
  String method() {
    return request.method();
  }

  /** The decoded path. */
  String path() {
    return request.path();
  }

  /** The non-empty path segments, e.g. {@code [v1, <project>, cloudservers, detail]}. */
  List<String> segments() {
    return segments;
  }

  /**
   * One segment.
   *
   * @param index 0-based
   * @return the segment, or empty when the path is shorter
   */
  Optional<String> segment(int index) {
    return index < segments.size() ? Optional.of(segments.get(index)) : Optional.empty();
  }

  /**
   * Whether the path is {@code /<version>/<anything>/<rest...>} with exactly these trailing segments, {@code *}
   * matching any one segment; the project segment is not compared.
   *
   * @param version e.g. {@code v1}
   * @param rest the segments after the project
   * @return true when it matches
   */
  boolean matches(String version, String... rest) {
    if (segments.size() != rest.length + 2 || !segments.get(0).equals(version)) {
      return false;
    }
    for (int i = 0; i < rest.length; i++) {
      if (!rest[i].equals("*") && !rest[i].equals(segments.get(i + 2))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The project the request addresses: the {@code X-Project-Id} header, else the segment after the version in a
   * {@code /<version>/<project>/...} path (see {@link #pathProject()}), else empty text.
   */
  String projectId() {
    return request.header("x-project-id").filter(s -> !s.isBlank())
        .or(this::pathProject).orElse("");
  }

  /**
   * The project segment of a {@code /<version>/<project>/<resource>...} path: the second segment when the first is
   * an API version and at least one segment follows. Paths without a project (Keystone's {@code /v3/projects},
   * Neutron's {@code /v2.0/ports}) have none.
   */
  Optional<String> pathProject() {
    if (segments.size() < 3 || !VERSION.matcher(segments.get(0)).matches()) {
      return Optional.empty();
    }
    // Neutron's /v2.0 paths and Keystone's /v3/projects, /v3/auth carry no project
    if (segments.get(0).equals("v2.0")
        || segments.get(0).equals("v3") && (segments.get(1).equals("projects") || segments.get(1).equals("auth"))) {
      return Optional.empty();
    }
    return Optional.of(segments.get(1));
  }

  /**
   * The first value of a query parameter.
   *
   * @param name the exact name
   * @return the decoded value, if present
   */
  Optional<String> query(String name) {
    return request.queryParam(name);
  }

  /**
   * Every value of a repeated query parameter (ELB v3 list filters are arrays: {@code ?name=a&name=b}).
   *
   * @param name the exact name
   * @return the decoded values, in the order sent; empty when absent
   */
  List<String> queryAll(String name) {
    List<String> values = request.query().get(name);
    return values == null ? List.of() : values;
  }

  /**
   * The body as a JSON object; {@code {}} when empty. Parsed once.
   *
   * @throws HuaweiApiError 400 when the body is not a JSON object
   */
  JsonObject body() {
    if (body == null) {
      try {
        body = request.json();
      } catch (IllegalArgumentException e) {
        throw HuaweiApiError.badRequest("Common.0400", "The request body is not a valid JSON object.");
      }
    }
    return body;
  }

  @Override
  public String toString() {
    return request.toString();
  }
}
