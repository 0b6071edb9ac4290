package dev.ccm4j.core.serving;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the effective configuration as JSON. The document is converted to a JSON tree and redacted with
 * {@link ConfigRedactor} on every request, so credentials never leave the process whatever the supplier returns.
 */
final class ConfigzHandler implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigzHandler.class);

  private final Supplier<?> configuration;
  private final Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  ConfigzHandler(Supplier<?> configuration) {
    this.configuration = configuration;
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    if (Responses.rejectUnlessRead(exchange)) {
      return;
    }
    if (!exchange.path().equals("/configz")) {
      Responses.text(exchange, 404, "404 page not found\n");
      return;
    }
    String body;
    try {
      JsonElement tree = gson.toJsonTree(configuration.get());
      body = gson.toJson(ConfigRedactor.redact(tree));
    } catch (RuntimeException e) {
      LOG.warn("cannot render /configz", e);
      Responses.text(exchange, 500, "cannot render configuration\n");
      return;
    }
    Responses.send(exchange, 200, "application/json", body);
  }
}
