package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.VendorDialect;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Huawei wire format: operations named by the product owning the path (the SDK's operation names, e.g.
 * {@code ShowServer}, {@code ListPublicips}); errors as the API gateway renders them
 * ({@code {"error_code","error_msg","request_id"}}), ECS v1 errors as {@code {"error":{"code","message"}}}, Nova
 * errors as {@code {"itemNotFound":{"code":404,"message"}}}; every answer carries {@code X-Request-Id}; throttling is
 * HTTP 429 {@code APIGW.0308}.
 */
final class HuaweiDialect implements VendorDialect {
  /** The gateway's throttling code. */
  static final String THROTTLE_CODE = "APIGW.0308";
  /** The gateway's code for a path no API is published on. */
  static final String NO_API_CODE = "APIGW.0101";

  private final Supplier<List<ProductRoutes>> products;

  HuaweiDialect(Supplier<List<ProductRoutes>> products) {
    this.products = Objects.requireNonNull(products, "products");
  }

  @Override
  public String operation(EmulatorRequest request) {
    Optional<String> metadata = MetadataService.operation(request);
    if (metadata.isPresent()) {
      return metadata.get();
    }
    HuaweiCall call = new HuaweiCall(request);
    for (ProductRoutes p : products.get()) {
      Optional<String> op = p.operation(call);
      if (op.isPresent()) {
        return op.get();
      }
    }
    return "unknown";
  }

  @Override
  public EmulatorResponse error(EmulatorRequest request, int status, String code, String message) {
    HuaweiApiError.Shape shape = code.startsWith("APIGW.") ? HuaweiApiError.Shape.GATEWAY : shapeOf(request);
    return render(status, code, message, shape);
  }

  /**
   * Renders an error in a body shape, with a fresh {@code X-Request-Id}.
   *
   * @param status the HTTP status
   * @param code the error code
   * @param message the message
   * @param shape the body shape
   * @return the response, marked with the code for the journal
   */
  static EmulatorResponse render(int status, String code, String message, HuaweiApiError.Shape shape) {
    String requestId = requestId();
    JsonObject o = new JsonObject();
    switch (shape) {
      case ECS -> {
        JsonObject e = new JsonObject();
        e.addProperty("code", code);
        e.addProperty("message", message);
        o.add("error", e);
      }
      case NOVA -> {
        JsonObject e = new JsonObject();
        e.addProperty("code", status);
        e.addProperty("message", message);
        o.add(code, e);
      }
      default -> {
        o.addProperty("error_code", code);
        o.addProperty("error_msg", message);
        o.addProperty("request_id", requestId);
      }
    }
    return EmulatorResponse.json(status, o).header("X-Request-Id", requestId).errorCode(code);
  }

  /** A request id as Huawei's gateway writes them: 32 lower-case hex digits. */
  static String requestId() {
    return UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
  }

  private static HuaweiApiError.Shape shapeOf(EmulatorRequest request) {
    HuaweiCall call = new HuaweiCall(request);
    if (call.segment(0).filter("v1"::equals).isPresent() && call.segment(2).filter("cloudservers"::equals)
        .isPresent()) {
      return HuaweiApiError.Shape.ECS;
    }
    return HuaweiApiError.Shape.GATEWAY;
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
  public String internalErrorCode() {
    // guessed: Huawei's products each have their own 500 codes; this one names the common layer
    return "Common.0500";
  }

  @Override
  public String badRequestCode() {
    return "APIGW.0201";
  }

  @Override
  public Optional<EmulatorResponse> errorFor(EmulatorRequest request, Exception failure) {
    if (failure instanceof HuaweiApiError e) {
      return Optional.of(render(e.status(), e.code(), e.getMessage(), e.shape()));
    }
    return Optional.empty();
  }
}
