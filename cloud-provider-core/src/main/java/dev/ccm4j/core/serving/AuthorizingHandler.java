package dev.ccm4j.core.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every endpoint: refuses paths that are not in normal form (so {@code /healthz/../configz} can not
 * slip past the always-allow list), applies delegated authentication and authorization when configured, and
 * turns an endpoint's unexpected exception into a 500.
 */
final class AuthorizingHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizingHandler.class);

  private final DelegatedAuth auth;
  private final HttpHandler delegate;

  /** Wraps an endpoint; {@code auth} null serves everyone. */
  AuthorizingHandler(DelegatedAuth auth, HttpHandler delegate) {
    this.auth = auth;
    this.delegate = delegate;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!isNormal(path)) {
      Responses.text(exchange, 400, "bad request: path is not in normal form\n");
      return;
    }
    if (auth != null) {
      DelegatedAuth.Decision decision = auth.decide(
          path, exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Authorization"));
      if (!decision.allowed()) {
        Responses.text(exchange, decision.status(), decision.message());
        return;
      }
    }
    try {
      delegate.handle(exchange);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", exchange.getRequestMethod(), path, e);
      try {
        Responses.text(exchange, 500, "internal server error\n");
      } catch (IOException | RuntimeException alreadyCommitted) {
        exchange.close();
      }
    }
  }

  /** True for an absolute (decoded) path without empty, {@code .} or {@code ..} segments. */
  private static boolean isNormal(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean trailingSlash = i == segments.length - 1 && segment.isEmpty();
      if ((segment.isEmpty() && !trailingSlash) || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
