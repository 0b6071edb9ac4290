package dev.ccm4j.core.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Serves a {@link PrometheusRegistry} in the format the scraper asks for (Prometheus text or OpenMetrics), in
 * chunks so a large registry is never buffered whole.
 */
final class MetricsHandler implements HttpHandler {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (Responses.rejectUnlessRead(exchange)) {
      return;
    }
    if (!exchange.getRequestURI().getPath().equals("/metrics")) {
      Responses.text(exchange, 404, "404 page not found\n");
      return;
    }
    ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
    if (!writer.isAvailable()) {
      // The protobuf format needs a library this module does not ship.
      writer = formats.getPrometheusTextFormatWriter();
    }
    exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    try (exchange) {
      if (Responses.isHead(exchange)) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        writer.write(out, registry.scrape());
      }
    }
  }
}
