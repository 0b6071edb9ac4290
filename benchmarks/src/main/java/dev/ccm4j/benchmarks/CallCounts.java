package dev.ccm4j.benchmarks;

import dev.ccm4j.testkit.cloud.Call;
import dev.ccm4j.testkit.cloud.Operation;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fake-cloud calls counted by operation.
 *
 * @param counts calls per operation; only operations that were called
 */
record CallCounts(Map<Operation, Integer> counts) {
  /** The operations that change the cloud. */
  static final Set<Operation> WRITES = EnumSet.of(Operation.ENSURE_LOAD_BALANCER, Operation.UPDATE_LOAD_BALANCER,
      Operation.ENSURE_LOAD_BALANCER_DELETED, Operation.CREATE_ROUTE, Operation.DELETE_ROUTE,
      Operation.ADD_SSH_KEY);

  CallCounts {
    counts = Map.copyOf(counts);
  }

  static CallCounts of(List<Call> calls) {
    Map<Operation, Integer> m = new EnumMap<>(Operation.class);
    for (Call c : calls) {
      m.merge(c.operation(), 1, Integer::sum);
    }
    return new CallCounts(m);
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  int of(Operation operation) {
    return counts.getOrDefault(operation, 0);
  }

  int writes() {
    return WRITES.stream().mapToInt(this::of).sum();
  }

  /** @return e.g. {@code instance-metadata=5000, initialize=1}, in operation order */
  String describe() {
    if (counts.isEmpty()) {
      return "none";
    }
    return new EnumMap<>(counts).entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
