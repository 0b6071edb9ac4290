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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code providers}: lists the cloud providers found on the classpath that an operator can run the CCM against.
 * The testkit's test doubles (the {@code fake} provider, which {@code ccm4j conformance} and the tests run against)
 * ship in the jar too, but they are no cloud: they are listed only with {@code --include-testing}, and
 * {@code --cloud-provider=fake} keeps working either way.
 */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = {"List the cloud providers found on the classpath, one per line: name (and aliases), a tab, and"
        + " the factory class.",
        "Test doubles such as the 'fake' provider (an in-memory cloud for conformance runs and tests, not a real"
            + " cloud) are left out unless --include-testing is given; --cloud-provider=fake works either way."})
final class ProvidersCommand implements Callable<Integer> {
  /** Where the testkit's test doubles live: a provider whose factory is in it is for testing only. */
  static final String TESTKIT_PACKAGE = "dev.ccm4j.testkit.";

  @Spec CommandSpec spec;

  @Option(names = "--include-testing",
      description = "Also list test doubles (such as 'fake'), marked '(testing)'.")
  boolean includeTesting;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, CloudProviderFactory> factories =
        CloudProviders.factories(Thread.currentThread().getContextClassLoader());
    Set<CloudProviderFactory> seen = new LinkedHashSet<>(factories.values());
    for (CloudProviderFactory f : seen) {
      boolean testing = isTesting(f);
      if (testing && !includeTesting) {
        continue;
      }
      String aliases = f.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", f.aliases().stream().sorted()
          .toList()) + ")";
      out.println(f.name() + aliases + "\t" + f.getClass().getName() + (testing ? "\t(testing)" : ""));
    }
    out.flush();
    return 0;
  }

  /** Whether a provider is a test double rather than a cloud an operator would run against. */
  static boolean isTesting(CloudProviderFactory factory) {
    return factory.getClass().getName().startsWith(TESTKIT_PACKAGE);
  }
}
