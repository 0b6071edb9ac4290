package dev.ccm4j.core.serving;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Serves a {@link PrometheusRegistry} in the format the scraper asks for (Prometheus text or OpenMetrics), in
 * chunks so a large registry is never buffered whole.
 */
final class MetricsHandler implements Endpoint {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    if (Responses.rejectUnlessRead(exchange)) {
      return;
    }
    if (!exchange.path().equals("/metrics")) {
      Responses.text(exchange, 404, "404 page not found\n");
      return;
    }
    ExpositionFormatWriter writer = formats.findWriter(exchange.header("Accept"));
    if (!writer.isAvailable()) {
      // The protobuf format needs a library this module does not ship.
      writer = formats.getPrometheusTextFormatWriter();
    }
    exchange.setHeader("Cache-Control", "no-cache, private");
    try (OutputStream out = exchange.respondChunked(200, writer.getContentType())) {
      // HEAD discards the body: no scrape to throw away
      if (!exchange.isHead()) {
        writer.write(out, registry.scrape());
      }
    }
  }
}
