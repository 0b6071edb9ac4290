package dev.ccm4j.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestGridFilesTest {
  @Test
  void startedHasTimestampAndNode() {
    JsonObject started = JsonParser.parseString(TestGridFiles.started(Reports.run(List.of()))).getAsJsonObject();
    assertThat(started.get("timestamp").getAsLong()).isEqualTo(Reports.START.getEpochSecond());
    assertThat(started.get("node").getAsString()).isEqualTo("host-1");
  }

  @Test
  void finishedHasPassedBooleanResultAndStringMetadata() {
    JsonObject ok = JsonParser.parseString(TestGridFiles.finished(Reports.run(List.of(Reports.passed("a", 1)))))
        .getAsJsonObject();
    assertThat(ok.get("timestamp").getAsLong()).isEqualTo(Reports.START.getEpochSecond() + 12);
    assertThat(ok.get("passed").getAsJsonPrimitive().isBoolean()).isTrue();
    assertThat(ok.get("passed").getAsBoolean()).isTrue();
    assertThat(ok.get("result").getAsString()).isEqualTo("SUCCESS");
    JsonObject metadata = ok.getAsJsonObject("metadata");
    assertThat(metadata.get("job-version").getAsString()).isEqualTo("v1.32.0");
    assertThat(metadata.get("provider").getAsString()).isEqualTo("fake");

    JsonObject failed = JsonParser.parseString(TestGridFiles.finished(Reports.run(List.of(
        SpecResult.failed("b", "boom", "", Reports.START, Reports.START, ""))))).getAsJsonObject();
    assertThat(failed.get("passed").getAsBoolean()).isFalse();
    assertThat(failed.get("result").getAsString()).isEqualTo("FAILURE");
  }

  @Test
  void layoutFollowsTheGcsBuildFolderConvention() {
    ReportLayout layout = new ReportLayout(Path.of("/r"), "job-a", "123");
    assertThat(layout.buildDir()).isEqualTo(Path.of("/r/job-a/123"));
    assertThat(layout.startedJson()).isEqualTo(Path.of("/r/job-a/123/started.json"));
    assertThat(layout.finishedJson()).isEqualTo(Path.of("/r/job-a/123/finished.json"));
    assertThat(layout.buildLog()).isEqualTo(Path.of("/r/job-a/123/build-log.txt"));
    assertThat(layout.junit()).isEqualTo(Path.of("/r/job-a/123/artifacts/junit_01.xml"));
    assertThat(layout.e2eLog()).isEqualTo(Path.of("/r/job-a/123/artifacts/e2e.log"));
    assertThat(layout.latestBuild()).isEqualTo(Path.of("/r/job-a/latest-build.txt"));
    assertThat(layout.conformanceDir()).isEqualTo(Path.of("/r/k8s-conformance"));
    assertThat(layout.summary()).isEqualTo(Path.of("/r/summary.md"));
    // TestGrid's JUnit filename pattern
    assertThat(layout.junit().toString()).matches(".+/(?:junit((_[^_]+)?(_\\d+-\\d+)?(_\\d+)?|.+)?\\.xml|test.xml)$");
  }

  @Test
  void layoutRejectsNamesThatAreNotOneSegment() {
    assertThatThrownBy(() -> new ReportLayout(Path.of("/r"), "../x", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job");
    assertThatThrownBy(() -> new ReportLayout(Path.of("/r"), "j", "a/b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buildId");
    assertThatThrownBy(() -> new ReportLayout(Path.of("/r"), "..", "1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void productYamlHasTheTenFieldsAllPlaceholders() {
    List<String> fields = ConformanceBundle.productYaml().lines().filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(0, l.indexOf(':'))).toList();
    assertThat(fields).containsExactly("vendor", "name", "version", "website_url", "repo_url", "documentation_url",
        "product_logo_url", "type", "description", "contact_email_address");
    assertThat(ConformanceBundle.productYaml().lines().filter(l -> !l.startsWith("#")))
        .allMatch(l -> l.contains(": \"" + ConformanceBundle.PLACEHOLDER + ":"));
  }

  @Test
  void readmeCarriesTheCommandLineAndVersion() {
    String readme = ConformanceBundle.readme(Reports.run(List.of()));
    assertThat(readme).contains("java -jar ccm4j-conformance.jar run --provider fake").contains("v1.32.0");
  }

  @Test
  void summaryListsFailuresWithFirstLineAndSkipReasons() {
    RunReport run = Reports.run(List.of(Reports.passed("p", 1000),
        SpecResult.failed("f", "\nfirst line\nsecond", "trace", Reports.START, Reports.START, ""),
        SpecResult.skipped("s", "no LoadBalancer", Reports.START, Reports.START, ""),
        SpecResult.filtered("x", Reports.START)));
    String summary = Summary.render(run, new ReportLayout(Path.of("/r"), "my-job", "1"));
    assertThat(summary).startsWith("# ccm4j conformance: FAILED")
        .contains("Ran 2 of 4 specs: 1 passed, 1 failed, 1 skipped, 1 filtered out by focus/skip.")
        .contains("## Failed (1)\n\n- [It] f (0.000 s): first line\n")
        .contains("## Skipped (1)\n\n- [It] s (0.000 s): no LoadBalancer\n")
        .contains("## Passed (1)\n\n- [It] p (1.000 s)\n")
        .contains("## Filtered out by focus/skip (1)\n\n- [It] x\n")
        .contains("/r/my-job/1/artifacts/junit_01.xml")
        .doesNotContain("second");
  }
}
