package dev.ccm4j.conformance.report;

import dev.ccm4j.core.clock.GoDuration;
import java.util.List;

/** The human summary of a run, in Markdown: verdict, totals, each failure's first line, skip reasons, files. */
public final class Summary {
  private Summary() {}

  /**
   * Renders the summary.
   *
   * @param report the run
   * @param layout where its files are
   * @return Markdown text
   */
  public static String render(RunReport report, ReportLayout layout) {
    StringBuilder out = new StringBuilder();
    out.append("# ccm4j conformance: ").append(report.passed() ? "PASSED" : "FAILED").append("\n\n");
    out.append("Job `").append(report.job()).append("`, build `").append(report.buildId()).append("`, started ")
        .append(report.start()).append(", took ").append(GoDuration.format(report.duration())).append(".");
    report.kubernetesVersion().ifPresent(v -> out.append(" Kubernetes server version ").append(v).append('.'));
    out.append("\n\n");
    out.append("Ran ").append(report.ran()).append(" of ").append(report.specs().size()).append(" specs: ")
        .append(report.count(SpecState.PASSED)).append(" passed, ")
        .append(report.count(SpecState.FAILED)).append(" failed, ")
        .append(report.count(SpecState.SKIPPED)).append(" skipped, ")
        .append(report.count(SpecState.FILTERED)).append(" filtered out by focus/skip.\n");
    List<SpecResult> specs = report.sortedSpecs();
    section(out, "Failed", specs, SpecState.FAILED);
    section(out, "Skipped", specs, SpecState.SKIPPED);
    section(out, "Passed", specs, SpecState.PASSED);
    section(out, "Filtered out by focus/skip", specs, SpecState.FILTERED);
    out.append("\n## Files\n\n");
    out.append("- JUnit (TestGrid, k8s-conformance): ").append(layout.junit()).append('\n');
    out.append("- e2e.log: ").append(layout.e2eLog()).append('\n');
    out.append("- TestGrid build folder (upload under `logs/").append(report.job()).append("/`): ")
        .append(layout.buildDir()).append('\n');
    out.append("- k8s-conformance submission (fill in PRODUCT.yaml and README.md): ").append(layout.conformanceDir())
        .append('\n');
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<SpecResult> specs, SpecState state) {
    List<SpecResult> selected = specs.stream().filter(s -> s.state() == state).toList();
    if (selected.isEmpty()) {
      return;
    }
    out.append("\n## ").append(title).append(" (").append(selected.size()).append(")\n\n");
    for (SpecResult s : selected) {
      out.append("- ").append(s.reportName());
      if (state != SpecState.FILTERED) {
        out.append(" (").append(JunitReport.seconds(s.duration())).append(" s)");
      }
      if (state == SpecState.FAILED || state == SpecState.SKIPPED) {
        out.append(": ").append(s.firstMessageLine());
      }
      out.append('\n');
    }
  }
}
