package dev.ccm4j.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.conformance.StepClock;
import dev.ccm4j.conformance.report.SpecResult;
import dev.ccm4j.conformance.report.SpecState;
import dev.ccm4j.conformance.specs.BrokenSetupSpecs;
import dev.ccm4j.conformance.specs.BrokenTeardownSpecs;
import dev.ccm4j.conformance.specs.SampleSpecs;
import dev.ccm4j.conformance.specs.TemplateSpecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ConformanceRunIT {
  private static final Instant START = Instant.parse("2026-05-01T14:20:30Z");
  private static final List<String> ALL = List.of(SampleSpecs.class.getName(), BrokenSetupSpecs.class.getName(),
      BrokenTeardownSpecs.class.getName());

  @TempDir Path dir;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private ConformanceRun.Builder run() {
    return ConformanceRun.builder()
        .suiteClasses(ALL)
        .reportDir(dir)
        .job("synthetic")
        .node("test-host")
        .kubernetesVersion("v1.32.0")
        .commandLine("conformance run --provider fake")
        .clock(new StepClock(START, Duration.ofMillis(250)))
        .progress(new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  @Test
  void mixedRunWritesEveryReport() throws Exception {
    ConformanceResult result = run().skip(List.of("\\[Slow\\]")).build().run();

    assertThat(result.passed()).isFalse();
    Map<String, SpecResult> specs = new LinkedHashMap<>();
    result.specs().forEach(s -> specs.put(s.reportName(), s));
    assertThat(specs.keySet()).containsExactly(
        "[It] Broken setup first",
        "[It] Broken setup second",
        "[AfterAll] Broken teardown",
        "[It] Broken teardown passes",
        "[It] Sample [Feature:Sample] fails with <angle> \"quotes\" & 'apostrophes'",
        "[It] Sample [Feature:Sample] is slow [Slow]",
        "[It] Sample [Feature:Sample] passes [Conformance]",
        "[It] Sample [Feature:Sample] skips itself",
        "[It] Sample [Feature:Sample] when nested sees its session [Conformance]");
    assertThat(specs.get("[It] Sample [Feature:Sample] passes [Conformance]").state()).isEqualTo(SpecState.PASSED);
    assertThat(specs.get("[It] Sample [Feature:Sample] passes [Conformance]").output())
        .contains("hello from the passing spec").contains("lb: a1234");
    assertThat(specs.get("[It] Sample [Feature:Sample] when nested sees its session [Conformance]").state())
        .isEqualTo(SpecState.PASSED);
    assertThat(specs.get("[It] Sample [Feature:Sample] is slow [Slow]").state()).isEqualTo(SpecState.FILTERED);
    SpecResult skipped = specs.get("[It] Sample [Feature:Sample] skips itself");
    assertThat(skipped.state()).isEqualTo(SpecState.SKIPPED);
    assertThat(skipped.message()).startsWith("provider has no LoadBalancer");
    assertThat(specs.get("[It] Broken setup first").state()).isEqualTo(SpecState.FAILED);
    assertThat(specs.get("[It] Broken setup first").message()).contains("cloud unreachable");
    assertThat(specs.get("[It] Broken setup second").message()).contains("cloud unreachable");
    assertThat(specs.get("[It] Broken teardown passes").state()).isEqualTo(SpecState.PASSED);
    assertThat(specs.get("[AfterAll] Broken teardown").message()).contains("orphaned load balancer a1234");
    assertThat(result.count(SpecState.FAILED)).isEqualTo(4);

    Path build = dir.resolve("synthetic").resolve(Long.toString(START.getEpochSecond()));
    assertThat(result.layout().buildDir()).isEqualTo(build);
    assertThat(Files.readString(dir.resolve("synthetic/latest-build.txt")).strip())
        .isEqualTo(Long.toString(START.getEpochSecond()));
    JsonObject started = JsonParser.parseString(Files.readString(build.resolve("started.json"))).getAsJsonObject();
    assertThat(started.get("timestamp").getAsLong()).isEqualTo(START.getEpochSecond());
    assertThat(started.get("node").getAsString()).isEqualTo("test-host");
    JsonObject finished = JsonParser.parseString(Files.readString(build.resolve("finished.json"))).getAsJsonObject();
    assertThat(finished.get("passed").getAsBoolean()).isFalse();
    assertThat(finished.get("result").getAsString()).isEqualTo("FAILURE");
    assertThat(finished.getAsJsonObject("metadata").get("job-version").getAsString()).isEqualTo("v1.32.0");
    assertThat(finished.getAsJsonObject("metadata").get("ccm4j-version").getAsString()).isNotBlank();

    String e2eLog = Files.readString(build.resolve("artifacts/e2e.log"));
    assertThat(Files.readString(build.resolve("build-log.txt"))).isEqualTo(e2eLog);
    assertThat(e2eLog).contains("Starting e2e run \"").contains("Kubernetes server version: v1.32.0")
        .contains("Running Suite: ccm4j conformance suite - synthetic")
        .contains("Will run 7 of 8 specs")
        .contains("• [PASSED] Sample [Feature:Sample] passes [Conformance] [")
        .contains("S [SKIPPED] Sample [Feature:Sample] skips itself [")
        .contains("• [FAILED] Broken setup first [")
        .contains("• [FAILED] [AfterAll] Broken teardown [")
        .doesNotContain("is slow [Slow]");
    List<String> tail = e2eLog.lines().toList().subList((int) e2eLog.lines().count() - 6,
        (int) e2eLog.lines().count());
    assertThat(tail.get(0)).matches("Ran 7 of 9 Specs in \\d+\\.\\d{3} seconds");
    assertThat(tail.subList(1, 4)).containsExactly("FAIL! -- 3 Passed | 4 Failed | 0 Pending | 2 Skipped", "FAIL",
        "");
    assertThat(tail.get(4)).startsWith("Ginkgo ran 1 suite in ");
    assertThat(tail.get(5)).isEqualTo("Test Suite Failed");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains(e2eLog).contains("# ccm4j conformance: FAILED");

    Document junit = parse(build.resolve("artifacts/junit_01.xml"));
    assertThat(junit.getDocumentElement().getAttribute("tests")).isEqualTo("9");
    assertThat(junit.getDocumentElement().getAttribute("failures")).isEqualTo("4");
    assertThat(junit.getDocumentElement().getAttribute("disabled")).isEqualTo("2");
    List<String> names = new ArrayList<>();
    NodeList cases = junit.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      names.add(((Element) cases.item(i)).getAttribute("name"));
    }
    assertThat(names).containsExactlyElementsOf(specs.keySet());

    Path conformance = dir.resolve("k8s-conformance");
    assertThat(Files.readString(conformance.resolve("junit_01.xml")))
        .isEqualTo(Files.readString(build.resolve("artifacts/junit_01.xml")));
    assertThat(Files.readString(conformance.resolve("e2e.log"))).isEqualTo(e2eLog);
    assertThat(Files.readString(conformance.resolve("PRODUCT.yaml"))).contains("contact_email_address:");
    assertThat(Files.readString(conformance.resolve("README.md"))).contains("conformance run --provider fake");
    assertThat(Files.readString(dir.resolve("summary.md")))
        .contains("## Failed (4)")
        .contains("- [It] Broken setup first (0.000 s): java.lang.IllegalStateException: cloud unreachable");
  }

  @Test
  void verifyConformanceReadsBackThePassedConformanceSpecs() throws Exception {
    ConformanceResult result = run().focus(List.of("\\[Conformance\\]")).build().run();

    assertThat(result.passed()).isTrue();
    Document junit = parse(result.layout().junit());
    // as verify-conformance does: drop testcases with <skipped>, keep [Conformance] names, strip "[It] "
    List<String> conformance = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    NodeList cases = junit.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getElementsByTagName("skipped").getLength() > 0 || !c.getAttribute("name").contains("[Conformance]")) {
        continue;
      }
      String name = c.getAttribute("name").replaceFirst("^\\[It\\] ", "");
      conformance.add(name);
      if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
        failed.add(name);
      }
    }
    assertThat(conformance).containsExactly("Sample [Feature:Sample] passes [Conformance]",
        "Sample [Feature:Sample] when nested sees its session [Conformance]");
    assertThat(failed).isEmpty();

    // the filtered classes were pruned: their @BeforeAll / @AfterAll never ran
    assertThat(result.count(SpecState.FAILED)).isZero();
    assertThat(result.count(SpecState.FILTERED)).isEqualTo(6);
    String e2eLog = Files.readString(result.layout().e2eLog());
    assertThat(e2eLog).contains("Will run 2 of 8 specs").contains("Ran 2 of 8 Specs in ")
        .contains("SUCCESS! -- 2 Passed | 0 Failed | 0 Pending | 6 Skipped").endsWith("Test Suite Passed\n");
    JsonObject finished = JsonParser.parseString(Files.readString(result.layout().finishedJson())).getAsJsonObject();
    assertThat(finished.get("passed").getAsBoolean()).isTrue();
    assertThat(finished.get("result").getAsString()).isEqualTo("SUCCESS");
  }

  @Test
  void everythingFilteredRunsNothingAndPasses() throws Exception {
    ConformanceResult result = run().buildId("b-1").focus(List.of("no such spec")).build().run();
    assertThat(result.passed()).isTrue();
    assertThat(result.count(SpecState.FILTERED)).isEqualTo(8);
    assertThat(result.layout().buildDir()).isEqualTo(dir.resolve("synthetic/b-1"));
    try (Stream<Path> files = Files.list(result.layout().artifactsDir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("junit_01.xml", "e2e.log");
    }
  }

  @Test
  void parameterizedInvocationsAreSpecsOfTheirOwn() throws Exception {
    ConformanceResult result = run().suiteClasses(List.of(TemplateSpecs.class.getName())).build().run();
    assertThat(result.specs()).extracting(SpecResult::reportName, SpecResult::state).containsExactly(
        tuple("[It] Templates checks value a", SpecState.PASSED),
        tuple("[It] Templates checks value bb", SpecState.FAILED));
  }

  @Test
  void filteredTemplateCountsAsOneSkippedSpec() throws Exception {
    ConformanceResult result = run().suiteClasses(List.of(TemplateSpecs.class.getName())).skip(List.of("checks"))
        .build().run();
    assertThat(result.specs()).extracting(SpecResult::reportName, SpecResult::state).containsExactly(
        tuple("[It] Templates checks", SpecState.FILTERED));
  }

  @Test
  void missingSuiteClassAndMissingSessionPartsAreRejected() {
    assertThatThrownBy(() -> run().suiteClasses(List.of("no.such.Suite")).build().run())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no.such.Suite");
    assertThatThrownBy(() -> ConformanceRun.builder().reportDir(dir).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TckTargetFactory");
    assertThatThrownBy(() -> run().job("a/b").build()).isInstanceOf(IllegalArgumentException.class);
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }
}
