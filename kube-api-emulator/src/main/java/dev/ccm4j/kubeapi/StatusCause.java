package dev.ccm4j.kubeapi;

import java.util.Objects;

/**
 * One reason an object was rejected, as the API server lists it under {@code details.causes} of a
 * 422 {@code Status}.
 *
 * @param reason machine-readable reason, for example {@code FieldValueInvalid}, {@code FieldValueRequired},
 *     {@code FieldValueDuplicate}, {@code FieldValueNotSupported}, {@code FieldValueForbidden}
 * @param message human-readable message, for example {@code Invalid value: 80: provided port is not in the valid range}
 * @param field JSON path of the offending field, for example {@code spec.ports[0].nodePort}
 */
public record StatusCause(String reason, String message, String field) {
  public StatusCause {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(field, "field");
  }

  /** A {@code FieldValueInvalid} cause, with the real API server's message shape. */
  public static StatusCause invalid(String field, Object value, String detail) {
    return new StatusCause("FieldValueInvalid", "Invalid value: " + render(value) + ": " + detail, field);
  }

  /** A {@code FieldValueRequired} cause. */
  public static StatusCause required(String field) {
    return new StatusCause("FieldValueRequired", "Required value", field);
  }

  /** A {@code FieldValueDuplicate} cause. */
  public static StatusCause duplicate(String field, Object value) {
    return new StatusCause("FieldValueDuplicate", "Duplicate value: " + render(value), field);
  }

  /** A {@code FieldValueNotSupported} cause. */
  public static StatusCause notSupported(String field, Object value, String supported) {
    return new StatusCause(
        "FieldValueNotSupported", "Unsupported value: " + render(value) + ": supported values: " + supported, field);
  }

  /** A {@code FieldValueForbidden} cause. */
  public static StatusCause forbidden(String field, String detail) {
    return new StatusCause("FieldValueForbidden", "Forbidden: " + detail, field);
  }

  private static String render(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  /** The cause's text as it appears inside the Status message: {@code field: message}. */
  String describe() {
    return field + ": " + message;
  }
}
