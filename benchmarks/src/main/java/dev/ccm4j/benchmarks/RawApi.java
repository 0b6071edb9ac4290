package dev.ccm4j.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the emulator: the benchmark's own setup writes and the raw-write baselines. No
 * informers, no rate limiter, no retries, so a baseline measures only what the API server must do.
 */
final class RawApi {
  /** JSON merge patch, the cheapest patch type for the server to apply. */
  static final String MERGE_PATCH = "application/merge-patch+json";

  private static final int ATTEMPTS = 3;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  RawApi(String base) {
    this.base = base;
  }

  /**
   * Creates an object.
   *
   * @param collectionPath e.g. {@code /api/v1/nodes}
   * @param json the object
   */
  void create(String collectionPath, String json) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(base + collectionPath)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), 201);
  }

  /**
   * Applies a JSON merge patch.
   *
   * @param objectPath e.g. {@code /api/v1/nodes/node-1/status}
   * @param json the patch
   */
  void mergePatch(String objectPath, String json) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(base + objectPath)).header("Content-Type", MERGE_PATCH)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), 200);
  }

  private void send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> r;
    int attempt = 1;
    while (true) {
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
        break;
      } catch (IOException e) {
        // a pooled keep-alive connection the server already closed; OkHttp retries these silently too
        if (attempt++ >= ATTEMPTS) {
          throw e;
        }
      }
    }
    // a create whose first attempt reached the server before the connection broke
    boolean createdEarlier = attempt > 1 && expected == 201 && r.statusCode() == 409;
    if (r.statusCode() != expected && !createdEarlier) {
      throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": "
          + r.body());
    }
  }
}
