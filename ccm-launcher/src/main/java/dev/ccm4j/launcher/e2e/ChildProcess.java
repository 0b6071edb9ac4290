package dev.ccm4j.launcher.e2e;

import dev.ccm4j.core.clock.GoDuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process this JVM started, with its standard output and error going to one log file: it can be waited on for a
 * line of output, and stopped as a service manager stops it (SIGTERM, a grace period, then SIGKILL), so the
 * process's own shutdown hooks run (a CCM releases its lease). Public for the fault campaign ({@code reliability}
 * module), which starts launcher processes of its own and kills them with SIGKILL ({@link #kill()}) or SIGTERM
 * ({@link #terminate()}).
 */
public final class ChildProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = Objects.requireNonNull(name, "name");
    this.process = Objects.requireNonNull(process, "process");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Starts a process with this process's environment, writing its output to a log file (replaced).
   *
   * @param name what the process is, for messages
   * @param command the command and its arguments
   * @param log the log file
   * @return the started process
   * @throws IOException if it cannot be started
   */
  public static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .start();
    LOG.debug("started {} as pid {}, output in {}", name, p.pid(), log);
    return new ChildProcess(name, p, log);
  }

  /**
   * Waits until the process prints a line matching a pattern.
   *
   * @param line the pattern, matched against each whole line; its first group is returned
   * @param timeout how long to wait
   * @param what what the line announces, for the error message
   * @return the first group of the first matching line
   * @throws IllegalStateException if the process exits first or the timeout passes, with the end of its log
   * @throws InterruptedException if interrupted while waiting
   */
  public String awaitLine(Pattern line, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String l : lines()) {
        Matcher m = line.matcher(l);
        if (m.matches()) {
          return m.groupCount() > 0 ? m.group(1) : l;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + " before " + what
            + tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(name + " did not report " + what + " within " + GoDuration.format(timeout)
            + tail());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Whether the process is still running.
   *
   * @return true while it runs
   */
  public boolean alive() {
    return process.isAlive();
  }

  /**
   * The exit status.
   *
   * @return the status
   * @throws IllegalThreadStateException if the process still runs
   */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * The process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The log file.
   *
   * @return the file its output goes to
   */
  public Path log() {
    return log;
  }

  /**
   * The end of the log, for error messages.
   *
   * @return a few last lines, introduced by a line naming the log file; empty when there is no output
   */
  public String tail() {
    List<String> lines = lines();
    if (lines.isEmpty()) {
      return " (no output; log " + log + ")";
    }
    List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
    return "; last lines of " + log + ":\n  " + String.join("\n  ", last);
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL after the grace period. Returns at once if it already exited.
   *
   * @param grace how long it may take to stop by itself
   */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) did not stop within {} of SIGTERM; killing it", name, process.pid(),
            GoDuration.format(grace));
        kill();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process at once and waits briefly for it to be gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) is still running after SIGKILL", name, process.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends SIGTERM and returns at once, without waiting: a caller measuring a handover starts its clock here.
   * Does nothing if the process already exited.
   */
  public void terminate() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /**
   * Waits for the process to exit.
   *
   * @param timeout how long to wait
   * @return true if it exited in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the process with a short grace period. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private List<String> lines() {
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      // the process may be writing: a partial last line is only seen once it is complete
      String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
      lines.remove(lines.size() - 1);
      return lines;
    } catch (IOException e) {
      return List.of();
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
