package dev.ccm4j.conformance.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code junit_01.xml} in the shape Ginkgo v2 and the Kubernetes e2e wrapper produce: one
 * {@code <testsuite>} in a {@code <testsuites>}, suite properties, then one {@code <testcase name="[It] <text>">} per
 * spec, sorted by full text. Filtered specs carry {@code <skipped message="skipped"/>} (TestGrid hides those), specs
 * that skipped themselves {@code <skipped message="skipped - REASON"/>}, failed specs a {@code <failure type="failed">}
 * without a message attribute.
 */
public final class JunitReport {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private JunitReport() {}

  /**
   * Writes the report to a file, creating its folder.
   *
   * @param report the run
   * @param file the file
   * @throws IOException if the file cannot be written
   */
  public static void write(RunReport report, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      write(report, out);
    }
  }

  /**
   * Writes the report as UTF-8 to a stream, which stays open.
   *
   * @param report the run
   * @param out the stream
   * @throws IOException if writing fails
   */
  public static void write(RunReport report, OutputStream out) throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      document(report, xml);
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
    }
  }

  private static void document(RunReport r, XMLStreamWriter xml) throws XMLStreamException {
    List<SpecResult> specs = r.sortedSpecs();
    String tests = Integer.toString(specs.size());
    String failures = Integer.toString(r.count(SpecState.FAILED));
    String skipped = Integer.toString(r.skippedTotal());
    String time = seconds(r.duration());
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeCharacters("\n");
    xml.writeStartElement("testsuites");
    // Ginkgo counts pending and skipped specs as "disabled" on the outer element
    attributes(xml, "tests", tests, "disabled", skipped, "errors", "0", "failures", failures, "time", time);
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    attributes(xml, "name", RunReport.SUITE_NAME, "package", r.job(), "tests", tests, "disabled", "0",
        "skipped", skipped, "errors", "0", "failures", failures, "time", time,
        "timestamp", TIMESTAMP.format(r.start()));
    xml.writeCharacters("\n    ");
    xml.writeStartElement("properties");
    for (Map.Entry<String, String> p : properties(r).entrySet()) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("property");
      attributes(xml, "name", p.getKey(), "value", p.getValue());
      xml.writeEndElement();
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
    for (SpecResult spec : specs) {
      xml.writeCharacters("\n    ");
      testcase(spec, xml);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
    xml.writeCharacters("\n");
    xml.writeEndElement();
    xml.writeCharacters("\n");
    xml.writeEndDocument();
  }

  private static Map<String, String> properties(RunReport r) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("SuiteSucceeded", Boolean.toString(r.passed()));
    p.put("SuiteHasProgrammaticFocus", "false");
    p.put("SpecialSuiteFailureReason", "");
    p.put("SuiteLabels", "[]");
    p.put("RandomSeed", Long.toString(r.randomSeed()));
    p.put("RandomizeAllSpecs", "false");
    p.put("LabelFilter", "");
    p.put("FocusStrings", String.join(",", r.focus()));
    p.put("SkipStrings", String.join(",", r.skip()));
    p.put("FocusFiles", "");
    p.put("SkipFiles", "");
    p.put("FailOnPending", "false");
    p.put("FailFast", "false");
    p.put("FlakeAttempts", "0");
    p.put("DryRun", "false");
    p.put("ParallelTotal", "1");
    p.put("OutputInterceptorMode", "");
    return p;
  }

  private static void testcase(SpecResult spec, XMLStreamWriter xml) throws XMLStreamException {
    xml.writeStartElement("testcase");
    attributes(xml, "name", spec.reportName(), "classname", RunReport.SUITE_NAME,
        "status", spec.state().skipped() ? "skipped" : spec.state().name().toLowerCase(Locale.ROOT),
        "time", seconds(spec.duration()));
    switch (spec.state()) {
      case FILTERED -> {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("skipped");
        attributes(xml, "message", "skipped");
      }
      case SKIPPED -> {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("skipped");
        attributes(xml, "message", "skipped - " + oneLine(spec.message()));
      }
      case FAILED -> {
        xml.writeCharacters("\n      ");
        xml.writeStartElement("failure");
        attributes(xml, "type", "failed");
        // a stack trace starts with the exception and its message, so it stands for both
        xml.writeCharacters(clean(spec.details().isEmpty() ? spec.message() : spec.details()));
        xml.writeEndElement();
      }
      case PASSED -> { }
      default -> throw new IllegalStateException("unknown state " + spec.state());
    }
    if (!spec.output().isEmpty()) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("system-err");
      xml.writeCharacters(clean(spec.output()));
      xml.writeEndElement();
    }
    if (spec.state() != SpecState.PASSED || !spec.output().isEmpty()) {
      xml.writeCharacters("\n    ");
    }
    xml.writeEndElement();
  }

  private static void attributes(XMLStreamWriter xml, String... namesAndValues) throws XMLStreamException {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      xml.writeAttribute(namesAndValues[i], clean(namesAndValues[i + 1]));
    }
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * Drops the characters XML 1.0 cannot carry (control characters other than tab, newline and carriage return,
   * unpaired surrogates, U+FFFE and U+FFFF), which exception messages and captured output may contain.
   *
   * @param s any text
   * @return the text without them
   */
  public static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().filter(JunitReport::allowed).forEach(out::appendCodePoint);
    return out.toString();
  }

  private static boolean allowed(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  static String seconds(Duration d) {
    return new BigDecimal(d.toNanos()).movePointLeft(9).setScale(3, RoundingMode.HALF_UP).toPlainString();
  }
}
