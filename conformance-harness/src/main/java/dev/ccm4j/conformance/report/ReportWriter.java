package dev.ccm4j.conformance.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes every report file of a finished run where {@link ReportLayout} says. */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * Writes the TestGrid build folder, the k8s-conformance folder and the summary.
   *
   * @param report the run
   * @param e2eLog the run's e2e.log text
   * @param layout where the files go
   * @throws IOException if a file cannot be written
   */
  public static void writeAll(RunReport report, String e2eLog, ReportLayout layout) throws IOException {
    Files.createDirectories(layout.artifactsDir());
    write(layout.startedJson(), TestGridFiles.started(report));
    JunitReport.write(report, layout.junit());
    write(layout.e2eLog(), e2eLog);
    write(layout.buildLog(), e2eLog);
    // finished.json and latest-build.txt last: a reader that sees them finds a complete build folder
    write(layout.finishedJson(), TestGridFiles.finished(report));
    write(layout.latestBuild(), report.buildId() + "\n");

    Path conformance = layout.conformanceDir();
    Files.createDirectories(conformance);
    Files.copy(layout.junit(), conformance.resolve("junit_01.xml"), StandardCopyOption.REPLACE_EXISTING);
    write(conformance.resolve("e2e.log"), e2eLog);
    write(conformance.resolve("PRODUCT.yaml"), ConformanceBundle.productYaml());
    write(conformance.resolve("README.md"), ConformanceBundle.readme(report));

    write(layout.summary(), Summary.render(report, layout));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
