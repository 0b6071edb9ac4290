package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorHandler;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes every request that is not the control API: {@code /latest/...} to the metadata service, everything else to
 * the product whose version the request names and to that product's action, after the signature is verified.
 */
final class AlibabaHandler implements EmulatorHandler {
  private final AlibabaCloudState state;
  private final Map<String, ProductApi> byVersion = new HashMap<>();
  private final Map<String, Map<String, ActionHandler>> actions = new HashMap<>();
  private final SignatureVerifier verifier;
  private final MetadataService metadata;

  AlibabaHandler(AlibabaCloudState state, List<ProductApi> products, SignatureVerifier verifier,
      MetadataService metadata) {
    this.state = state;
    for (ProductApi p : products) {
      ProductApi clash = byVersion.putIfAbsent(p.version(), p);
      if (clash != null) {
        throw new IllegalStateException("products " + clash.product() + " and " + p.product()
            + " both claim API version " + p.version());
      }
      actions.put(p.version(), Map.copyOf(p.actions()));
    }
    this.verifier = verifier;
    this.metadata = metadata;
  }

  /** The product code of each version, for error rendering. */
  static Map<String, String> productCodes(List<ProductApi> products) {
    Map<String, String> out = new HashMap<>();
    products.forEach(p -> out.put(p.version(), p.product()));
    return out;
  }

  @Override
  public EmulatorResponse handle(EmulatorRequest request) {
    if (MetadataService.handles(request.path())) {
      return metadata.handle(request);
    }
    if (!request.path().equals("/")) {
      throw AlibabaApiError.notFound("InvalidAction.NotFound",
          "Specified api is not found, please check your url and method.");
    }
    String action = AlibabaDialect.action(request).orElseThrow(() -> AlibabaApiError.invalid("MissingParameter",
        "The input parameter \"Action\" that is mandatory for processing this request is not supplied."));
    String version = AlibabaDialect.version(request).orElseThrow(() -> AlibabaApiError.invalid("MissingParameter",
        "The input parameter \"Version\" that is mandatory for processing this request is not supplied."));
    Map<String, ActionHandler> productActions = actions.get(version);
    if (productActions == null) {
      throw AlibabaApiError.invalid("InvalidVersion", "Specified parameter Version is not valid.");
    }
    ActionHandler handler = productActions.get(action);
    if (handler == null) {
      throw AlibabaApiError.notFound("InvalidAction.NotFound",
          "Specified api is not found, please check your url and method.");
    }
    String accessKeyId = verifier.verify(request);
    JsonObject body = handler.handle(new RpcCall(action, version, request.params(), accessKeyId, state));
    String requestId = Optional.ofNullable(body.get("RequestId")).filter(JsonElement::isJsonPrimitive)
        .map(JsonElement::getAsString).orElseGet(() -> state.ids().requestId());
    // RequestId leads the answer, as Alibaba writes it
    JsonObject answer = new JsonObject();
    answer.addProperty("RequestId", requestId);
    body.entrySet().forEach(e -> {
      if (!e.getKey().equals("RequestId")) {
        answer.add(e.getKey(), e.getValue());
      }
    });
    return EmulatorResponse.json(200, answer).header("x-acs-request-id", requestId);
  }
}
