package dev.ccm4j.core.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** Answers every path no endpoint claims. */
final class NotFoundHandler implements HttpHandler {
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Responses.text(exchange, 404, "404 page not found\n");
  }
}
