package dev.ccm4j.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.ccm4j.conformance.specs.SampleSpecs;
import dev.ccm4j.conformance.specs.TckSessionSpecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceMainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ConformanceMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String[] tck(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", "--provider", "fake", "--suite", "tck", "--report-dir",
        dir.resolve("reports").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void helpAndVersion() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("run");
    assertThat(run("run", "--help")).isZero();
    assertThat(out()).contains("--report-dir").contains("--focus").contains("--lb-create-timeout")
        .contains("--[no-]routes").doesNotContain("--suite-class");
    assertThat(run("--version")).isZero();
    assertThat(out()).contains("ccm4j-conformance ");
  }

  @Test
  void missingRequiredFlagIsAUsageError() {
    assertThat(run("run", "--report-dir", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("--provider");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("missing subcommand");
  }

  @Test
  void invalidRegexNamesTheFlag() {
    assertThat(run(tck("--skip", "(unclosed"))).isEqualTo(2);
    assertThat(err()).contains("--skip: invalid regular expression \"(unclosed\"");
  }

  @Test
  void unknownSuiteNamesTheFlag() {
    assertThat(run(tck("--suite", "tck,conformance"))).isEqualTo(2);
    assertThat(err()).contains("--suite: unknown suite \"conformance\"");
  }

  @Test
  void e2eNeedsAKubeconfig() {
    assertThat(run("run", "--provider", "fake", "--report-dir", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("--kubeconfig is required when the e2e suite runs");
  }

  @Test
  void missingFilesNameTheirFlags() {
    assertThat(run("run", "--provider", "fake", "--suite", "e2e", "--report-dir", dir.toString(), "--kubeconfig",
        dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("--kubeconfig: ").contains("nope.yaml");
    assertThat(run(tck("--cloud-config", dir.resolve("cloud.conf").toString()))).isEqualTo(2);
    assertThat(err()).contains("--cloud-config: ").contains("cloud.conf");
  }

  @Test
  void badKubeconfigNamesTheFlagWithoutEchoingItsContent() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "token: s3cr3t-value\n: [broken");
    assertThat(run("run", "--provider", "fake", "--suite", "e2e", "--report-dir", dir.toString(), "--kubeconfig",
        kubeconfig.toString())).isEqualTo(2);
    assertThat(err()).contains("--kubeconfig").doesNotContain("s3cr3t-value");
  }

  @Test
  void badDurationAndScaleNameTheirFlags() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    assertThat(run("run", "--provider", "fake", "--suite", "e2e", "--report-dir", dir.toString(), "--kubeconfig",
        kubeconfig.toString(), "--lb-create-timeout", "twenty minutes")).isEqualTo(2);
    assertThat(err()).contains("--lb-create-timeout");
    assertThat(run("run", "--provider", "fake", "--suite", "e2e", "--report-dir", dir.toString(), "--kubeconfig",
        kubeconfig.toString(), "--timeout-scale", "0")).isEqualTo(2);
    assertThat(err()).contains("--timeout-scale: must be a positive number");
  }

  @Test
  void unknownProviderAndFixtureNameTheirFlags() {
    assertThat(run("run", "--provider", "no-such-cloud", "--suite", "tck", "--report-dir", dir.toString()))
        .isEqualTo(2);
    assertThat(err()).contains("--provider: unknown cloud provider \"no-such-cloud\"").contains("fake");
    assertThat(run(tck("--fixture", "com.example.Missing"))).isEqualTo(2);
    assertThat(err()).contains("--fixture: fixture class com.example.Missing is not on the classpath");
  }

  @Test
  void badJobNameIsAUsageError() {
    assertThat(run(tck("--job", "a/b", "--suite-class", SampleSpecs.class.getName()))).isEqualTo(2);
    assertThat(err()).contains("--job");
  }

  @Test
  void passingRunExitsZeroAndOpensTheFakeProviderForTheTck() throws Exception {
    int code = run(tck("--cluster-name", "conformance-test", "--job", "cli", "--build-id", "7",
        "--suite-class", TckSessionSpecs.class.getName()));
    assertThat(code).as(err()).isZero();
    Path build = dir.resolve("reports/cli/7");
    assertThat(Files.readString(build.resolve("artifacts/e2e.log")))
        .contains("• [PASSED] TCK session opens the provider and its fixture").endsWith("Test Suite Passed\n");
    var metadata = JsonParser.parseString(Files.readString(build.resolve("finished.json"))).getAsJsonObject()
        .getAsJsonObject("metadata");
    assertThat(metadata.get("provider").getAsString()).isEqualTo("fake");
    assertThat(Files.readString(dir.resolve("reports/k8s-conformance/README.md")))
        .contains("java -jar ccm4j-conformance.jar run --provider fake --suite tck --report-dir ");
    assertThat(out()).contains("Ran 1 of 1 Specs").contains("# ccm4j conformance: PASSED");
  }

  @Test
  void failingRunExitsOne() {
    int code = run(tck("--focus", "fails", "--suite-class", SampleSpecs.class.getName()));
    assertThat(code).isEqualTo(1);
    assertThat(out()).contains("FAIL! -- 0 Passed | 1 Failed | 0 Pending | 4 Skipped");
  }
}
