package dev.ccm4j.kubeapi.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP front for an emulator that answers {@code /openapi/**} from {@link OpenApiDocuments} and forwards
 * every other request, so that real clients meet the documents before the emulator routes them itself.
 */
final class OpenApiProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "openapi-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;
  private final OpenApiDocuments documents;

  OpenApiProxy(String upstream, OpenApiDocuments documents) {
    this.upstream = upstream;
    this.documents = documents;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Path writeKubeconfig(Path file) throws IOException {
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: e\n  cluster:\n    server: " + url()
        + "\ncontexts:\n- name: e\n  context:\n    cluster: e\n    user: e\ncurrent-context: e\nusers:\n- name: e\n"
        + "  user: {}\n", StandardCharsets.UTF_8);
    return file;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/openapi/")) {
        Optional<OpenApiDocuments.Response> r = documents.serve(path, exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders().getFirst("Accept"), exchange.getRequestHeaders().getFirst("If-None-Match"));
        if (r.isPresent()) {
          OpenApiDocuments.Response response = r.get();
          exchange.getResponseHeaders().set("Content-Type", response.contentType());
          response.headers().forEach(exchange.getResponseHeaders()::set);
          int length = response.body().length;
          exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
          }
          return;
        }
      }
      forward(exchange);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_HEADERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        for (String v : h.getValue()) {
          request.header(h.getKey(), v);
        }
      }
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response.headers().map().forEach((k, v) -> {
      if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
        exchange.getResponseHeaders().put(k, v);
      }
    });
    exchange.sendResponseHeaders(response.statusCode(), 0);
    try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
