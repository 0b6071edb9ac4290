package dev.ccm4j.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ccm4j conformance --provider local}: the TCK and the e2e suite in-process against the local provider's real
 * proxy and route table. The reports stay in {@code target/conformance-reports/local} as build output.
 */
class ConformanceCommandIT {
  private static final Path REPORTS = Path.of("target", "conformance-reports", "local");

  @Test
  void localProviderPassesTheTckAndTheEndToEndSuite() throws Exception {
    int exit = Main.run("conformance", "--provider", "local", "--report-dir", REPORTS.toString(), "--job",
        "ccm4j-local", "--ignored-settle", "2s");

    assertThat(exit).isZero();
    Path job = REPORTS.resolve("ccm4j-local");
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
      NodeList s = c.getElementsByTagName("skipped");
      if (s.getLength() > 0) {
        skipped.add(((Element) s.item(0)).getAttribute("message"));
      } else {
        passed.add(c.getAttribute("name"));
      }
    }
    // local offers InstancesV2, LoadBalancer and Routes; the legacy Instances and Zones contracts do not apply
    assertThat(skipped).isNotEmpty().allMatch(m -> m.equals("skipped - provider local offers no Instances")
        || m.equals("skipped - provider local offers no Zones"));
    assertThat(passed).anyMatch(n -> n.contains("Provider TCK LoadBalancer [Feature:LoadBalancer] ensure is idempotent"))
        .anyMatch(n -> n.contains("Provider TCK Routes [Feature:Routes] a route to a terminated instance"))
        .anyMatch(n -> n.contains("should handle load balancer cleanup finalizer for service"))
        .anyMatch(n -> n.contains("should be deleted on API server if it doesn't exist in the cloud provider"))
        .anyMatch(n -> n.contains("should create a route to the pod CIDR of every node"));
    assertThat(Files.readString(REPORTS.resolve("k8s-conformance/README.md")))
        .contains("ccm4j conformance --provider local");
  }
}
