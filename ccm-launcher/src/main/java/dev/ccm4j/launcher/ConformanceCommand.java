package dev.ccm4j.launcher;

import dev.ccm4j.conformance.cli.ConformanceMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code conformance}: the harness's {@code conformance run} inside the launcher. Without {@code --kubeconfig} the
 * end-to-end suite runs in this process, against the API server emulator and this launcher's controllers with the
 * given provider, so a provider on the launcher's classpath is checked with one command. Every flag is the
 * harness's; {@code ccm4j conformance --help} lists them.
 */
@Command(name = "conformance",
    description = "Run the provider TCK and the end-to-end suite (in-process unless --kubeconfig is given) and write"
        + " TestGrid and k8s-conformance reports. See 'ccm4j conformance --help'.")
final class ConformanceCommand implements Callable<Integer> {
  // the harness parses these itself, so both command lines accept exactly the same flags
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return ConformanceMain.runEmbedded("ccm4j conformance", System.out, System.err, args.toArray(String[]::new));
  }
}
