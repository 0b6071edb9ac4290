package dev.ccm4j.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (POSIX shell) started, awaited and stopped as the cloud-emulator e2e run does. */
@DisabledOnOs(OS.WINDOWS)
class ChildProcessTest {
  private static final Pattern ENDPOINT = Pattern.compile("endpoint: (\\S+)");

  @TempDir Path tmp;

  private ChildProcess shell(String script) throws Exception {
    return ChildProcess.start("the test process", List.of("sh", "-c", script), tmp.resolve("logs/child.log"));
  }

  @Test
  void awaitsAnAnnouncedLineAndStopsWithSigterm() throws Exception {
    try (ChildProcess p = shell("echo starting; echo 'endpoint: http://127.0.0.1:4242'; exec sleep 30")) {
      assertThat(p.awaitLine(ENDPOINT, Duration.ofSeconds(10), "its endpoint")).isEqualTo("http://127.0.0.1:4242");
      assertThat(p.alive()).isTrue();

      p.stop(Duration.ofSeconds(5));

      assertThat(p.alive()).isFalse();
      assertThat(p.exitValue()).as("killed by SIGTERM").isEqualTo(128 + 15);
    }
  }

  @Test
  void aProcessThatExitsFirstIsReportedWithItsStatusAndTheEndOfItsLog() throws Exception {
    try (ChildProcess p = shell("echo 'error: --cloud-config: Global.region is invalid' >&2; exit 3")) {
      assertThatThrownBy(() -> p.awaitLine(ENDPOINT, Duration.ofSeconds(10), "its endpoint"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the test process exited with status 3 before its endpoint")
          .hasMessageContaining("Global.region is invalid")
          .hasMessageContaining(tmp.resolve("logs/child.log").toString());
    }
  }

  @Test
  void aProcessThatNeverAnnouncesTimesOut() throws Exception {
    try (ChildProcess p = shell("echo 'endpoint: half'; exec sleep 30")) {
      assertThatThrownBy(() -> p.awaitLine(Pattern.compile("ready"), Duration.ofMillis(300), "readiness"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not report readiness within 300ms")
          .hasMessageContaining("endpoint: half");
      assertThat(p.alive()).isTrue();
    }
  }

  @Test
  void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
    try (ChildProcess p = shell("trap '' TERM; echo ready; while :; do sleep 0.1; done")) {
      p.awaitLine(Pattern.compile("ready"), Duration.ofSeconds(10), "readiness");
      long start = System.nanoTime();

      p.stop(Duration.ofMillis(500));

      assertThat(p.alive()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(p.exitValue()).as("SIGKILL").isEqualTo(128 + 9);
    }
  }
}
