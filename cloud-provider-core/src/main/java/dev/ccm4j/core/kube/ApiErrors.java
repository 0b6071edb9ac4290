package dev.ccm4j.core.kube;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudProviderException;
import io.kubernetes.client.openapi.ApiException;
import java.util.Optional;

/**
 * One-line descriptions of failures for WARN lines and events. The client's {@link ApiException#getMessage()} spans
 * several lines with the whole response body and headers; here an API error becomes its HTTP status code and, when
 * the body is a Kubernetes {@code Status}, its reason and (shortened) message. The raw body and the headers never
 * appear: the full exception belongs in a DEBUG stack trace.
 */
public final class ApiErrors {
  /** The longest Status message kept; API servers can put whole objects into it. */
  public static final int MAX_STATUS_MESSAGE = 200;
  /** The longest message of any other exception kept. */
  static final int MAX_MESSAGE = 500;

  private ApiErrors() {
  }

  /**
   * Describes a failure on one line. An {@link ApiException} (itself or anywhere in the cause chain) is shown as
   * {@code HTTP <code> <reason>: <message>} from its Status body, or {@code no response from the API server (...)}
   * when there was no HTTP answer; any other exception as {@code <SimpleName>: <first line of its message>}.
   *
   * @param failure the failure
   * @return a single line without response headers or raw bodies
   */
  public static String describe(Throwable failure) {
    Optional<ApiException> api = CloudProviderException.findInChain(failure, ApiException.class);
    if (api.isEmpty()) {
      return simple(failure);
    }
    String http = http(api.get());
    if (failure == api.get()) {
      return http;
    }
    // A wrapper's message often embeds the ApiException's: its first line holds no body or header.
    String outer = firstLine(failure.getMessage());
    String name = failure.getClass().getSimpleName();
    return (outer.isEmpty() || outer.equals(api.get().toString().lines().findFirst().orElse(""))
        ? name : name + ": " + shorten(outer, MAX_MESSAGE)) + " (" + http + ")";
  }

  private static String http(ApiException e) {
    if (e.getCode() == 0) {
      Throwable cause = e.getCause();
      return "no response from the API server" + (cause == null ? "" : " (" + simple(cause) + ")");
    }
    StringBuilder out = new StringBuilder("HTTP ").append(e.getCode());
    statusBody(e.getResponseBody()).ifPresent(status -> {
      if (!status.reason().isEmpty()) {
        out.append(' ').append(status.reason());
      }
      if (!status.message().isEmpty()) {
        out.append(": ").append(shorten(status.message(), MAX_STATUS_MESSAGE));
      }
    });
    return out.toString();
  }

  /** The reason and message of a {@code kind: Status} body; anything else is ignored, never echoed. */
  private static Optional<StatusText> statusBody(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (!parsed.isJsonObject()) {
        return Optional.empty();
      }
      JsonObject object = parsed.getAsJsonObject();
      if (!"Status".equals(string(object, "kind"))) {
        return Optional.empty();
      }
      return Optional.of(new StatusText(oneLine(string(object, "reason")), oneLine(string(object, "message"))));
    } catch (RuntimeException notJson) {
      return Optional.empty();
    }
  }

  private static String string(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static String simple(Throwable t) {
    String message = firstLine(t.getMessage());
    return message.isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName() + ": "
        + shorten(message, MAX_MESSAGE);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    return text.lines().findFirst().orElse("").strip();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private record StatusText(String reason, String message) {}
}
