package dev.ccm4j.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.conformance.inprocess.InProcessCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The whole suite through the command line, for the {@code fake} provider: in-process, and against a running
 * cluster through its kubeconfig. The reports stay in {@code target/conformance-reports} as build output.
 */
class ConformanceCliIT {
  private static final Path REPORTS = Path.of("target", "conformance-reports");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ConformanceMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  @Test
  void inProcessRunOfTheFakeProviderPassesEverySpecAndWritesTheReports() throws Exception {
    Path dir = REPORTS.resolve("fake");
    int exit = run("run", "--in-process", "--provider", "fake", "--report-dir", dir.toString(), "--job",
        "ccm4j-fake", "--ignored-settle", "2s");

    assertThat(exit).as("exit status; output:%n%s%n%s", out, err).isZero();
    Path build = latestBuild(dir, "ccm4j-fake");
    Document junit = junit(build);
    Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).as("fake offers every capability and fixture operation").isEqualTo("0");
    List<String> names = testcaseNames(junit);
    assertThat(names).hasSize(Integer.parseInt(suite.getAttribute("tests")))
        .anyMatch(n -> n.startsWith("[It] [sig-cloud-provider] [ccm4j] Provider TCK LoadBalancer"))
        .anyMatch(n -> n.startsWith("[It] [sig-network] [ccm4j] LoadBalancers [Feature:LoadBalancer] should handle"))
        .anyMatch(n -> n.contains("should be deleted on API server if it doesn't exist in the cloud provider"));
    JsonObject finished = json(build.resolve("finished.json"));
    assertThat(finished.get("passed").getAsBoolean()).isTrue();
    assertThat(finished.getAsJsonObject("metadata").get("provider").getAsString()).isEqualTo("fake");
    List<String> log = Files.readAllLines(build.resolve("artifacts/e2e.log"));
    assertThat(log).anyMatch(l -> l.matches("I\\d{4} .*\\] Kubernetes server version: v1\\.\\d+\\.\\d+"))
        .anyMatch(l -> l.equals("SUCCESS! -- " + names.size() + " Passed | 0 Failed | 0 Pending | 0 Skipped"));
    assertThat(log.get(log.size() - 1)).isEqualTo("Test Suite Passed");
    assertThat(dir.resolve("k8s-conformance/PRODUCT.yaml")).exists();
    assertThat(Files.readString(dir.resolve("k8s-conformance/README.md"))).contains("--in-process --provider fake");
  }

  @Test
  void kubeconfigRunAgainstARunningClusterChecksTheApiSideAndSaysWhatNeedsAFixture() throws Exception {
    Path dir = REPORTS.resolve("fake-kubeconfig");
    // stands in for a real cluster: the CCM runs there with its own fake cloud, which this run cannot reach
    try (InProcessCluster cluster = InProcessCluster.builder().provider("fake").nodes(2).build().start()) {
      int exit = run("run", "--kubeconfig", cluster.kubeconfig().toString(), "--provider", "fake", "--suite", "e2e",
          "--no-fixture", "--routes", "--report-dir", dir.toString(), "--job", "ccm4j-fake-kubeconfig",
          "--poll-interval", "200ms", "--ignored-settle", "2s");

      assertThat(exit).as("exit status; output:%n%s%n%s", out, err).isZero();
    }
    Document junit = junit(latestBuild(dir, "ccm4j-fake-kubeconfig"));
    assertThat(((Element) junit.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("0");
    NodeList cases = junit.getElementsByTagName("testcase");
    List<String> skippedWithReason = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      NodeList skipped = c.getElementsByTagName("skipped");
      if (skipped.getLength() > 0) {
        skippedWithReason.add(c.getAttribute("name") + " | " + ((Element) skipped.item(0)).getAttribute("message"));
      } else {
        passed.add(c.getAttribute("name"));
      }
    }
    assertThat(passed).anyMatch(n -> n.contains("should initialize nodes"))
        .anyMatch(n -> n.contains("should handle load balancer cleanup finalizer for service"))
        .anyMatch(n -> n.contains("should ignore a LoadBalancer Service of another loadBalancerClass"))
        .anyMatch(n -> n.contains("should create a route to the pod CIDR of every node"));
    assertThat(skippedWithReason).filteredOn(s -> s.contains("should be deleted on API server"))
        .singleElement().asString().contains("skipped - ").contains("fixture");
  }

  private static Path latestBuild(Path dir, String job) throws Exception {
    String build = Files.readString(dir.resolve(job).resolve("latest-build.txt")).strip();
    return dir.resolve(job).resolve(build);
  }

  private static Document junit(Path build) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(build.resolve("artifacts/junit_01.xml").toFile());
  }

  private static List<String> testcaseNames(Document junit) {
    NodeList cases = junit.getElementsByTagName("testcase");
    return Stream.iterate(0, i -> i < cases.getLength(), i -> i + 1)
        .map(i -> ((Element) cases.item(i)).getAttribute("name")).toList();
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
