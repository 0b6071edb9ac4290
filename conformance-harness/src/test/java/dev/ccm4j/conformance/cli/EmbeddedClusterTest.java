package dev.ccm4j.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.specs.TckSessionSpecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConformanceMain#runEmbedded} with an {@link EmbeddedCluster}: when it starts, what it is asked, closing. */
class EmbeddedClusterTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<EmbeddedCluster.Request> requests = new ArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();

  /** Records the request and hands back a cloud-config-less cloud without a cluster. */
  private final EmbeddedCluster recording = request -> {
    requests.add(request);
    return new EmbeddedCluster.Started() {
      @Override
      public Optional<Path> cloudConfig() {
        return Optional.empty();
      }

      @Override
      public Optional<E2eEnvironment> e2e() {
        return Optional.empty();
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    };
  };

  private int run(EmbeddedCluster cluster, String... args) {
    return ConformanceMain.runEmbedded("ccm4j conformance --test", new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), cluster, args);
  }

  private String[] tck(String... extra) {
    List<String> args = new ArrayList<>(List.of("--provider", "fake", "--suite", "tck", "--cluster-name",
        "conformance-test", "--report-dir", dir.resolve("reports").toString(), "--suite-class",
        TckSessionSpecs.class.getName()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void theClusterStartsOnceWithTheRunsSettingsAndIsClosedAfterTheSuites() throws Exception {
    int code = run(recording, tck("--nodes", "2"));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.provider()).isEqualTo("fake");
      assertThat(r.clusterName()).isEqualTo("conformance-test");
      assertThat(r.e2e()).isFalse();
      assertThat(r.nodes()).as("no nodes join when only the TCK runs").isZero();
      assertThat(r.fixtures()).as("the provider's registered fixture").isPresent();
      assertThat(r.reportDir()).isEqualTo(dir.resolve("reports"));
    });
    assertThat(closed).hasValue(1);
    assertThat(Files.readString(dir.resolve("reports/k8s-conformance/README.md")))
        .contains("ccm4j conformance --test --provider fake --suite tck");
  }

  @Test
  void aClusterThatCannotStartFailsTheRunWithItsMessage() {
    int code = run(request -> {
      throw new IllegalStateException("the cloud emulator exited with status 1 before its endpoint");
    }, tck());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: the cloud emulator exited with status 1 before its endpoint");
  }

  @Test
  void flagsThatNeedNoEmbeddedClusterOrContradictItNeverStartIt() throws Exception {
    Path file = Files.writeString(dir.resolve("cloud.conf"), "{}");
    assertThat(run(recording, tck("--cloud-config", file.toString()))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--cloud-config: ccm4j conformance --test writes the provider's cloud-config itself");
    assertThat(run(recording, tck("--job", "a/b"))).isEqualTo(2);
    assertThat(run(recording, tck("--suite", "nope"))).isEqualTo(2);
    assertThat(requests).isEmpty();

    assertThat(run(recording, tck("--in-process"))).as("--in-process runs the in-process cluster").isZero();
    assertThat(requests).isEmpty();
  }
}
