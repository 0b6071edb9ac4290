package dev.ccm4j.conformance.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON files of a TestGrid build folder. TestGrid reads {@code started.json}'s {@code timestamp} and
 * {@code node}, and {@code finished.json}'s {@code timestamp}, {@code passed} (without it the cell is marked as an
 * error), the deprecated {@code result} and the string {@code metadata}, whose {@code job-version} becomes the column's
 * version.
 */
public final class TestGridFiles {
  private TestGridFiles() {}

  /**
   * The content of {@code started.json}.
   *
   * @param report the run
   * @return the JSON text
   */
  public static String started(RunReport report) {
    JsonObject o = new JsonObject();
    o.addProperty("timestamp", report.start().getEpochSecond());
    o.addProperty("node", report.node());
    return json(o);
  }

  /**
   * The content of {@code finished.json}.
   *
   * @param report the run
   * @return the JSON text
   */
  public static String finished(RunReport report) {
    JsonObject o = new JsonObject();
    o.addProperty("timestamp", report.end().getEpochSecond());
    o.addProperty("passed", report.passed());
    o.addProperty("result", report.passed() ? "SUCCESS" : "FAILURE");
    JsonObject metadata = new JsonObject();
    for (Map.Entry<String, String> e : new TreeMap<>(report.metadata()).entrySet()) {
      metadata.addProperty(e.getKey(), e.getValue());
    }
    o.add("metadata", metadata);
    return json(o);
  }

  private static String json(JsonObject o) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
  }
}
