package dev.ccm4j.core.serving;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every endpoint: refuses paths that are not in normal form (so {@code /healthz/../configz} can not
 * slip past the always-allow list), applies delegated authentication and authorization when configured, and
 * turns an endpoint's unexpected exception into a 500.
 */
final class AuthorizingHandler implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorizingHandler.class);

  private final DelegatedAuth auth;
  private final Endpoint delegate;

  /** Wraps an endpoint; {@code auth} null serves everyone. */
  AuthorizingHandler(DelegatedAuth auth, Endpoint delegate) {
    this.auth = auth;
    this.delegate = delegate;
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    String path = exchange.path();
    if (!isNormal(path)) {
      Responses.text(exchange, 400, "bad request: path is not in normal form\n");
      return;
    }
    if (auth != null) {
      DelegatedAuth.Decision decision = auth.decide(
          path, exchange.method(), exchange.header("Authorization"));
      if (!decision.allowed()) {
        Responses.text(exchange, decision.status(), decision.message());
        return;
      }
    }
    try {
      delegate.handle(exchange);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", exchange.method(), path, e);
      if (exchange.responded()) {
        // Part of the response is out: only closing the connection tells the client it is incomplete.
        throw new IOException("response aborted after a failure", e);
      }
      Responses.text(exchange, 500, "internal server error\n");
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
