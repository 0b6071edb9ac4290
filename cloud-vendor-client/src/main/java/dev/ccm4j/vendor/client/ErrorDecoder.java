package dev.ccm4j.vendor.client;

import java.util.Optional;

/**
 * Turns a vendor's non-2xx response into a {@link VendorError}: parses the vendor's error body and classifies it.
 *
 * <p>A decoder may throw or return null; {@link VendorHttpClient} then falls back to the HTTP status alone, so a
 * garbled error body never hides the failure. Decoders must not put credentials into the returned error; the client
 * redacts it anyway.
 */
@FunctionalInterface
public interface ErrorDecoder {

  /**
   * Decodes one error response.
   *
   * @param response the non-2xx response, body fully read
   * @return the decoded error
   */
  VendorError decode(VendorResponse response);

  /**
   * A decoder for clouds without a vendor-specific one: it reads the commonly used JSON members ({@code Code} /
   * {@code code} / {@code error_code}, {@code Message} / {@code message} / {@code error_msg}, {@code RequestId} /
   * {@code requestId} / {@code request_id}, also inside an {@code error} object) and request-id headers, and
   * classifies by HTTP status.
   *
   * @return the shared standard decoder
   */
  static ErrorDecoder standard() {
    return StandardErrorDecoder.INSTANCE;
  }

  /**
   * A request id taken from the headers clouds commonly use for it.
   *
   * @param response any response
   * @return the first non-blank of {@code x-acs-request-id}, {@code x-request-id}, {@code x-openstack-request-id},
   *     {@code request-id}, or empty
   */
  static Optional<String> requestIdHeader(VendorResponse response) {
    for (String name : StandardErrorDecoder.REQUEST_ID_HEADERS) {
      Optional<String> v = response.header(name).filter(s -> !s.isBlank());
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }
}
