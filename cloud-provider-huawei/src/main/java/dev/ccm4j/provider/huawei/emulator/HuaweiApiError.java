package dev.ccm4j.provider.huawei.emulator;

import java.util.Objects;

/**
 * An error a Huawei product answers with: an HTTP status, the product's error code and a message. Products throw it
 * from anywhere inside their handling; {@link HuaweiDialect} renders it in the shape of the product that threw it
 * (ECS {@code {"error":{"code","message"}}}, ELB/VPC/EIP {@code {"error_code","error_msg","request_id"}}, Nova
 * {@code {"itemNotFound":{"code","message"}}}) through {@link Shape}.
 */
final class HuaweiApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the error body is laid out. */
  enum Shape {
    /** {@code {"error_code","error_msg","request_id"}}: API gateway, ELB, VPC, EIP, NAT. */
    GATEWAY,
    /** {@code {"error":{"code","message"}}}: ECS v1. */
    ECS,
    /** {@code {"<kind>":{"code":<status>,"message"}}} with kind badRequest/itemNotFound/...: Nova v2.1. */
    NOVA
  }

  private final int status;
  private final String code;
  private final Shape shape;

  /**
   * Creates an error in the gateway shape.
   *
   * @param status the HTTP status, 400..599
   * @param code the product error code, e.g. {@code ELB.8902}
   * @param message the human-readable message
   */
  HuaweiApiError(int status, String code, String message) {
    this(status, code, message, Shape.GATEWAY);
  }

  /**
   * Creates an error.
   *
   * @param status the HTTP status, 400..599
   * @param code the product error code
   * @param message the human-readable message
   * @param shape the body layout
   */
  HuaweiApiError(int status, String code, String message, Shape shape) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400..599, got " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.shape = Objects.requireNonNull(shape, "shape");
  }

  /**
   * A 404 in the gateway shape with the generic code {@code Common.0404} (guessed: products that know their own
   * not-found code use the constructor).
   *
   * @param what the kind of resource, e.g. {@code loadbalancer}
   * @param id the id looked up
   * @return the error
   */
  static HuaweiApiError notFound(String what, String id) {
    return new HuaweiApiError(404, "Common.0404", what + " " + id + " could not be found.");
  }

  /**
   * A 400 in the gateway shape.
   *
   * @param code the product error code
   * @param msg the message
   * @return the error
   */
  static HuaweiApiError badRequest(String code, String msg) {
    return new HuaweiApiError(400, code, msg);
  }

  /**
   * A 409 in the gateway shape.
   *
   * @param code the product error code
   * @param msg the message
   * @return the error
   */
  static HuaweiApiError conflict(String code, String msg) {
    return new HuaweiApiError(409, code, msg);
  }

  /**
   * An ECS v1 error ({@code {"error":{"code","message"}}}).
   *
   * @param status the HTTP status
   * @param code e.g. {@code Ecs.0114}
   * @param msg the message
   * @return the error
   */
  static HuaweiApiError ecs(int status, String code, String msg) {
    return new HuaweiApiError(status, code, msg, Shape.ECS);
  }

  /**
   * A Nova v2.1 error ({@code {"badRequest":{"code":400,"message"}}} and the like); the code is the body's key.
   *
   * @param status 400 ({@code badRequest}), 404 ({@code itemNotFound}), 409 ({@code conflictingRequest})
   * @param msg the message
   * @return the error
   */
  static HuaweiApiError nova(int status, String msg) {
    String kind = switch (status) {
      case 404 -> "itemNotFound";
      case 409 -> "conflictingRequest";
      case 403 -> "forbidden";
      default -> status >= 500 ? "computeFault" : "badRequest";
    };
    return new HuaweiApiError(status, kind, msg, Shape.NOVA);
  }

  /** The HTTP status. */
  int status() {
    return status;
  }

  /** The product error code (for Nova errors the body's key, e.g. {@code itemNotFound}). */
  String code() {
    return code;
  }

  /** The body layout. */
  Shape shape() {
    return shape;
  }
}
