package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.VendorDialect;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Alibaba's wire conventions for the shared emulator server: the operation label is the RPC {@code Action} (from
 * the parameters or {@code x-acs-action}), errors are {@code {"RequestId","HostId","Code","Message","Recommend"}}
 * with the request id also in {@code x-acs-request-id}, and throttling is {@code Throttling.User} with HTTP 400.
 */
final class AlibabaDialect implements VendorDialect {
  private final IdGenerator ids;
  private final String region;
  private final Map<String, String> productByVersion;

  AlibabaDialect(IdGenerator ids, String region, Map<String, String> productByVersion) {
    this.ids = ids;
    this.region = region;
    this.productByVersion = Map.copyOf(productByVersion);
  }

  @Override
  public String operation(EmulatorRequest request) {
    if (MetadataService.handles(request.path())) {
      return request.path().equals("/latest/api/token") ? "MetadataToken" : "Metadata";
    }
    return action(request).orElse("unknown");
  }

  /** The RPC action a request names: {@code x-acs-action} for V3-signed requests, else the {@code Action} param. */
  static Optional<String> action(EmulatorRequest request) {
    Optional<String> header = request.header("x-acs-action").filter(s -> !s.isEmpty());
    return header.isPresent() ? header : Optional.ofNullable(request.params().get("Action")).filter(s -> !s.isEmpty());
  }

  /** The API version a request names, from {@code x-acs-version} or the {@code Version} param. */
  static Optional<String> version(EmulatorRequest request) {
    Optional<String> header = request.header("x-acs-version").filter(s -> !s.isEmpty());
    return header.isPresent() ? header
        : Optional.ofNullable(request.params().get("Version")).filter(s -> !s.isEmpty());
  }

  @Override
  public EmulatorResponse error(EmulatorRequest request, int status, String code, String message) {
    String requestId = ids.requestId();
    String product = productOf(request);
    JsonObject o = new JsonObject();
    o.addProperty("RequestId", requestId);
    o.addProperty("HostId", product.toLowerCase(Locale.ROOT) + "." + region + ".aliyuncs.com");
    o.addProperty("Code", code);
    o.addProperty("Message", message);
    o.addProperty("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=" + product
        + "&requestId=" + requestId);
    return EmulatorResponse.json(status, o).header("x-acs-request-id", requestId).errorCode(code);
  }

  private String productOf(EmulatorRequest request) {
    try {
      return version(request).map(productByVersion::get).orElse("Ecs");
    } catch (IllegalArgumentException e) {
      // the body is not valid form encoding; the error being rendered says so
      return "Ecs";
    }
  }

  @Override
  public int throttleStatus() {
    return 400;
  }

  @Override
  public String throttleCode() {
    return "Throttling.User";
  }

  @Override
  public Set<String> secretParameters() {
    return Set.of("Signature", "SecurityToken", "AccessKeySecret");
  }

  @Override
  public String badRequestCode() {
    return "InvalidParameter";
  }

  @Override
  public Optional<EmulatorResponse> errorFor(EmulatorRequest request, Exception failure) {
    if (failure instanceof AlibabaApiError e) {
      return Optional.of(error(request, e.status(), e.code(), e.message()));
    }
    return Optional.empty();
  }
}
