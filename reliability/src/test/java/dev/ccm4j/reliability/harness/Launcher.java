package dev.ccm4j.reliability.harness;

import dev.ccm4j.launcher.e2e.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launcher processes: the one command every scenario's processes run ({@link Campaign}'s too), processes for the
 * scenarios that run the Kubernetes API emulator in the test JVM ({@link InJvmApi}) and so cannot use
 * {@link Campaign}, and a one-shot run that returns the exit code and the output of a launcher that is expected to
 * refuse its input.
 */
public final class Launcher {
  private static final String MAIN = "dev.ccm4j.launcher.Main";
  /** Quick to start and small: the children serve one scenario, not production traffic. */
  private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xss512k");

  private Launcher() {}

  /**
   * The command running the launcher with these arguments, its heap capped at 512 MiB.
   *
   * @param args the launcher's arguments
   * @return the command
   */
  public static List<String> command(List<String> args) {
    return command(List.of("-Xmx512m"), args);
  }

  /**
   * The command running the launcher: this JVM's {@code java} with its class path frozen ({@link #classpath()}),
   * or {@code java -jar} a frozen copy of the shaded launcher when {@code -Dreliability.launcher.jar=} names it.
   *
   * @param jvmOptions JVM options after the common ones (e.g. a heap cap)
   * @param args the launcher's arguments
   * @return the command, mutable
   */
  static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(jvmOptions);
    String jar = System.getProperty("reliability.launcher.jar", "");
    if (!jar.isBlank()) {
      command.add("-jar");
      command.add(frozenJar(Path.of(jar)));
    } else {
      command.add("-cp");
      command.add(classpath());
      command.add(MAIN);
    }
    command.addAll(args);
    return command;
  }

  private static String frozenClasspath;

  /**
   * This JVM's class path with every jar copied once into {@code <reports>/classpath/}: the children keep reading
   * their jars while they run, and a concurrent {@code mvn install} of a module replacing a jar in the local
   * repository under a running CCM makes it fail with NoClassDefFoundError half-way through a scenario.
   */
  private static synchronized String classpath() {
    if (frozenClasspath != null) {
      return frozenClasspath;
    }
    Path dir = Campaign.reports().resolve("classpath").toAbsolutePath();
    List<String> entries = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      int i = 0;
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(e);
        if (Files.isRegularFile(p) && e.endsWith(".jar")) {
          Path copy = dir.resolve(String.format("%03d-%s", i++, p.getFileName()));
          Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
          entries.add(copy.toString());
        } else {
          entries.add(e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the class path to " + dir, e);
    }
    frozenClasspath = String.join(File.pathSeparator, entries);
    return frozenClasspath;
  }

  private static String frozenJarPath;

  /** The shaded jar copied once, for the reason {@link #classpath()} gives. */
  private static synchronized String frozenJar(Path jar) {
    if (frozenJarPath == null) {
      Path copy = Campaign.reports().resolve("classpath").resolve("ccm4j.jar").toAbsolutePath();
      try {
        Files.createDirectories(copy.getParent());
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy -Dreliability.launcher.jar " + jar, e);
      }
      frozenJarPath = copy.toString();
    }
    return frozenJarPath;
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
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
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
