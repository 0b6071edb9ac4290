package dev.ccm4j.reliability.harness;

import dev.ccm4j.launcher.e2e.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launcher processes for the scenarios that run the Kubernetes API emulator in the test JVM ({@link InJvmApi}) and
 * so cannot use {@link Campaign}: the same {@code java -cp <frozen class path> dev.ccm4j.launcher.Main} command, and
 * a one-shot run that returns the exit code and the output of a launcher that is expected to refuse its input.
 */
public final class Launcher {
  private static final String MAIN = "dev.ccm4j.launcher.Main";

  private Launcher() {}

  /**
   * The command running the launcher with these arguments.
   *
   * @param args the launcher's arguments
   * @return the command
   */
  public static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx512m"));
    String jar = System.getProperty("reliability.launcher.jar", "");
    if (!jar.isBlank()) {
      command.add("-jar");
      command.add(jar);
    } else {
      command.add("-cp");
      command.add(Campaign.classpath());
      command.add(MAIN);
    }
    command.addAll(args);
    return command;
  }

  /**
   * Starts a launcher process logging to {@code <reports>/<scenario>/<name>.log}.
   *
   * @param scenario the scenario's folder
   * @param name the process's name
   * @param args its arguments
   * @return the process
   * @throws IOException if it cannot be started
   */
  public static ChildProcess start(String scenario, String name, List<String> args) throws IOException {
    return ChildProcess.start(name, command(args), Campaign.reports().resolve(scenario).resolve(name + ".log"));
  }

  /** What a launcher run that ended printed, and its exit code. */
  public record Outcome(int exitCode, String output, long millis) {}

  /**
   * Runs the launcher until it exits, killing it after a timeout.
   *
   * @param scenario the scenario's folder (the output is kept there as {@code <name>.log})
   * @param name the run's name
   * @param args the arguments
   * @param timeout how long it may run
   * @return its exit code ({@code -1} when it had to be killed) and output
   * @throws IOException if it cannot be started
   * @throws InterruptedException if interrupted
   */
  public static Outcome run(String scenario, String name, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Campaign.reports().resolve(scenario).resolve(name + ".log");
    Files.createDirectories(log.getParent());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command(args)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    int code;
    if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      code = p.exitValue();
    } else {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      code = -1;
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Outcome(code, Files.readString(log, StandardCharsets.UTF_8), millis);
  }

  /**
   * A port free now, for a process that must be told its port.
   *
   * @return the port
   * @throws IOException if none can be found
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
