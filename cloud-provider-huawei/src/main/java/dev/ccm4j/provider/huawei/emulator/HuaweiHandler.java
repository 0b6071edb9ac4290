package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes one request as Huawei's API gateway does: metadata paths need no signature; an API path no product
 * serves is a 404 {@code APIGW.0101} before any authentication; otherwise the signature is checked, then the
 * project ({@code X-Project-Id} and the path's), then the product answers. Every answer carries {@code X-Request-Id}.
 */
final class HuaweiHandler {
  /** The gateway's code for a project that is not the caller's (guessed: Huawei documents no single code). */
  static final String PROJECT_CODE = "APIGW.0302";

  private final HuaweiState state;
  private final List<ProductRoutes> products;
  private final SignatureVerifier verifier;
  private final MetadataService metadata;

  HuaweiHandler(HuaweiState state, List<ProductRoutes> products, SignatureVerifier verifier,
      MetadataService metadata) {
    this.state = Objects.requireNonNull(state, "state");
    this.products = List.copyOf(products);
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
  }

  EmulatorResponse handle(EmulatorRequest request) {
    if (MetadataService.operation(request).isPresent()) {
      return metadata.handle(request);
    }
    HuaweiCall call = new HuaweiCall(request);
    ProductRoutes product = null;
    for (ProductRoutes p : products) {
      if (p.operation(call).isPresent()) {
        product = p;
        break;
      }
    }
    if (product == null) {
      return HuaweiDialect.render(404, HuaweiDialect.NO_API_CODE,
          "The API does not exist or has not been published in the environment", HuaweiApiError.Shape.GATEWAY);
    }
    verifier.verify(request);
    checkProject(call);
    EmulatorResponse r = product.handle(call);
    return r.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("X-Request-Id")) ? r
        : r.header("X-Request-Id", HuaweiDialect.requestId());
  }

  private void checkProject(HuaweiCall call) {
    Optional<String> header = call.request().header("x-project-id").filter(s -> !s.isBlank());
    if (header.isPresent() && !header.get().equals(state.projectId())) {
      throw new HuaweiApiError(403, PROJECT_CODE, "The IAM user is not authorized to access the API: project "
          + header.get() + " is not a project of this account");
    }
    Optional<String> path = call.pathProject();
    if (path.isPresent() && !path.get().equals(state.projectId())) {
      throw new HuaweiApiError(403, PROJECT_CODE, "The IAM user is not authorized to access the API: project "
          + path.get() + " in the URL is not the project of the request");
    }
  }
}
