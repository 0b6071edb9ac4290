package dev.ccm4j.vendor.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;

/** The fallback {@link ErrorDecoder}; see {@link ErrorDecoder#standard()}. */
final class StandardErrorDecoder implements ErrorDecoder {
  static final StandardErrorDecoder INSTANCE = new StandardErrorDecoder();

  static final List<String> REQUEST_ID_HEADERS =
      List.of("x-acs-request-id", "x-request-id", "x-openstack-request-id", "request-id");
  private static final List<String> CODE = List.of("Code", "code", "error_code", "errorCode");
  private static final List<String> MESSAGE = List.of("Message", "message", "error_msg", "errorMessage");
  private static final List<String> REQUEST_ID = List.of("RequestId", "requestId", "request_id");

  private StandardErrorDecoder() {}

  @Override
  public VendorError decode(VendorResponse response) {
    VendorError.Builder b = VendorError.builder(response.status());
    Optional<String> id = Optional.empty();
    JsonObject body = Json.tryParseObject(response.body()).orElse(null);
    if (body != null) {
      // Several clouds nest the fields in an "error" object ({"error":{"code":..,"message":..}}).
      JsonObject source = body.has("error") && body.get("error").isJsonObject()
          ? body.getAsJsonObject("error") : body;
      first(source, CODE).ifPresent(b::code);
      first(source, MESSAGE).ifPresent(b::message);
      id = first(source, REQUEST_ID).or(() -> first(body, REQUEST_ID));
    }
    id.or(() -> ErrorDecoder.requestIdHeader(response)).ifPresent(b::requestId);
    return b.build();
  }

  private static Optional<String> first(JsonObject o, List<String> names) {
    for (String n : names) {
      JsonElement e = o.get(n);
      if (e != null && e.isJsonPrimitive() && !e.getAsString().isBlank()) {
        return Optional.of(e.getAsString());
      }
    }
    return Optional.empty();
  }
}
