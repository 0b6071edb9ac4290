package dev.ccm4j.provider.local;

import java.util.Locale;

/** The power state an operator gives a local instance. */
public enum InstanceState {
  /** The instance exists and runs; the default for every node. */
  RUNNING,
  /** The instance exists but is stopped: the node gets the shutdown taint. */
  SHUTDOWN,
  /** The instance is gone: the node lifecycle controller deletes the Node. */
  TERMINATED;

  /**
   * The name as written in the cloud-config.
   *
   * @return the lower-case name, for example {@code shutdown}
   */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a cloud-config value.
   *
   * @param value {@code running}, {@code shutdown} or {@code terminated}, in any case
   * @return the state
   * @throws IllegalArgumentException if the value is none of them
   */
  public static InstanceState parse(String value) {
    for (InstanceState s : values()) {
      if (s.configName().equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("expected one of running, shutdown, terminated, got \"" + value + "\"");
  }
}
