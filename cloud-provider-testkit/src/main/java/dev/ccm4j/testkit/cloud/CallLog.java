package dev.ccm4j.testkit.cloud;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The ordered, thread-safe record of calls; sequence numbers are handed out under the same lock as appends. */
final class CallLog {
  private final Clock clock;
  private final List<Call> calls = new ArrayList<>();
  private long nextSequence = 1;

  CallLog(Clock clock) {
    this.clock = clock;
  }

  synchronized Call append(Operation operation, String target, List<String> nodes) {
    Call call = new Call(nextSequence++, clock.instant(), operation, target, nodes, Thread.currentThread().getName());
    calls.add(call);
    return call;
  }

  synchronized List<Call> all() {
    return List.copyOf(calls);
  }

  synchronized List<Call> of(Operation operation) {
    return calls.stream().filter(c -> c.operation() == operation).toList();
  }

  synchronized int count(Operation operation) {
    return (int) calls.stream().filter(c -> c.operation() == operation).count();
  }

  synchronized void clear() {
    calls.clear();
  }
}
