package dev.ccm4j.kubeapi;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A bounded, thread-safe record of the requests the emulator served, oldest first. */
public final class RequestJournal {
  private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();
  private final int capacity;

  RequestJournal(int capacity) {
    this.capacity = capacity;
  }

  synchronized void record(RecordedRequest request) {
    if (capacity <= 0) {
      return;
    }
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(request);
  }

  /** Every retained request, oldest first. */
  public synchronized List<RecordedRequest> all() {
    return List.copyOf(entries);
  }

  /** The retained requests that satisfy the predicate, oldest first. */
  public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> predicate) {
    return entries.stream().filter(predicate).toList();
  }

  /** The retained requests with this verb on this resource (for example {@code patch}, {@code nodes/status}). */
  public List<RecordedRequest> of(String verb, String resource) {
    return matching(r -> r.verb().equals(verb) && r.resource().equals(resource));
  }

  /** The most recent request, if any. */
  public synchronized Optional<RecordedRequest> last() {
    return Optional.ofNullable(entries.peekLast());
  }

  /** Number of retained requests. */
  public synchronized int size() {
    return entries.size();
  }

  /** Forgets every retained request. */
  public synchronized void clear() {
    entries.clear();
  }
}
