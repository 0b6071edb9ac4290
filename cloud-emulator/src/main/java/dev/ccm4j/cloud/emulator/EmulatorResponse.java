package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable answer from an emulator handler: status, content type, headers and body, plus the vendor error code
 * (when it is an error) for the journal. Modifiers return copies.
 */
public final class EmulatorResponse {
  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers;
  private final String errorCode;

  private EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers,
      String errorCode) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
    }
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.headers = headers;
    this.errorCode = errorCode;
  }

  /**
   * A JSON answer.
   *
   * @param status the HTTP status
   * @param body the JSON body
   * @return the response, content type {@code application/json;charset=utf-8}
   */
  public static EmulatorResponse json(int status, JsonElement body) {
    Objects.requireNonNull(body, "body");
    return new EmulatorResponse(status, "application/json;charset=utf-8",
        Jsons.GSON.toJson(body).getBytes(StandardCharsets.UTF_8), Map.of(), "");
  }

  /**
   * A JSON answer serialised from a plain object with Gson (field names as declared).
   *
   * @param status the HTTP status
   * @param pojo the object to serialise
   * @return the response
   */
  public static EmulatorResponse json(int status, Object pojo) {
    return json(status, Jsons.GSON.toJsonTree(pojo));
  }

  /**
   * A text answer.
   *
   * @param status the HTTP status
   * @param contentType the content type, e.g. {@code text/plain;charset=utf-8}
   * @param body the body, sent as UTF-8
   * @return the response
   */
  public static EmulatorResponse text(int status, String contentType, String body) {
    return new EmulatorResponse(status, Objects.requireNonNull(contentType, "contentType"),
        Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), Map.of(), "");
  }

  /**
   * An answer without a body.
   *
   * @param status the HTTP status, e.g. 204
   * @return the response
   */
  public static EmulatorResponse empty(int status) {
    return new EmulatorResponse(status, null, new byte[0], Map.of(), "");
  }

  /**
   * A copy with one more header (replacing one of the same name, compared case-insensitively).
   *
   * @param name the header name
   * @param value the value
   * @return the copy
   */
  public EmulatorResponse header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        copy.put(k, v);
      }
    });
    copy.put(name, value);
    return new EmulatorResponse(status, contentType, body, Collections.unmodifiableMap(copy), errorCode);
  }

  /**
   * A copy marked with the vendor error code it carries, which the journal records.
   *
   * @param code the vendor error code
   * @return the copy
   */
  public EmulatorResponse errorCode(String code) {
    return new EmulatorResponse(status, contentType, body, headers, Objects.requireNonNull(code, "code"));
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The content type; empty for a response without a body. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The extra headers, in insertion order. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The vendor error code this response carries; empty when none was marked. */
  public String errorCode() {
    return errorCode;
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public String toString() {
    return "EmulatorResponse{" + status + (errorCode.isEmpty() ? "" : " " + errorCode) + "}";
  }
}
