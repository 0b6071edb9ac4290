package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProvidersCommandTest {
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void listsTheCloudsAnOperatorRunsAgainstButNotTheTestDoubles() {
    assertThat(run("providers")).isZero();
    assertThat(out.toString()).contains("dev.ccm4j.provider.local.LocalCloudProviderFactory", "alibaba")
        .doesNotContain("fake", "testkit", "(testing)");
  }

  @Test
  void includeTestingAddsTheFakeMarkedAsTesting() {
    assertThat(run("providers", "--include-testing")).isZero();
    assertThat(out.toString()).contains("dev.ccm4j.provider.local.LocalCloudProviderFactory")
        .contains("fake\tdev.ccm4j.testkit.cloud.FakeCloudFactory\t(testing)\n");
  }

  @Test
  void helpSaysWhereTheFakeWent() {
    assertThat(run("providers", "--help")).isZero();
    assertThat(out.toString()).contains("--include-testing", "'fake'", "--cloud-provider=fake works either way");
  }

  @Test
  void theFakeStaysUsableByName() {
    // conformance runs and tests still name it, listed or not
    assertThat(dev.ccm4j.api.CloudProviders.available()).contains("fake");
  }
}
