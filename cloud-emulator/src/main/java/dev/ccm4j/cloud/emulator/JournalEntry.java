package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded vendor request: what was asked, how it was answered. Parameter values named by the dialect's
 * {@link VendorDialect#secretParameters()} are masked. A status of 0 means no answer was sent (a hang fault).
 */
public final class JournalEntry {
  /** What masked parameter values read as. */
  public static final String MASK = "***";

  private final long seq;
  private final Instant time;
  private final String method;
  private final String path;
  private final String operation;
  private final Map<String, String> params;
  private final int status;
  private final String errorCode;
  private final long durationMillis;

  /**
   * Creates an entry.
   *
   * @param seq the sequence number, increasing from 1 over the server's life
   * @param time when the request arrived
   * @param method the HTTP method
   * @param path the path
   * @param operation the dialect's operation label
   * @param params the request parameters, already masked
   * @param status the answered HTTP status, 0 when none was sent
   * @param errorCode the vendor error code, empty when none
   * @param durationMillis how long the answer took
   */
  public JournalEntry(long seq, Instant time, String method, String path, String operation,
      Map<String, String> params, int status, String errorCode, long durationMillis) {
    this.seq = seq;
    this.time = Objects.requireNonNull(time, "time");
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.status = status;
    this.errorCode = errorCode == null ? "" : errorCode;
    this.durationMillis = durationMillis;
  }

  /** The sequence number, increasing from 1 over the server's life (not reset by clearing the journal). */
  public long seq() {
    return seq;
  }

  /** When the request arrived. */
  public Instant time() {
    return time;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The path. */
  public String path() {
    return path;
  }

  /** The operation label, e.g. {@code DescribeInstances}. */
  public String operation() {
    return operation;
  }

  /** Query and form parameters, secrets masked as {@value #MASK}. */
  public Map<String, String> params() {
    return params;
  }

  /** The HTTP status answered; 0 when no answer was sent. */
  public int status() {
    return status;
  }

  /** The vendor error code answered; empty when none. */
  public String errorCode() {
    return errorCode;
  }

  /** Milliseconds from arrival to the answer (including injected latency). */
  public long durationMillis() {
    return durationMillis;
  }

  /** The control API's JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("seq", seq);
    o.addProperty("time", time.toString());
    o.addProperty("method", method);
    o.addProperty("path", path);
    o.addProperty("operation", operation);
    JsonObject p = new JsonObject();
    params.forEach(p::addProperty);
    o.add("params", p);
    o.addProperty("status", status);
    o.addProperty("errorCode", errorCode);
    o.addProperty("durationMillis", durationMillis);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the entry
   */
  public static JournalEntry fromJson(JsonObject json) {
    Map<String, String> params = new LinkedHashMap<>();
    if (json.has("params")) {
      Jsons.object(json.get("params"), "params").entrySet()
          .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
    }
    return new JournalEntry(Jsons.number(json, "seq").orElse(0L),
        Instant.parse(Jsons.string(json, "time").orElse(Instant.EPOCH.toString())),
        Jsons.string(json, "method").orElse(""), Jsons.string(json, "path").orElse(""),
        Jsons.string(json, "operation").orElse(""), params, Jsons.number(json, "status").orElse(0L).intValue(),
        Jsons.string(json, "errorCode").orElse(""), Jsons.number(json, "durationMillis").orElse(0L));
  }

  @Override
  public String toString() {
    return "#" + seq + " " + operation + " -> " + status + (errorCode.isEmpty() ? "" : " " + errorCode);
  }
}
