package dev.ccm4j.reliability.harness;

import dev.ccm4j.launcher.e2e.ChildProcess;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One CCM process of a {@link Campaign}: its process, its serving port (metrics and health, always allowed without
 * credentials so the campaign needs none) and, once it has led, its lease identity.
 */
public final class Ccm implements AutoCloseable {
  private static final Pattern BECAME_LEADER = Pattern.compile(".*became leader .*identity=(\\S+).*");
  private static final Pattern NEW_LEADER = Pattern.compile(".*new leader .*holder=(\\S+).*");

  private final String name;
  private final ChildProcess process;
  private final int port;

  Ccm(String name, ChildProcess process, int port) {
    this.name = Objects.requireNonNull(name, "name");
    this.process = Objects.requireNonNull(process, "process");
    this.port = port;
  }

  /**
   * The name the campaign gave it.
   *
   * @return e.g. {@code ccm-a}
   */
  public String name() {
    return name;
  }

  /**
   * The process.
   *
   * @return the child process
   */
  public ChildProcess process() {
    return process;
  }

  /**
   * Waits until this CCM logs that it became leader.
   *
   * @param timeout how long to wait
   * @return its lease identity
   * @throws IllegalStateException if it exits first or does not lead in time
   * @throws InterruptedException if interrupted
   */
  public String awaitLeading(Duration timeout) throws InterruptedException {
    return process.awaitLine(BECAME_LEADER, timeout, "that it became leader");
  }

  /**
   * Waits until this CCM, as a standby, has seen the lease's holder: it competes from now on.
   *
   * @param timeout how long to wait
   * @return the holder it saw
   * @throws IllegalStateException if it exits first or sees none in time
   * @throws InterruptedException if interrupted
   */
  public String awaitStandby(Duration timeout) throws InterruptedException {
    return process.awaitLine(NEW_LEADER, timeout, "the current leader");
  }

  /**
   * Whether it logged that it became leader.
   *
   * @return true once it has led
   */
  public boolean hasLed() {
    try {
      process.awaitLine(BECAME_LEADER, Duration.ZERO, "that it became leader");
      return true;
    } catch (IllegalStateException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Scrapes {@code /metrics}.
   *
   * @return the samples
   * @throws IllegalStateException when it does not answer 200
   */
  public Metrics metrics() {
    return Metrics.parse(get("/metrics"));
  }

  /**
   * The status and body of a GET on the serving port.
   *
   * @param path e.g. {@code /healthz}
   * @return the body when the status is 200
   * @throws IllegalStateException for any other status or a connection failure
   */
  public String get(String path) {
    Probe.Answer a = Probe.get(port, path, Duration.ofSeconds(10));
    if (a.status() == -1) {
      throw new IllegalStateException(name + ": GET " + path + " failed: " + a.body());
    }
    if (!a.ok()) {
      throw new IllegalStateException(name + " answered " + a.status() + " to GET " + path);
    }
    return a.body();
  }

  /** SIGKILL, waiting until it is gone. */
  public void kill() {
    process.kill();
  }

  /** SIGTERM, returning at once. */
  public void terminate() {
    process.terminate();
  }

  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    process.stop(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return name + " " + process;
  }
}
