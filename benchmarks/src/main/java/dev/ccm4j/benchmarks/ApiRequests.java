package dev.ccm4j.benchmarks;

import dev.ccm4j.kubeapi.RecordedRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The controllers' requests to the emulator since an instant, counted by verb, resource and client. */
final class ApiRequests {
  static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection");

  private ApiRequests() {}

  /**
   * Counts the requests of every client but the benchmark's own.
   *
   * @param c the cluster
   * @param since the first instant counted
   * @param filter which requests to count
   * @return e.g. {@code patch nodes (node-controller)=5000}, sorted
   */
  static Map<String, Long> since(BenchmarkCluster c, Instant since, Predicate<RecordedRequest> filter) {
    return c.server().journal().matching(r -> !r.time().isBefore(since) && fromControllers(r) && filter.test(r))
        .stream().collect(Collectors.groupingBy(ApiRequests::describe, TreeMap::new, Collectors.counting()));
  }

  static String format(Map<String, Long> counts) {
    return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static boolean fromControllers(RecordedRequest r) {
    String agent = r.userAgent();
    return !agent.startsWith(BenchmarkCluster.OBSERVER) && !agent.startsWith("Java-http-client");
  }

  private static String describe(RecordedRequest r) {
    return r.verb() + " " + r.resource() + " (" + r.userAgent().replaceAll("/.*", "") + ")";
  }
}
