package dev.ccm4j.conformance.cli;

import dev.ccm4j.core.clock.GoDuration;
import dev.ccm4j.core.manager.Ccm4jVersion;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar ccm4j-conformance.jar}: the {@code conformance} command with its {@code run}
 * subcommand. Exit status: 0 when every spec passed, 1 when a spec failed or the run could not complete, 2 for
 * invalid flags.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, versionProvider = ConformanceMain.Version.class,
    description = "Conformance tests for a ccm4j cloud provider: the provider TCK and an end-to-end suite against a"
        + " cluster, reported for TestGrid and k8s-conformance.",
    subcommands = CommandLine.HelpCommand.class)
public final class ConformanceMain implements Runnable {
  @Spec CommandSpec spec;

  private ConformanceMain() {}

  /**
   * Runs the command line, configuring logging for a terminal, and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, true, args));
  }

  /**
   * Runs the command line without exiting and without touching the logging configuration, for embedding and tests.
   *
   * @param out where progress, the summary, help and the version go
   * @param err where errors go
   * @param args the arguments
   * @return the exit status
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return execute(out, err, false, args);
  }

  /**
   * Runs {@code conformance run} embedded in another command line, such as the launcher's {@code ccm4j conformance}:
   * without {@code --kubeconfig} the e2e suite runs against an in-process cluster.
   *
   * @param invokedAs how a user starts the embedded command, for the reproduction steps in the reports
   * @param out where progress, the summary and help go
   * @param err where errors go
   * @param runArgs the arguments of {@code run}
   * @return the exit status
   */
  public static int runEmbedded(String invokedAs, PrintStream out, PrintStream err, String... runArgs) {
    CommandLine cli = new CommandLine(new RunCommand(out, true, invokedAs, true, null));
    cli.getCommandSpec().name(invokedAs);
    return configure(cli, out, err).execute(runArgs);
  }

  /**
   * Runs {@code conformance run} embedded in another command line that brings its own cluster: without
   * {@code --kubeconfig} and {@code --in-process}, the suites run against what {@code cluster} starts (which also
   * supplies the provider's cloud-config, so {@code --cloud-config} is refused).
   *
   * @param invokedAs how a user starts the embedded command, for the reproduction steps in the reports
   * @param out where progress, the summary and help go
   * @param err where errors go
   * @param cluster starts the cloud and cluster once the flags are valid
   * @param runArgs the arguments of {@code run}
   * @return the exit status
   */
  public static int runEmbedded(String invokedAs, PrintStream out, PrintStream err, EmbeddedCluster cluster,
      String... runArgs) {
    java.util.Objects.requireNonNull(cluster, "cluster");
    CommandLine cli = new CommandLine(new RunCommand(out, true, invokedAs, true, cluster));
    cli.getCommandSpec().name(invokedAs);
    return configure(cli, out, err).execute(runArgs);
  }

  private static int execute(PrintStream out, PrintStream err, boolean configureLogging, String... args) {
    CommandLine cli = new CommandLine(new ConformanceMain());
    cli.addSubcommand("run", new RunCommand(out, configureLogging, "java -jar ccm4j-conformance.jar", false,
        null));
    return configure(cli, out, err).execute(args);
  }

  private static CommandLine configure(CommandLine cli, PrintStream out, PrintStream err) {
    cli.registerConverter(Duration.class, GoDuration::parse);
    cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setParameterExceptionHandler(ConformanceMain::usageError);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      commandLine.getErr().flush();
      return 1;
    });
    return cli;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr().println("error: " + e.getMessage());
    cli.getErr().println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    cli.getErr().flush();
    return CommandLine.ExitCode.USAGE;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand; try 'conformance run --help'");
  }

  /** Prints the harness version. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ccm4j-conformance " + Ccm4jVersion.current() + " (Java " + Runtime.version() + ")"};
    }
  }
}
