package dev.ccm4j.testkit.cloud;

/** The lifecycle state of a {@link FakeInstance}. */
public enum InstanceState {
  /** The instance runs: it exists and is not shut down. */
  RUNNING,
  /** The instance is stopped: it still exists, and is reported as shut down. */
  STOPPED,
  /** The instance is gone: it does not exist and lookups throw {@link dev.ccm4j.api.InstanceNotFoundException}. */
  TERMINATED
}
