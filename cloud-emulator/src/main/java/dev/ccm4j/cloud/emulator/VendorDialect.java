package dev.ccm4j.cloud.emulator;

import java.util.Optional;
import java.util.Set;

/**
 * What an {@link EmulatorServer} needs to know about one vendor's wire format: how to name a request's operation
 * and how the vendor renders an error.
 */
public interface VendorDialect {
  /**
   * The operation label of a vendor request, used by the journal and by fault matching (e.g. {@code
   * DescribeInstances}). Must not throw; return something generic (e.g. {@code "unknown"}) for unrecognised requests.
   *
   * @param request the request
   * @return the label, never null
   */
  String operation(EmulatorRequest request);

  /**
   * Renders an error the way the vendor does. Implementations should mark the response with
   * {@link EmulatorResponse#errorCode(String)} so the journal records the code; the server does so for the errors it
   * renders itself (faults, handler failures).
   *
   * @param request the request being answered
   * @param status the HTTP status
   * @param code the vendor error code
   * @param message the human-readable message
   * @return the response
   */
  EmulatorResponse error(EmulatorRequest request, int status, String code, String message);

  /**
   * The HTTP status the vendor uses when it throttles a caller.
   *
   * @return e.g. 400 for Alibaba, 429 for most others
   */
  int throttleStatus();

  /**
   * The vendor error code for throttling.
   *
   * @return e.g. {@code Throttling.User}
   */
  String throttleCode();

  /**
   * Request parameter names whose values the journal masks (signatures, tokens, secrets).
   *
   * @return case-sensitive parameter names; empty by default
   */
  default Set<String> secretParameters() {
    return Set.of();
  }

  /**
   * The vendor error code the server uses for a handler failure (HTTP 500).
   *
   * @return the code; {@code InternalError} by default
   */
  default String internalErrorCode() {
    return "InternalError";
  }

  /**
   * The vendor error code the server uses for a request it cannot parse (bad percent-encoding, HTTP 400).
   *
   * @return the code; {@code BadRequest} by default
   */
  default String badRequestCode() {
    return "BadRequest";
  }

  /**
   * Lets the vendor turn an exception thrown by its handler into its own error answer (for example a vendor error
   * type thrown deep inside an action). An empty result makes the server answer a logged 500.
   *
   * @param request the request being answered
   * @param failure what the handler threw
   * @return the answer, or empty for the server's default
   */
  default Optional<EmulatorResponse> errorFor(EmulatorRequest request, Exception failure) {
    return Optional.empty();
  }
}
