package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.manager.ControllerManagerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CloudControllerManagerCommand parse(String... args) {
    CommandLine cli = Main.commandLine();
    cli.parseArgs(args);
    return cli.getCommand();
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    if (!UpstreamFlags.check(args).isEmpty()) {
      err.write(String.join("\n", UpstreamFlags.check(args)));
      return CommandLine.ExitCode.USAGE;
    }
    return cli.execute(args);
  }

  @Test
  void upstreamFlagsMapOntoTheCoreOptions() {
    CloudControllerManagerCommand c = parse("--cloud-provider=fake", "--cluster-name=prod",
        "--cluster-cidr=10.244.0.0/16,fd00:10:244::/56", "--controllers=*,-route", "--leader-elect=false",
        "--node-monitor-period=10s", "--node-status-update-frequency=1m30s", "--concurrent-service-syncs", "20",
        "--leader-elect-lease-duration=30s", "--leader-elect-renew-deadline=20s", "--leader-elect-retry-period=3s",
        "--kube-api-qps=50", "--kube-api-burst=80", "--cloud-api-timeout=1m", "--allocate-node-cidrs");

    assertThat(c.validate()).isEmpty();
    ControllerManagerOptions o = c.options();
    assertThat(o.clusterName()).isEqualTo("prod");
    assertThat(o.clusterCidrs()).containsExactly("10.244.0.0/16", "fd00:10:244::/56");
    assertThat(o.controllers().isEnabled("route")).isFalse();
    assertThat(o.controllers().isEnabled("service")).isTrue();
    assertThat(o.leaderElect()).isFalse();
    assertThat(o.nodeMonitorPeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.nodeStatusUpdateFrequency()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.concurrentServiceSyncs()).isEqualTo(20);
    assertThat(o.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.kubeApiQps()).isEqualTo(50);
    assertThat(o.cloudApiTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.allocateNodeCidrs()).isTrue();
  }

  @Test
  void defaultsAreUpstreams() {
    CloudControllerManagerCommand c = parse("--cloud-provider=fake");
    assertThat(c.validate()).isEmpty();
    assertThat(c.options().leaderElect()).isTrue();
    assertThat(c.servingOptions().port()).isEqualTo(10258);
    assertThat(c.servingOptions().enabled()).isTrue();
    assertThat(parse("--cloud-provider=fake", "--secure-port=0").servingOptions().enabled()).isFalse();
  }

  @Test
  void missingOrExternalProviderIsRefusedWithTheAvailableOnes() {
    assertThat(run()).isEqualTo(2);
    // every registered provider is listed, so a new vendor module on the classpath does not break this test
    assertThat(err.toString()).contains("--cloud-provider is required; available providers: "
        + String.join(", ", dev.ccm4j.api.CloudProviders.available()));
    assertThat(dev.ccm4j.api.CloudProviders.available()).contains("alibaba", "fake", "local");
    assertThat(run("--cloud-provider=external")).isEqualTo(2);
    assertThat(err.toString()).contains("--cloud-provider=external tells kubelet and kube-controller-manager");
  }

  @Test
  void anUnknownProviderStartsWithTheFlagAndComesWithTheOtherBadFlags() {
    assertThat(run("--cloud-provider=no-such-cloud", "--secure-port=0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("--cloud-provider: unknown cloud provider \"no-such-cloud\"; available"
        + " providers: ").contains("fake").doesNotContain("\tat ");

    err.getBuffer().setLength(0);
    assertThat(run("--cloud-provider=no-such-cloud", "--concurrent-node-syncs=0")).isEqualTo(2);
    assertThat(err.toString()).contains("--cloud-provider: unknown cloud provider \"no-such-cloud\"")
        .contains("--concurrent-node-syncs must be between 1 and 100, got 0");
    assertThat(parse("--cloud-provider=no-such-cloud").validate()).singleElement().asString()
        .startsWith("--cloud-provider: unknown cloud provider");
  }

  @Test
  void everyInvalidValueIsReportedWithItsFlagAndExitStatus2() {
    int code = run("--cloud-provider=fake", "--concurrent-node-syncs=0",
        "--leader-elect-lease-duration=5s", "--logging-format=xml", "--feature-gates=Foo=true",
        "--tls-min-version=VersionTLS10", "--profiling");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--logging-format must be text or json, got \"xml\"")
        .contains("--feature-gates: unknown feature gate \"Foo\"")
        .contains("--tls-min-version: ")
        .contains("--profiling and --contention-profiling: pprof endpoints do not exist on the JVM");
  }

  @Test
  void unknownControllersAreRefusedOnceTheProviderIsLoadedListingTheKnownOnes() {
    // Not refused while parsing: the name could be one the provider contributes.
    assertThat(parse("--cloud-provider=fake", "--controllers=*,-nodes").validate()).isEmpty();

    assertThat(run("--cloud-provider=fake", "--controllers=*,-nodes")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--controllers: \"nodes\" is not in the list of known controllers")
        .contains("known: cloud-node-controller (cloud-node)");
  }

  @Test
  void optionValidationRunsOnceFlagsParse() {
    assertThat(run("--cloud-provider=fake", "--concurrent-node-syncs=0",
        "--leader-elect-lease-duration=5s")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--concurrent-node-syncs must be between 1 and 100, got 0")
        .contains("--leader-elect-lease-duration (5s) must be greater than --leader-elect-renew-deadline (10s)");
  }

  @Test
  void badDurationsAndUnknownFlagsAreRejectedByName() {
    assertThat(run("--cloud-provider=fake", "--node-monitor-period=5")).isEqualTo(2);
    assertThat(err.toString()).contains("--node-monitor-period").contains("invalid duration \"5\"");
    assertThat(run("--cloud-provider=fake", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void unsupportedUpstreamFlagsAreRefusedWithTheReason() {
    assertThat(run("--cloud-provider=fake", "--cert-dir=/var/run/certs", "--use-service-account-credentials"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--cert-dir is an upstream flag that ccm4j does not support: certificates are generated in memory")
        .contains("--use-service-account-credentials is an upstream flag that ccm4j does not support");
  }

  @Test
  void versionHelpAndProviders() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("ccm4j 0.1.0-SNAPSHOT");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--cloud-provider", "--leader-elect", "--node-deletion-max-fraction");
    out.getBuffer().setLength(0);
    assertThat(run("providers")).isZero();
    assertThat(out.toString()).contains("local\t").doesNotContain("fake\t");
    assertThat(run("providers", "--include-testing")).isZero();
    assertThat(out.toString()).contains("fake\tdev.ccm4j.testkit.cloud.FakeCloudFactory\t(testing)");
    assertThat(run("version")).isZero();
  }

  @Test
  void helpIsACommandAndEveryUsageNamesTheProgramCcm4j() {
    assertThat(run("help")).isZero();
    assertThat(out.toString()).startsWith("Usage: ccm4j ").contains("--cloud-provider");
    out.getBuffer().setLength(0);
    assertThat(run("help", "demo")).isZero();
    assertThat(out.toString()).startsWith("Usage: ccm4j demo ");
    out.getBuffer().setLength(0);
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: ccm4j demo ");
  }

  @Test
  void durationDefaultsAreShownAsGoDurationsAndStillApply() {
    assertThat(run("demo", "--help")).isZero();
    // java.time's ISO form (PT0S, PT5M) is what picocli prints for a Duration by itself
    assertThat(out.toString()).contains("(default 0s)").doesNotContain("PT");
    out.getBuffer().setLength(0);
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).doesNotContain("PT");
    // the default shown in help parses back to the library's default
    assertThat(parse("--cloud-provider=fake").options().nodeMonitorPeriod())
        .isEqualTo(ControllerManagerOptions.builder().build().nodeMonitorPeriod());
  }

  @Test
  void aBadDurationNamesTheAcceptedFormsNotAJavaException() {
    assertThat(run("--cloud-provider=fake", "--node-monitor-period=5")).isEqualTo(2);
    assertThat(err.toString()).contains("expected forms like").doesNotContain("Exception");
  }
}
