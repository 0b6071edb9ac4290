package dev.ccm4j.provider.alibaba.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.ErrorDecoder;
import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decodes Alibaba's error body ({@code {"Code","Message","RequestId","HostId","Recommend"}}) and classifies it by
 * code first, because Alibaba reuses HTTP statuses loosely (a missing load balancer is a 400, a throttled call a
 * 400 or 503, an unknown access key a 404).
 *
 * <p>Classification: any code containing {@code Throttling} is {@link ErrorKind#THROTTLED}, with the wait taken
 * from {@code Retry-After} or the {@code TimeLeft} (milliseconds) of {@code x-ratelimit-user-api} /
 * {@code x-ratelimit-user}; credential and permission codes ({@code InvalidAccessKeyId.*},
 * {@code SignatureDoesNotMatch}, {@code InvalidSecurityToken.*}, {@code Forbidden*}, ...) are
 * {@link ErrorKind#AUTH}, never not-found, so that a revoked key never makes instances look deleted; request-level
 * codes ({@code InvalidAction.NotFound}, {@code InvalidRegionId.NotFound}, ...: see {@link #isRequestLevel}) are
 * {@link ErrorKind#INVALID_REQUEST}; other codes ending in {@code NotFound} are {@link ErrorKind#NOT_FOUND};
 * {@code *.Duplicate}, {@code *Conflict*},
 * {@code IncorrectStatus*} and {@code *AlreadyExist*} are {@link ErrorKind#CONFLICT}; HTTP 5xx is
 * {@link ErrorKind#SERVER}. A 404 without an Alibaba code (a proxy or a wrong endpoint) is {@link ErrorKind#OTHER}:
 * only the cloud itself can say a resource is gone.
 */
public final class AlibabaErrorDecoder implements ErrorDecoder {
  /** The shared instance; the decoder is stateless. */
  public static final AlibabaErrorDecoder INSTANCE = new AlibabaErrorDecoder();

  private AlibabaErrorDecoder() {}

  @Override
  public VendorError decode(VendorResponse response) {
    int status = response.status();
    VendorError.Builder b = VendorError.builder(status);
    JsonObject body = Json.tryParseObject(response.body()).orElse(null);
    String code = "";
    if (body != null) {
      code = string(body, "Code");
      b.code(code).message(string(body, "Message"));
      String id = string(body, "RequestId");
      if (!id.isEmpty()) {
        b.requestId(id);
      }
    }
    if (body == null || string(body, "RequestId").isEmpty()) {
      ErrorDecoder.requestIdHeader(response).ifPresent(b::requestId);
    }
    ErrorKind kind = classify(status, code);
    b.kind(kind);
    if (kind == ErrorKind.THROTTLED) {
      retryAfter(response).ifPresent(b::retryAfter);
    }
    return b.build();
  }

  /**
   * Classifies an Alibaba error.
   *
   * @param httpStatus the response status
   * @param code the {@code Code} of the body, empty when none
   * @return the kind
   */
  public static ErrorKind classify(int httpStatus, String code) {
    String c = code == null ? "" : code.strip();
    String lower = c.toLowerCase(Locale.ROOT);
    if (lower.contains("throttling")) {
      return ErrorKind.THROTTLED;
    }
    if (isAuthCode(c)) {
      return ErrorKind.AUTH;
    }
    if (isRequestLevel(c)) {
      return ErrorKind.INVALID_REQUEST;
    }
    if (c.endsWith("NotFound") || c.endsWith(".NotFound") || lower.endsWith(".notexist")
        || lower.endsWith("_not_exist")) {
      return ErrorKind.NOT_FOUND;
    }
    if (lower.endsWith(".duplicate") || lower.contains("conflict") || lower.startsWith("incorrectstatus")
        || lower.contains("alreadyexist")) {
      return ErrorKind.CONFLICT;
    }
    if (httpStatus >= 500 && httpStatus <= 599) {
      return ErrorKind.SERVER;
    }
    if (c.isEmpty()) {
      // a status without an Alibaba body never proves that a resource is gone
      return httpStatus == 404 ? ErrorKind.OTHER : ErrorKind.forHttpStatus(httpStatus);
    }
    if (lower.startsWith("invalid") || lower.startsWith("missing") || lower.startsWith("quota")) {
      return ErrorKind.INVALID_REQUEST;
    }
    ErrorKind byStatus = ErrorKind.forHttpStatus(httpStatus);
    return byStatus == ErrorKind.NOT_FOUND ? ErrorKind.OTHER : byStatus;
  }

  /**
   * Whether a code says the request itself is wrong (an action, API version, product or region the endpoint does
   * not know: {@code InvalidAction.NotFound}, {@code InvalidRegionId.NotFound}, ...), never that a resource is gone.
   * Such codes end in {@code NotFound} too, but taking them for a missing resource would make a deletion look done
   * (and leak the load balancer) on an endpoint that lacks the action, e.g. a private deployment.
   *
   * @param code the error code, may be empty
   * @return true for request-level codes
   */
  public static boolean isRequestLevel(String code) {
    String c = code == null ? "" : code.strip();
    return c.startsWith("InvalidAction") || c.startsWith("InvalidApi") || c.startsWith("InvalidVersion")
        || c.startsWith("InvalidRegionId") || c.startsWith("InvalidProduct") || c.startsWith("InvalidEndpoint");
  }

  private static boolean isAuthCode(String code) {
    return code.startsWith("InvalidAccessKeyId")
        || code.equals("SignatureDoesNotMatch")
        || code.startsWith("InvalidSecurityToken")
        || code.startsWith("Forbidden")
        || code.equals("IncompleteSignature")
        || code.equals("SignatureNonceUsed")
        || code.startsWith("InvalidTimeStamp")
        || code.equals("InvalidAccessKeySecret")
        || code.startsWith("NoPermission")
        || code.equals("UnsupportedSignatureMethod");
  }

  private static Optional<Duration> retryAfter(VendorResponse response) {
    Optional<Duration> header = response.header("Retry-After").flatMap(AlibabaErrorDecoder::seconds);
    if (header.isPresent()) {
      return header;
    }
    long left = Math.max(timeLeft(response.header("x-ratelimit-user-api")),
        timeLeft(response.header("x-ratelimit-user")));
    return left > 0 ? Optional.of(Duration.ofMillis(left)) : Optional.empty();
  }

  private static Optional<Duration> seconds(String value) {
    try {
      long s = Long.parseLong(value.strip());
      return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      // an HTTP date: the vendor client parses that form itself
      return Optional.empty();
    }
  }

  /** {@code Limit:10,Remain:0,TimeLeft:2203,Reset:...}: the TimeLeft value, 0 when absent or malformed. */
  private static long timeLeft(Optional<String> header) {
    if (header.isEmpty()) {
      return 0;
    }
    for (String pair : header.get().split(",")) {
      String[] kv = pair.split(":", 2);
      if (kv.length == 2 && kv[0].strip().equals("TimeLeft")) {
        try {
          return Math.max(0, Long.parseLong(kv[1].strip()));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString().strip() : "";
  }

  @Override
  public String toString() {
    return "AlibabaErrorDecoder";
  }
}
