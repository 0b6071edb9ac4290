package dev.ccm4j.core.events;

/** The {@code type} of a Kubernetes Event. */
public enum EventType {
  /** Something expected happened. */
  NORMAL("Normal"),
  /** Something the operator should look at. */
  WARNING("Warning");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /**
   * The value written to {@code Event.type}.
   *
   * @return {@code Normal} or {@code Warning}
   */
  public String wire() {
    return wire;
  }
}
