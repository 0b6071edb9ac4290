package dev.ccm4j.core.serving;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one set of health checks the way Kubernetes components do: {@code ok} or a {@code [+]}/{@code [-]}
 * listing with {@code ?verbose}, {@code ?exclude=<name>} (repeatable), and {@code <base>/<name>} for one check.
 * The aggregate listing withholds failure reasons, because health paths are served without authentication.
 */
final class HealthHandler implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);

  private final String base;
  private final String kind;
  private final HealthChecks checks;

  HealthHandler(String base, HealthChecks checks) {
    this.base = base;
    this.kind = base.substring(1);
    this.checks = checks;
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    if (Responses.rejectUnlessRead(exchange)) {
      return;
    }
    String path = exchange.path();
    if (path.equals(base) || path.equals(base + "/")) {
      aggregate(exchange);
    } else if (path.startsWith(base + "/") && path.indexOf('/', base.length() + 1) < 0) {
      single(exchange, path.substring(base.length() + 1));
    } else {
      Responses.text(exchange, 404, "404 page not found\n");
    }
  }

  private void single(Exchange exchange, String name) throws IOException {
    Optional<HealthChecks.Outcome> outcome = checks.run(name);
    if (outcome.isEmpty()) {
      Responses.text(exchange, 404, "404 page not found\n");
    } else if (outcome.get().status().healthy()) {
      Responses.text(exchange, 200, "ok");
    } else {
      Responses.text(exchange, 500, "internal server error: " + outcome.get().status().message() + "\n");
    }
  }

  private void aggregate(Exchange exchange) throws IOException {
    Map<String, List<String>> query = Responses.query(exchange);
    boolean verbose = query.containsKey("verbose");
    Set<String> excluded = new LinkedHashSet<>(query.getOrDefault("exclude", List.of()));
    List<HealthChecks.Outcome> outcomes = checks.runAll(excluded);
    excluded.removeAll(checks.names());

    StringBuilder listing = new StringBuilder();
    boolean healthy = true;
    for (HealthChecks.Outcome o : outcomes) {
      if (o.status().healthy()) {
        listing.append("[+]").append(o.name()).append(" ok\n");
      } else {
        healthy = false;
        listing.append("[-]").append(o.name()).append(" failed: reason withheld\n");
        LOG.debug("{} check {} failed: {}", kind, o.name(), o.status().message());
      }
    }
    if (!excluded.isEmpty()) {
      listing.append("warn: some health checks cannot be excluded: no matches for ");
      listing.append(String.join(",", excluded.stream().map(n -> '"' + n + '"').toList())).append('\n');
    }
    if (!healthy) {
      Responses.text(exchange, 500, listing + kind + " check failed\n");
    } else if (verbose) {
      Responses.text(exchange, 200, listing + kind + " check passed\n");
    } else {
      Responses.text(exchange, 200, "ok");
    }
  }
}
