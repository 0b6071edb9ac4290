package dev.ccm4j.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {
  private static final String NASTY = "Services <svc> \"quoted\" & 'single' [Conformance]";

  private final RunReport report = Reports.run(List.of(
      Reports.passed("zeta passes [Conformance]", 1500),
      SpecResult.failed("beta fails", "expected 1 but was 2",
          "java.lang.AssertionError: expected 1\u0000 but was 2\n\tat Foo.bar(Foo.java:1)",
          Reports.START, Reports.START.plusMillis(250), "captured \u001b[0m output\n"),
      SpecResult.skipped("gamma skips", "provider has no LoadBalancer\nsecond line", Reports.START,
          Reports.START.plusMillis(10), ""),
      SpecResult.filtered("alpha is filtered [Slow]", Reports.START),
      SpecResult.passed(NASTY, Reports.START, Reports.START.plusMillis(1), ""),
      new SpecResult("AfterAll", "Broken teardown", SpecState.FAILED, "orphaned", "", Reports.START,
          Reports.START, "")));

  private Document parse(RunReport r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JunitReport.write(r, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
  }

  @Test
  void rootAndSuiteCarryGinkgoCounts() throws Exception {
    Element root = parse(report).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("6");
    assertThat(root.getAttribute("disabled")).isEqualTo("2");
    assertThat(root.getAttribute("errors")).isEqualTo("0");
    assertThat(root.getAttribute("failures")).isEqualTo("2");
    assertThat(root.getAttribute("time")).isEqualTo("12.345");
    NodeList suites = root.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(1);
    Element suite = (Element) suites.item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("ccm4j conformance suite");
    assertThat(suite.getAttribute("package")).isEqualTo("my-job");
    assertThat(suite.getAttribute("tests")).isEqualTo("6");
    assertThat(suite.getAttribute("skipped")).isEqualTo("2");
    assertThat(suite.getAttribute("disabled")).isEqualTo("0");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-05-01T14:20:30");
  }

  @Test
  void suitePropertiesDescribeTheRun() throws Exception {
    NodeList props = parse(report).getElementsByTagName("property");
    java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      byName.put(p.getAttribute("name"), p.getAttribute("value"));
    }
    assertThat(byName).containsEntry("SuiteSucceeded", "false").containsEntry("RandomSeed", "42")
        .containsEntry("FocusStrings", "\\[Conformance\\]").containsEntry("SkipStrings", "\\[Slow\\],Alpha")
        .containsEntry("ParallelTotal", "1").containsKeys("SuiteHasProgrammaticFocus", "OutputInterceptorMode");
  }

  @Test
  void testcasesAreSortedByFullTextWithTheNodeTypePrefix() throws Exception {
    List<String> names = new ArrayList<>();
    NodeList cases = parse(report).getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      assertThat(c.getAttribute("classname")).isEqualTo("ccm4j conformance suite");
      names.add(c.getAttribute("name"));
    }
    assertThat(names).containsExactly("[AfterAll] Broken teardown", "[It] " + NASTY, "[It] alpha is filtered [Slow]",
        "[It] beta fails", "[It] gamma skips", "[It] zeta passes [Conformance]");
  }

  @Test
  void statesMapToGinkgoElements() throws Exception {
    Document doc = parse(report);
    Element filtered = testcase(doc, "[It] alpha is filtered [Slow]");
    assertThat(filtered.getAttribute("status")).isEqualTo("skipped");
    assertThat(filtered.getAttribute("time")).isEqualTo("0.000");
    Element filteredSkip = child(filtered, "skipped");
    assertThat(filteredSkip.getAttribute("message")).isEqualTo("skipped");
    assertThat(filteredSkip.getTextContent()).isEmpty();

    Element skipped = testcase(doc, "[It] gamma skips");
    assertThat(skipped.getAttribute("status")).isEqualTo("skipped");
    assertThat(child(skipped, "skipped").getAttribute("message"))
        .isEqualTo("skipped - provider has no LoadBalancer second line");

    Element failed = testcase(doc, "[It] beta fails");
    assertThat(failed.getAttribute("status")).isEqualTo("failed");
    assertThat(failed.getAttribute("time")).isEqualTo("0.250");
    Element failure = child(failed, "failure");
    assertThat(failure.getAttribute("type")).isEqualTo("failed");
    assertThat(failure.hasAttribute("message")).isFalse();
    assertThat(failure.getTextContent()).isEqualTo("java.lang.AssertionError: expected 1 but was 2\n"
        + "\tat Foo.bar(Foo.java:1)");
    assertThat(child(failed, "system-err").getTextContent()).isEqualTo("captured [0m output\n");

    Element passed = testcase(doc, "[It] zeta passes [Conformance]");
    assertThat(passed.getAttribute("status")).isEqualTo("passed");
    assertThat(passed.getAttribute("time")).isEqualTo("1.500");
    assertThat(passed.getChildNodes().getLength()).isZero();
  }

  @Test
  void passingRunSaysSoAndCountsNoFailures() throws Exception {
    Document doc = parse(Reports.run(List.of(Reports.passed("a", 1))));
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(doc.getDocumentElement().getAttribute("disabled")).isEqualTo("0");
  }

  @Test
  void cleanDropsCharactersXmlCannotCarry() {
    assertThat(JunitReport.clean("a\u0000b\u0008c\td\ne\rf\uFFFEg\uD83D\uDE00h\uD800i"))
        .isEqualTo("abc\td\ne\rfg\uD83D\uDE00hi");
  }

  private static Element testcase(Document doc, String name) {
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no testcase " + name);
  }

  private static Element child(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    assertThat(found.getLength()).as(tag + " under " + parent.getAttribute("name")).isEqualTo(1);
    return (Element) found.item(0);
  }
}
