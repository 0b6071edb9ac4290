package dev.ccm4j.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A scenario's figures, printed as one Markdown table row (header row first) on standard output and appended to
 * {@code <reports>/results.md}, so a run's table can be pasted into docs/reliability.md as it is.
 */
public final class Figures {
  private final String scenario;
  private final Map<String, String> figures = new LinkedHashMap<>();

  /**
   * Figures of one scenario run.
   *
   * @param scenario the scenario's name, the row's first cell
   */
  public Figures(String scenario) {
    this.scenario = scenario;
  }

  /**
   * Records a figure; a later one of the same name replaces it.
   *
   * @param name the column
   * @param value the value, printed with {@link String#valueOf(Object)}
   * @return this
   */
  public Figures put(String name, Object value) {
    figures.put(name, String.valueOf(value));
    return this;
  }

  /**
   * Records a duration in seconds with one decimal place.
   *
   * @param name the column
   * @param nanos the duration in nanoseconds
   * @return this
   */
  public Figures seconds(String name, long nanos) {
    return put(name, String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9));
  }

  /** Prints the header and the row, and appends both to the reports' results file. */
  public void print() {
    String header = "| scenario | " + String.join(" | ", figures.keySet()) + " |";
    String rule = header.replaceAll("[^|]", "-");
    String row = "| " + scenario + " | " + figures.values().stream().collect(Collectors.joining(" | ")) + " |";
    String table = header + "\n" + rule + "\n" + row + "\n";
    System.out.println("\n" + table);
    Path file = Campaign.reports().resolve("results.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, table + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
