package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A cluster named like a subcommand is a cluster name, in both flag spellings. */
class SubcommandNamesAsFlagValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"demo", "emulator", "version", "providers", "conformance", "cloud-emulator"})
  void aFlagValueSpelledLikeASubcommandIsAValue(String name) {
    for (String[] args : new String[][] {
        {"--cloud-provider=fake", "--cluster-name=" + name},
        {"--cloud-provider=fake", "--cluster-name", name}}) {
      CommandLine cli = Main.commandLine();
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      CloudControllerManagerCommand command = cli.getCommand();
      assertThat(parsed.subcommand()).as("%s parsed as a subcommand", name).isNull();
      assertThat(command.options().clusterName()).isEqualTo(name);
    }
  }

  @Test
  void aSubcommandInCommandPositionIsStillASubcommand() {
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs("version");
    assertThat(parsed.subcommand()).isNotNull();
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("version");
  }
}
