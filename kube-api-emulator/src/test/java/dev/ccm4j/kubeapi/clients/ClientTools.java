package dev.ccm4j.kubeapi.clients;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds the client programs the user ITs drive, runs them, and makes a skip visible in the build output. */
public final class ClientTools {
  private ClientTools() {}

  /** What a finished client process printed. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Both streams, for failure messages. */
    String all() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** An executable file named {@code name} in a directory of PATH. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.isFile() && f.canExecute()) {
        return Optional.of(f.toPath());
      }
    }
    return Optional.empty();
  }

  /**
   * Skips the calling test class when {@code present} is false, saying so in the build output: surefire keeps the
   * tests' own stdout and stderr in report files, so the line goes to the fork's native stderr, which Maven prints.
   */
  static void skipUnless(boolean present, String testClass, String why) {
    if (!present) {
      String line = "[SKIPPED] " + testClass + ": " + why;
      PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
      err.println(line);
      Assumptions.abort(line);
    }
  }

  /** Runs a command in {@code dir} with extra environment, feeding nothing on stdin, and waits for it. */
  static Result run(Path dir, Map<String, String> env, List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; stdout: "
          + Files.readString(out) + " stderr: " + Files.readString(err));
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
