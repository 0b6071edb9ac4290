package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A provider that cannot start is one line and exit status 1, never a stack trace; other bugs still surface. */
class ProviderStartFailureTest {

  @Test
  void aProviderFailureIsOneLineAndExitStatusOne() throws Exception {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int status = cli.getExecutionExceptionHandler().handleExecutionException(
        new CloudProviderException("the metadata service cannot tell the region"), cli, null);

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("ccm4j: the cloud provider failed to start: the metadata service cannot tell the region");
  }

  @Test
  void aBadFlagIsItsMessageAndOnePointerToHelpNotTheUsage() {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int status = cli.execute("--cloud-provider=fake", "--kube-api-qps=fast");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--kube-api-qps").contains("--help' for every flag.")
        .doesNotContain("Usage:");
    assertThat(err.toString().lines().count()).isLessThanOrEqualTo(3);
  }

  @Test
  void anythingElseIsNotSwallowed() {
    CommandLine cli = Main.commandLine();
    IllegalStateException bug = new IllegalStateException("bug");
    assertThatThrownBy(() -> cli.getExecutionExceptionHandler().handleExecutionException(bug, cli, null))
        .isSameAs(bug);
  }
}
