package dev.ccm4j.cloud.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded record of vendor requests an {@link EmulatorServer} answered, oldest first. Control API requests are
 * not recorded: the journal shows what the client under test asked the cloud. Thread-safe.
 */
public final class Journal {
  private final int capacity;
  private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();

  Journal(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("journal capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  synchronized void record(JournalEntry entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** Every retained entry, oldest first (at most the capacity; the oldest are dropped first). */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /**
   * The retained entries of one operation, oldest first.
   *
   * @param operation the exact operation label
   * @return the entries
   */
  public synchronized List<JournalEntry> entries(String operation) {
    List<JournalEntry> out = new ArrayList<>();
    for (JournalEntry e : entries) {
      if (e.operation().equals(operation)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * How many retained entries have this operation.
   *
   * @param operation the exact operation label
   * @return the count
   */
  public synchronized int count(String operation) {
    int n = 0;
    for (JournalEntry e : entries) {
      if (e.operation().equals(operation)) {
        n++;
      }
    }
    return n;
  }

  /** The number of entries retained at most. */
  public int capacity() {
    return capacity;
  }

  /** Drops every entry; sequence numbers keep increasing. */
  public synchronized void clear() {
    entries.clear();
  }
}
