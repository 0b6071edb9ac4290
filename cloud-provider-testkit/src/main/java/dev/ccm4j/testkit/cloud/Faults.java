package dev.ccm4j.testkit.cloud;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Injected errors; the oldest matching fault wins, and a counted fault is used up one call at a time. */
final class Faults {
  static final int FOREVER = -1;

  private static final class Fault {
    final Operation operation;
    final String target;
    final RuntimeException error;
    int remaining;

    Fault(Operation operation, String target, RuntimeException error, int remaining) {
      this.operation = operation;
      this.target = target;
      this.error = error;
      this.remaining = remaining;
    }

    boolean matches(Operation op, Set<String> keys) {
      return operation == op && (target == null || keys.contains(target));
    }
  }

  private final List<Fault> faults = new ArrayList<>();

  synchronized void add(Operation operation, String target, RuntimeException error, int times) {
    faults.add(new Fault(operation, target, error, times));
  }

  synchronized Optional<RuntimeException> take(Operation operation, Set<String> keys) {
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.matches(operation, keys)) {
        if (f.remaining != FOREVER && --f.remaining == 0) {
          it.remove();
        }
        return Optional.of(f.error);
      }
    }
    return Optional.empty();
  }

  synchronized void clear(Operation operation) {
    faults.removeIf(f -> operation == null || f.operation == operation);
  }
}
