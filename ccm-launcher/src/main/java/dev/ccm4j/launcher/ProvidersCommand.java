package dev.ccm4j.launcher;

import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.api.CloudProviders;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code providers}: lists the cloud providers found on the classpath. */
@Command(name = "providers", description = "List the cloud providers found on the classpath.")
final class ProvidersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, CloudProviderFactory> factories =
        CloudProviders.factories(Thread.currentThread().getContextClassLoader());
    Set<CloudProviderFactory> seen = new LinkedHashSet<>(factories.values());
    for (CloudProviderFactory f : seen) {
      String aliases = f.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", f.aliases().stream().sorted()
          .toList()) + ")";
      out.println(f.name() + aliases + "\t" + f.getClass().getName());
    }
    return 0;
  }
}
