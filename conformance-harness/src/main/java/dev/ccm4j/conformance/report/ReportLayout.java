package dev.ccm4j.conformance.report;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a run's files go under the report directory: a TestGrid build folder
 * ({@code <dir>/<job>/<build>/started.json, finished.json, build-log.txt, artifacts/junit_01.xml, artifacts/e2e.log}
 * and {@code <dir>/<job>/latest-build.txt}), a k8s-conformance submission folder
 * ({@code <dir>/k8s-conformance/}) and a human summary ({@code <dir>/summary.md}).
 *
 * @param reportDir the report directory
 * @param job the job name, one path segment
 * @param buildId the build id, one path segment
 */
public record ReportLayout(Path reportDir, String job, String buildId) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  /** Rejects nulls and names that are not a single safe path segment. */
  public ReportLayout {
    Objects.requireNonNull(reportDir, "reportDir");
    segment(job, "job");
    segment(buildId, "buildId");
  }

  private static void segment(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(what + " must be letters, digits, '.', '_' or '-', got \"" + value + "\"");
    }
  }

  /**
   * The job folder.
   *
   * @return {@code <dir>/<job>}
   */
  public Path jobDir() {
    return reportDir.resolve(job);
  }

  /**
   * The build folder TestGrid reads.
   *
   * @return {@code <dir>/<job>/<build>}
   */
  public Path buildDir() {
    return jobDir().resolve(buildId);
  }

  /**
   * The build's {@code started.json}.
   *
   * @return the path
   */
  public Path startedJson() {
    return buildDir().resolve("started.json");
  }

  /**
   * The build's {@code finished.json}.
   *
   * @return the path
   */
  public Path finishedJson() {
    return buildDir().resolve("finished.json");
  }

  /**
   * The build's log, a copy of the e2e.log.
   *
   * @return the path
   */
  public Path buildLog() {
    return buildDir().resolve("build-log.txt");
  }

  /**
   * The build's artifacts folder.
   *
   * @return the path
   */
  public Path artifactsDir() {
    return buildDir().resolve("artifacts");
  }

  /**
   * The JUnit file, named as TestGrid's filename pattern and Ginkgo node 1 expect.
   *
   * @return {@code artifacts/junit_01.xml}
   */
  public Path junit() {
    return artifactsDir().resolve("junit_01.xml");
  }

  /**
   * The e2e.log among the artifacts.
   *
   * @return {@code artifacts/e2e.log}
   */
  public Path e2eLog() {
    return artifactsDir().resolve("e2e.log");
  }

  /**
   * The pointer to the newest build of the job.
   *
   * @return {@code <dir>/<job>/latest-build.txt}
   */
  public Path latestBuild() {
    return jobDir().resolve("latest-build.txt");
  }

  /**
   * The k8s-conformance submission folder: {@code e2e.log}, {@code junit_01.xml}, {@code PRODUCT.yaml},
   * {@code README.md}.
   *
   * @return {@code <dir>/k8s-conformance}
   */
  public Path conformanceDir() {
    return reportDir.resolve("k8s-conformance");
  }

  /**
   * The human summary.
   *
   * @return {@code <dir>/summary.md}
   */
  public Path summary() {
    return reportDir.resolve("summary.md");
  }
}
