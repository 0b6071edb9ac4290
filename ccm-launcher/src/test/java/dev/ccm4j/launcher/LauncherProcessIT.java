package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a separate {@code java} process, as an operator runs it: what reaches its standard error when
 * flags are bad, and while the API server it is pointed at does not answer.
 */
class LauncherProcessIT {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private Process launch(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
  }

  private static void assertNoTrace(String output) {
    assertThat(output).doesNotContain("\tat ").doesNotContain("Caused by:")
        .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b");
  }

  @Test
  void badFlagsExit2NamingEachWithoutAStackTrace() throws Exception {
    try (ServerSocketChannel busy = ServerSocketChannel.open()) {
      busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) busy.getLocalAddress()).getPort();
      Path out = tmp.resolve("bad-flags.log");

      Process p = launch(out, "--cloud-provider=fake", "--bind-address=127.0.0.1", "--secure-port=" + port,
          "--tls-cipher-suites=FOO", "--authorization-always-allow-paths=/healthz,", "--master=https://",
          "--leader-elect-resource-namespace=-bad-", "--concurrent-service-syncs=100000",
          "--concurrent-service-syncs=2", "--concurrent-node-syncs=100000");

      assertThat(p.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isEqualTo(2);
      assertNoTrace(output);
      assertThat(output)
          .contains("--secure-port " + port + ": address already in use")
          .contains("--tls-cipher-suites: unknown suite \"FOO\"")
          .contains("--authorization-always-allow-paths: entry 2 of \"/healthz,\" is empty")
          .contains("--master has no host")
          .contains("--leader-elect-resource-namespace must be a DNS-1123 label")
          .contains("--concurrent-node-syncs must be between 1 and 100, got 100000")
          .as("the last --concurrent-service-syncs wins").doesNotContain("--concurrent-service-syncs");
    }
  }

  @Test
  void anUnreachableApiServerLogsOneLinePerRetryWithoutStackTraces() throws Exception {
    int closedPort;
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      closedPort = ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
    Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: unreachable
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: u
          user: {token: not-a-real-token}
        contexts:
        - name: c
          context: {cluster: unreachable, user: u}
        current-context: c
        """.formatted(closedPort));
    Path out = tmp.resolve("unreachable.log");
    // with and without leader election: the elector and the informers' reflectors each retry for ever
    Process elector = launch(out, "--cloud-provider=fake", "--kubeconfig=" + kubeconfig, "--secure-port=0",
        "--configure-cloud-routes=false", "--leader-elect-retry-period=500ms", "--leader-elect-renew-deadline=1s",
        "--leader-elect-lease-duration=2s");
    Path out2 = tmp.resolve("unreachable-no-election.log");
    Process informers = launch(out2, "--cloud-provider=fake", "--kubeconfig=" + kubeconfig, "--secure-port=0",
        "--configure-cloud-routes=false", "--leader-elect=false");
    try {
      awaitLines(out, "ConnectException");
      awaitLines(out2, "Reflector");
      // several retries of each: the elector every 500 ms, each reflector every second
      Thread.sleep(4_000);
    } finally {
      elector.destroy();
      informers.destroy();
      assertThat(elector.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(informers.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    for (Path log : List.of(out, out2)) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(output).as(log.getFileName().toString()).doesNotContain("\tat ").doesNotContain("Caused by:")
          .doesNotContain("not-a-real-token");
      assertThat(output.lines().filter(l -> l.contains("ConnectException"))).as(output).isNotEmpty();
    }
    // client-java's reflectors retry every second each; their lines are held back to one per window
    List<String> reflectorLines = Files.readString(out2, StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("Reflector")).toList();
    assertThat(reflectorLines).hasSizeBetween(1, 4);
    assertThat(reflectorLines).allMatch(l -> l.contains("caused by ConnectException: Connection refused"));
  }

  private static void awaitLines(Path log, String what) throws Exception {
    try {
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100))
          .until(() -> Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(what));
      return;
    } catch (ConditionTimeoutException e) {
      // the log itself says more than the timeout does: fall through to the message with its text
    }
    throw new AssertionError("no line mentioning " + what + " in " + log + ":\n"
        + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)"));
  }
}
