package dev.ccm4j.core.workqueue;

/**
 * The lane an item waits in. Items in a more urgent lane are always handed out before items in a less urgent one;
 * within a lane the order is FIFO. Constants are declared from most to least urgent.
 */
public enum Priority {
  /** New or changed objects and retries of such work. */
  FOREGROUND,
  /** Periodic resyncs and other work that may wait behind foreground items. */
  BACKGROUND;

  /**
   * Tells whether this priority is served before {@code other}.
   *
   * @param other the priority to compare with
   * @return {@code true} if this lane is strictly more urgent than {@code other}
   */
  public boolean isMoreUrgentThan(Priority other) {
    return ordinal() < other.ordinal();
  }

  /**
   * Returns the more urgent of two priorities.
   *
   * @param a one priority
   * @param b another priority
   * @return {@code a} if it is at least as urgent as {@code b}, otherwise {@code b}
   */
  public static Priority mostUrgent(Priority a, Priority b) {
    return b.isMoreUrgentThan(a) ? b : a;
  }
}
