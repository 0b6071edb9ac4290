package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.VendorDialect;
import java.util.Optional;
import java.util.Set;

/**
 * The Inspur wire format: operations named from method and path (the journal labels of the agreed API), SLB errors
 * as {@code {"code","message"}}, token endpoint errors as Keycloak's {@code {"error","error_description"}}, and
 * throttling as HTTP 429.
 */
final class InspurDialect implements VendorDialect {
  /** The error code of a throttled SLB call. */
  static final String THROTTLE_CODE = "TooManyRequests";

  @Override
  public String operation(EmulatorRequest request) {
    return SlbRoute.parse(request.method(), request.path()).operation();
  }

  @Override
  public EmulatorResponse error(EmulatorRequest request, int status, String code, String message) {
    if (SlbRoute.isTokenPath(request.path())) {
      // the server's own codes for an unparseable request or a handler failure, in Keycloak's words
      String oauth = switch (code) {
        case "InvalidParameter" -> "invalid_request";
        case "InternalError" -> "unknown_error";
        default -> code;
      };
      return KeycloakEndpoint.error(status, oauth, message);
    }
    return slbError(status, code, message);
  }

  /**
   * The SLB API's error body.
   *
   * @param status the HTTP status
   * @param code the error code
   * @param message the message
   * @return the response, marked with the code for the journal
   */
  static EmulatorResponse slbError(int status, String code, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("code", code);
    o.addProperty("message", message);
    return EmulatorResponse.json(status, o).errorCode(code);
  }

  @Override
  public int throttleStatus() {
    return 429;
  }

  @Override
  public String throttleCode() {
    return THROTTLE_CODE;
  }

  @Override
  public Set<String> secretParameters() {
    return Set.of("client_secret", "subject_token", "refresh_token", "access_token", "password");
  }

  @Override
  public String badRequestCode() {
    return "InvalidParameter";
  }

  @Override
  public Optional<EmulatorResponse> errorFor(EmulatorRequest request, Exception failure) {
    if (failure instanceof InspurApiError e) {
      return Optional.of(slbError(e.status(), e.code(), e.getMessage()));
    }
    return Optional.empty();
  }
}
