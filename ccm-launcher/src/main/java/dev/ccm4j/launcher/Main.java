package dev.ccm4j.launcher;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.core.clock.GoDuration;
import picocli.CommandLine;

/** Entry point of {@code java -jar ccm4j.jar}. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status: 0 on success, 2 for invalid flags or configuration, 1 for
   * failures at run time.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line without exiting, for embedding and tests.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    java.util.List<String> unsupported = UpstreamFlags.check(args);
    if (!unsupported.isEmpty()) {
      cli.getErr().println(String.join("\n", unsupported));
      cli.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new CloudControllerManagerCommand());
    // one program name in every usage line and error, whatever the command class calls itself
    cli.setCommandName("ccm4j");
    // `ccm4j help` and `ccm4j help <command>` print the usage, as `--help` does
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    // the converter's own message ("invalid duration ...") is the error, without a Java exception's class name
    cli.registerConverter(java.time.Duration.class, value -> {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    });
    // help shows a Duration default as a Go duration (5m0s), not java.time's PT5M
    cli.setDefaultValueProvider(Main::goDurationDefault);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // A flag value may be spelled like a subcommand (--cluster-name=demo, --cluster-name emulator): it is a value.
    cli.setAllowSubcommandsAsOptionParameters(true);
    // Upstream's flag parser keeps the last value of a repeated single-valued flag (and appends for list flags),
    // and overlays that append flags rely on it; the setting reaches every subcommand registered so far.
    cli.setOverwrittenOptionsAllowed(true);
    // An invalid flag or cloud-config is the message and one pointer to --help: the full usage (over 200 lines)
    // would scroll the one useful line away
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine command = e.getCommandLine();
      java.io.PrintWriter err = command.getErr();
      err.println(e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for every flag.");
      err.flush();
      return command.getCommandSpec().exitCodeOnInvalidInput();
    });
    // A provider that cannot start (an unreachable metadata service, refused credentials) says why in one line; its
    // exceptions carry no secrets by the SPI's contract, and a stack trace would only bury the message.
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      if (!(e instanceof CloudProviderException)) {
        throw e;
      }
      command.getErr().println("ccm4j: the cloud provider failed to start: " + e.getMessage());
      command.getErr().flush();
      return 1;
    });
    return cli;
  }

  /**
   * A Duration option's initial value as a Go duration, so that help shows {@code 0s} and {@code 5m0s}; the value
   * parses back to the same Duration. Null for every other option, and for one whose annotation names a default.
   */
  static String goDurationDefault(CommandLine.Model.ArgSpec arg) {
    if (arg.type() == java.time.Duration.class && arg.defaultValue() == null
        && arg.initialValue() instanceof java.time.Duration d) {
      return GoDuration.format(d);
    }
    return null;
  }
}
