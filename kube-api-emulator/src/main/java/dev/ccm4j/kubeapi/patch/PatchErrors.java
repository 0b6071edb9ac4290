package dev.ccm4j.kubeapi.patch;

import dev.ccm4j.kubeapi.ApiError;

/** Errors the patch engines raise, shaped like the API server's answers to bad patches. */
final class PatchErrors {
  private PatchErrors() {}

  /** 400: the patch body cannot be understood at all. */
  static ApiError malformed(String detail) {
    return ApiError.badRequest(detail);
  }

  /**
   * 422 Invalid: a well-formed patch that cannot be applied to this object (a failed JSON-Patch {@code test}, a
   * missing path). The real server answers these with reason Invalid and the patch library's message.
   */
  static ApiError unprocessable(String detail) {
    return ApiError.injected(422, "Invalid",
        "the server rejected our request due to an error in our request: " + detail);
  }
}
