package dev.ccm4j.cloud.emulator;

/** Answers one HTTP request; the vendor's API behind an {@link EmulatorServer}, or an extra control route. */
@FunctionalInterface
public interface EmulatorHandler {
  /**
   * Handles a request.
   *
   * @param request the parsed request
   * @return the answer
   * @throws Exception any failure; the server renders it as a 500 in the vendor's error shape (see
   *     {@link VendorDialect#errorFor})
   */
  EmulatorResponse handle(EmulatorRequest request) throws Exception;
}
