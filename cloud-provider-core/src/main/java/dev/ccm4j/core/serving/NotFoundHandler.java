package dev.ccm4j.core.serving;

import java.io.IOException;

/** Answers every path no endpoint claims. */
final class NotFoundHandler implements Endpoint {
  @Override
  public void handle(Exchange exchange) throws IOException {
    Responses.text(exchange, 404, "404 page not found\n");
  }
}
