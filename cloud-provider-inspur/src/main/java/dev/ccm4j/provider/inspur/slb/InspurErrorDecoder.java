package dev.ccm4j.provider.inspur.slb;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.ErrorDecoder;
import dev.ccm4j.vendor.client.ErrorKind;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.VendorError;
import dev.ccm4j.vendor.client.VendorResponse;

/**
 * Decodes the Inspur SLB API's error body {@code {"code": "...", "message": "..."}} and Keycloak's
 * {@code {"error": "...", "error_description": "..."}}, and classifies by status: 404 not found, 429 and 503
 * throttled (the client adds the {@code Retry-After} delay), 401 and 403 authentication, 409 conflict, other 4xx an
 * invalid request, 5xx a server failure.
 */
public final class InspurErrorDecoder implements ErrorDecoder {
  /** Creates the decoder. */
  public InspurErrorDecoder() {}

  @Override
  public VendorError decode(VendorResponse response) {
    VendorError.Builder b = VendorError.builder(response.status()).kind(kind(response.status()));
    JsonObject body = Json.tryParseObject(response.body()).orElse(null);
    if (body != null) {
      String code = first(body, "code", "error");
      String message = first(body, "message", "error_description");
      b.code(code).message(message).requestId(first(body, "requestId", "request_id"));
    }
    ErrorDecoder.requestIdHeader(response).ifPresent(b::requestId);
    return b.build();
  }

  static ErrorKind kind(int status) {
    return switch (status) {
      case 404 -> ErrorKind.NOT_FOUND;
      case 429, 503 -> ErrorKind.THROTTLED;
      case 401, 403 -> ErrorKind.AUTH;
      case 409 -> ErrorKind.CONFLICT;
      default -> status >= 500 ? ErrorKind.SERVER : status >= 400 ? ErrorKind.INVALID_REQUEST : ErrorKind.OTHER;
    };
  }

  private static String first(JsonObject o, String... names) {
    for (String n : names) {
      JsonElement e = o.get(n);
      if (e != null && e.isJsonPrimitive() && !e.getAsString().isBlank()) {
        return e.getAsString();
      }
    }
    return "";
  }
}
