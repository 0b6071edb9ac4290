package dev.ccm4j.launcher;

import dev.ccm4j.conformance.cli.ConformanceMain;
import dev.ccm4j.launcher.e2e.CloudEmulatorCluster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code conformance}: the harness's {@code conformance run} inside the launcher. Without {@code --kubeconfig} the
 * end-to-end suite runs in this process, against the API server emulator and this launcher's controllers with the
 * given provider, so a provider on the launcher's classpath is checked with one command. With
 * {@code --cloud-emulator} the provider's cloud emulator and the real CCM run as separate launcher processes instead
 * ({@link CloudEmulatorCluster}). Every other flag is the harness's; {@code ccm4j conformance --help} lists them.
 */
@Command(name = "conformance",
    description = "Run the provider TCK and the end-to-end suite (in-process unless --kubeconfig is given; with"
        + " --cloud-emulator against the provider's cloud emulator and the real CCM as processes) and write TestGrid"
        + " and k8s-conformance reports. See 'ccm4j conformance --help'.")
final class ConformanceCommand implements Callable<Integer> {
  /** What {@code --help} adds to the harness's flags. */
  static final String CLOUD_EMULATOR_HELP = """
      Launcher flag:
            --cloud-emulator     Start the provider's cloud emulator (ccm4j cloud-emulator <provider>) and the
                                 real CCM (ccm4j --cloud-provider=<provider>) as separate processes, with the
                                 Kubernetes API emulator and simulated kubelets here; both suites use the
                                 emulator's cloud-config. Excludes --kubeconfig, --in-process, --cloud-config
                                 and --no-fixture.""";

  @Option(names = "--cloud-emulator",
      description = "Run against the provider's cloud emulator and the real CCM as separate processes.")
  boolean cloudEmulator;

  // the harness parses these itself, so both command lines accept exactly the same flags
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    int code = run();
    if (asksForHelp()) {
      // the harness lists its own flags; this one is the launcher's
      System.out.println(CLOUD_EMULATOR_HELP);
    }
    return code;
  }

  private int run() {
    String[] runArgs = args.toArray(String[]::new);
    if (!cloudEmulator) {
      return ConformanceMain.runEmbedded("ccm4j conformance", System.out, System.err, runArgs);
    }
    Optional<String> refused = refusedWithCloudEmulator();
    if (refused.isPresent()) {
      return usage(System.err, refused.get());
    }
    Optional<String> provider = value("--provider");
    if (provider.isPresent()) {
      try {
        CloudEmulatorCluster.emulatorFor(provider.get());
      } catch (IllegalArgumentException e) {
        return usage(System.err, "--provider: " + e.getMessage());
      }
    }
    // without --provider the harness reports it missing, as it does for every other flag
    return ConformanceMain.runEmbedded("ccm4j conformance --cloud-emulator", System.out, System.err,
        CloudEmulatorCluster.forThisJvm(), runArgs);
  }

  /** Flags that name another cluster or cloud-config than the ones --cloud-emulator starts. */
  private Optional<String> refusedWithCloudEmulator() {
    for (String flag : List.of("--kubeconfig", "--in-process", "--cloud-config", "--no-fixture")) {
      if (present(flag)) {
        return Optional.of("--cloud-emulator and " + flag + " exclude each other: --cloud-emulator starts the"
            + " provider's cloud emulator, writes its cloud-config and runs the CCM against a cluster of its own,"
            + " through the provider's fixture");
      }
    }
    return Optional.empty();
  }

  private boolean present(String flag) {
    return args.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
  }

  private boolean asksForHelp() {
    return args.stream().anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** The value of a flag given as {@code --flag value} or {@code --flag=value}, as picocli reads it. */
  private Optional<String> value(String flag) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith(flag + "=")) {
        return Optional.of(a.substring(flag.length() + 1));
      }
      if (a.equals(flag) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
    }
    return Optional.empty();
  }

  private static int usage(PrintStream err, String message) {
    err.println("error: " + message);
    err.println("Run 'ccm4j conformance --help' for usage.");
    err.flush();
    return ExitCode.USAGE;
  }
}
