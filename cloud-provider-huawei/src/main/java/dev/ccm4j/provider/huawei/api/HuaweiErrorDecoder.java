package dev.ccm4j.provider.huawei.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.ErrorDecoder;
import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes Huawei Cloud error answers, in the three body shapes the official SDKs read:
 * {@code {"error_code","error_msg"}} (API gateway, ELB, VPC), {@code {"code","message"}}, and one nested object
 * {@code {"<x>":{"code","message"}}} (ECS {@code {"error":{..}}}, Nova {@code {"itemNotFound":{..}}}).
 *
 * <p>The request id is the {@code X-Request-Id} header, else the body's {@code request_id}. HTTP 404 is not found;
 * HTTP 429, the gateway's flow-control code {@code APIGW.0308} and any code containing {@code Throttl} or
 * {@code TooManyRequests} are throttling; the gateway's {@code APIGW.0101} ("the API does not exist", a wrong
 * endpoint or path) is an invalid request even though it comes with 404, so that a delete never mistakes a
 * misconfigured endpoint for a resource already gone; the gateway's credential codes are {@link ErrorKind#AUTH};
 * anything else is classified by status.
 */
public final class HuaweiErrorDecoder implements ErrorDecoder {
  /** The API gateway's flow-control (rate limit) error code. */
  public static final String THROTTLED_CODE = "APIGW.0308";

  private static final List<String> CODE = List.of("error_code", "code", "errorCode");
  private static final List<String> MESSAGE = List.of("error_msg", "error_message", "message", "errorMessage");
  private static final List<String> REQUEST_ID = List.of("request_id", "requestId");
  /** The API gateway's "API does not exist" code: the path is wrong, not the resource gone. */
  public static final String NO_SUCH_API_CODE = "APIGW.0101";
  // the gateway's signature and credential failures
  private static final Set<String> AUTH_CODES = Set.of("APIGW.0301", "APIGW.0302", "APIGW.0303");

  /** Creates the decoder; it holds no state. */
  public HuaweiErrorDecoder() {}

  @Override
  public VendorError decode(VendorResponse response) {
    VendorError.Builder b = VendorError.builder(response.status());
    String code = "";
    String requestId = response.header("X-Request-Id").filter(s -> !s.isBlank()).orElse("");
    Optional<JsonObject> parsed = Json.tryParseObject(response.body());
    if (parsed.isPresent()) {
      JsonObject body = parsed.get();
      JsonObject source = hasAny(body, CODE) || hasAny(body, MESSAGE) ? body : nested(body).orElse(body);
      code = first(source, CODE).orElse("");
      first(source, MESSAGE).ifPresent(b::message);
      if (requestId.isEmpty()) {
        requestId = first(source, REQUEST_ID).or(() -> first(body, REQUEST_ID)).orElse("");
      }
    }
    if (requestId.isEmpty()) {
      requestId = ErrorDecoder.requestIdHeader(response).orElse("");
    }
    b.code(code).requestId(requestId).kind(kind(response.status(), code));
    return b.build();
  }

  /**
   * How a status and code are classified.
   *
   * @param status the HTTP status
   * @param code the Huawei error code, may be empty
   * @return the kind
   */
  static ErrorKind kind(int status, String code) {
    if (status == 429 || isThrottleCode(code)) {
      return ErrorKind.THROTTLED;
    }
    if (code.equals(NO_SUCH_API_CODE)) {
      // answered with 404, but a delete must never take a wrong endpoint for "already gone"
      return ErrorKind.INVALID_REQUEST;
    }
    if (status == 404) {
      return ErrorKind.NOT_FOUND;
    }
    if (AUTH_CODES.contains(code)) {
      return ErrorKind.AUTH;
    }
    return ErrorKind.forHttpStatus(status);
  }

  /**
   * Whether an error code means the call was rate limited.
   *
   * @param code the Huawei error code
   * @return true for {@code APIGW.0308} and codes containing {@code Throttl} or {@code TooManyRequests}
   */
  public static boolean isThrottleCode(String code) {
    if (code == null || code.isEmpty()) {
      return false;
    }
    String lower = code.toLowerCase(Locale.ROOT);
    return code.equals(THROTTLED_CODE) || lower.contains("throttl") || lower.contains("toomanyrequests");
  }

  private static Optional<JsonObject> nested(JsonObject body) {
    for (Map.Entry<String, JsonElement> e : body.entrySet()) {
      if (e.getValue().isJsonObject()) {
        JsonObject o = e.getValue().getAsJsonObject();
        if (hasAny(o, CODE) || hasAny(o, MESSAGE)) {
          return Optional.of(o);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean hasAny(JsonObject o, List<String> names) {
    return first(o, names).isPresent();
  }

  private static Optional<String> first(JsonObject o, List<String> names) {
    for (String n : names) {
      JsonElement e = o.get(n);
      if (e != null && e.isJsonPrimitive() && !e.getAsString().isBlank()) {
        return Optional.of(e.getAsString().strip());
      }
    }
    return Optional.empty();
  }
}
