package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ccm4j conformance --provider alibaba --cloud-emulator}: the TCK in this JVM against the Alibaba Cloud
 * emulator, and the e2e suite against the real CCM, both as separate launcher processes. The reports stay in
 * {@code target/conformance-reports/alibaba} as build output.
 */
class CloudEmulatorConformanceIT {
  private static final Path REPORTS = Path.of("target", "conformance-reports", "alibaba");

  @TempDir Path tmp;

  /** Runs the launcher with its standard streams captured. */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(new TeeStream(capturedOut, out), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new TeeStream(capturedErr, err), true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int exit = Main.run(args);
      return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The processes this JVM started and that still run: the test starts none itself. */
  private static List<String> childLaunchers() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
  }

  @Test
  void alibabaPassesTheTckAndTheEndToEndSuiteAgainstItsEmulatorAndTheRealCcm() throws Exception {
    // upstream's timeouts (up to 20m) would let a broken provider hold the build for an hour; these fail fast
    Run r = run("conformance", "--provider", "alibaba", "--cloud-emulator", "--suite", "tck,e2e",
        "--report-dir", REPORTS.toString(), "--job", "ccm4j-alibaba", "--ignored-settle", "2s",
        "--lb-create-timeout", "90s", "--lb-cleanup-timeout", "90s", "--node-init-timeout", "60s",
        "--node-deletion-timeout", "60s", "--routes-timeout", "90s");

    assertThat(r.exit()).as("exit status; output:%n%s%n%s", r.out(), r.err()).isZero();
    assertThat(childLaunchers()).as("no emulator or CCM process outlives the run").isEmpty();
    assertThat(r.out()).contains("Cloud emulator serving on http://127.0.0.1:").contains("CCM leading as ");

    Specs specs = Specs.read(REPORTS, "ccm4j-alibaba");
    List<String> skipped = specs.skipped();
    List<String> passed = specs.passed();
    // alibaba offers InstancesV2, LoadBalancer and Routes, as upstream's: the legacy Instances and Zones do not
    // apply, and VPC route entries for pod CIDRs are IPv4 only
    assertThat(skipped).isNotEmpty().allMatch(m -> m.equals("skipped - provider alibaba offers no Instances")
        || m.equals("skipped - provider alibaba offers no Zones")
        || m.equals("skipped - provider alibaba does not implement IPv6 routes"),
        "only what the provider does not offer is skipped");
    assertThat(passed)
        .anyMatch(n -> n.contains("Provider TCK LoadBalancer [Feature:LoadBalancer] ensure is idempotent"))
        .anyMatch(n -> n.contains("Provider TCK Routes [Feature:Routes]"))
        .anyMatch(n -> n.contains("should initialize nodes"))
        .anyMatch(n -> n.contains("should handle load balancer cleanup finalizer for service"))
        .anyMatch(n -> n.contains("should be deleted on API server if it doesn't exist in the cloud provider"))
        .anyMatch(n -> n.contains("should create a route to the pod CIDR of every node"));

    Path logs = REPORTS.resolve("processes");
    assertThat(Files.readString(logs.resolve("cloud-emulator.log"))).contains("endpoint: http://127.0.0.1:");
    assertThat(Files.readString(logs.resolve("ccm.log"))).isNotEmpty();
    assertThat(Files.readString(REPORTS.resolve("k8s-conformance/README.md")))
        .contains("ccm4j conformance --cloud-emulator --provider alibaba");
  }

  /** The specs of the latest build of a job, read back from its junit file; any failure or error fails the test. */
  private record Specs(List<String> passed, List<String> skipped) {
    static Specs read(Path reports, String jobName) throws Exception {
      Path job = reports.resolve(jobName);
      Path build = job.resolve(Files.readString(job.resolve("latest-build.txt")).strip());
      assertThat(Files.readString(build.resolve("finished.json"))).contains("\"passed\": true");
      Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(build.resolve("artifacts/junit_01.xml").toFile());
      Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
      assertThat(suite.getAttribute("failures")).isEqualTo("0");
      NodeList cases = junit.getElementsByTagName("testcase");
      List<String> skipped = new ArrayList<>();
      List<String> passed = new ArrayList<>();
      for (int i = 0; i < cases.getLength(); i++) {
        Element c = (Element) cases.item(i);
        assertThat(c.getElementsByTagName("failure").getLength()).as(c.getAttribute("name")).isZero();
        assertThat(c.getElementsByTagName("error").getLength()).as(c.getAttribute("name")).isZero();
        NodeList s = c.getElementsByTagName("skipped");
        if (s.getLength() > 0) {
          skipped.add(((Element) s.item(0)).getAttribute("message"));
        } else {
          passed.add(c.getAttribute("name"));
        }
      }
      return new Specs(passed, skipped);
    }
  }

  @Test
  void inspurPassesWhatAppliesToAFrontCreatedLoadBalancerAgainstItsEmulatorAndTheRealCcm() throws Exception {
    Path reports = Path.of("target", "conformance-reports", "incloud");
    Run r = run("conformance", "--provider", "incloud", "--cloud-emulator", "--suite", "tck,e2e",
        "--report-dir", reports.toString(), "--job", "ccm4j-incloud", "--ignored-settle", "2s",
        "--lb-create-timeout", "90s", "--lb-cleanup-timeout", "90s", "--node-init-timeout", "60s",
        "--node-deletion-timeout", "60s", "--routes-timeout", "90s");

    assertThat(r.exit()).as("exit status; output:%n%s%n%s", r.out(), r.err()).isZero();
    assertThat(childLaunchers()).as("no emulator or CCM process outlives the run").isEmpty();
    Specs specs = Specs.read(reports, "ccm4j-incloud");
    // the SLB is created in front and the CCM manages its listeners and members; nodes initialize from their own
    // metadata, so every load balancer contract and spec runs, and the instance lifecycle ones skip
    assertThat(specs.passed())
        .anyMatch(n -> n.contains("Provider TCK LoadBalancer [Feature:LoadBalancer] ensure is idempotent"))
        .anyMatch(n -> n.contains("should initialize nodes"))
        .anyMatch(n -> n.contains("should handle load balancer cleanup finalizer for service"));
  }

  @Test
  void huaweiPassesTheTckAndTheEndToEndSuiteAgainstItsEmulatorAndTheRealCcm() throws Exception {
    Path reports = Path.of("target", "conformance-reports", "huaweicloud");
    Run r = run("conformance", "--provider", "huaweicloud", "--cloud-emulator", "--suite", "tck,e2e",
        "--report-dir", reports.toString(), "--job", "ccm4j-huaweicloud", "--ignored-settle", "2s",
        "--lb-create-timeout", "90s", "--lb-cleanup-timeout", "90s", "--node-init-timeout", "60s",
        "--node-deletion-timeout", "60s", "--routes-timeout", "90s");

    assertThat(r.exit()).as("exit status; output:%n%s%n%s", r.out(), r.err()).isZero();
    assertThat(childLaunchers()).as("no emulator or CCM process outlives the run").isEmpty();
    Specs specs = Specs.read(reports, "ccm4j-huaweicloud");
    // huaweicloud offers Instances, InstancesV2 and LoadBalancer, as the original CCM: no routes or zones
    assertThat(specs.skipped()).isNotEmpty().allMatch(m -> m.startsWith("skipped - provider huaweicloud offers no ")
        || m.equals("skipped - the CCM under test does not configure cloud routes"),
        "only what the provider does not offer is skipped");
    assertThat(specs.passed())
        .anyMatch(n -> n.contains("Provider TCK LoadBalancer [Feature:LoadBalancer] ensure is idempotent"))
        .anyMatch(n -> n.contains("should initialize nodes"))
        .anyMatch(n -> n.contains("should handle load balancer cleanup finalizer for service"))
        .anyMatch(n -> n.contains("should be deleted on API server if it doesn't exist in the cloud provider"));
  }

  @Test
  void aProviderWithoutACloudEmulatorExitsTwoListingThoseWithOneAndStartsNothing() {
    Run r = run("conformance", "--provider", "local", "--cloud-emulator", "--report-dir", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no cloud emulator is registered for provider \"local\"").contains("alibaba")
        .doesNotContain("\tat ");
    assertThat(childLaunchers()).isEmpty();
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void anUnknownProviderExitsTwo() {
    Run r = run("conformance", "--provider=nimbus", "--cloud-emulator", "--report-dir", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("\"nimbus\"").doesNotContain("\tat ");
    assertThat(childLaunchers()).isEmpty();
  }

  @Test
  void flagsNamingAnotherClusterOrCloudConfigAreRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("any"), "{}");
    for (String flag : List.of("--kubeconfig=" + file, "--cloud-config=" + file, "--in-process", "--no-fixture")) {
      Run r = run("conformance", "--provider", "alibaba", "--cloud-emulator", flag, "--report-dir",
          tmp.resolve("out").toString());
      assertThat(r.exit()).as(flag).isEqualTo(2);
      assertThat(r.err()).as(flag).contains("--cloud-emulator and " + flag.replaceAll("=.*", "")
          + " exclude each other");
    }
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void harnessUsageErrorsExitTwoBeforeAnyProcessStarts() {
    Run r = run("conformance", "--provider", "alibaba", "--cloud-emulator", "--suite", "smoke", "--report-dir",
        tmp.resolve("out").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--suite").contains("unknown suite \"smoke\"");
    assertThat(tmp.resolve("out/processes")).as("no process was started").doesNotExist();
  }

  @Test
  void helpDescribesTheLauncherFlag() {
    Run r = run("conformance", "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--provider").contains("--cloud-emulator")
        .contains("Start the provider's cloud emulator");
  }

  /** Writes to a capture and to the original stream, so a failing run's output is still seen in the build log. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
