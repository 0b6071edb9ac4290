package dev.ccm4j.reliability.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus text exposition: samples by name and labels. Immutable. */
public final class Metrics {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample. */
  private record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private Metrics(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * Parses a text exposition; comment lines and unparsable lines are skipped.
   *
   * @param text the scrape
   * @return the samples
   */
  public static Metrics parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      try {
        out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      } catch (NumberFormatException e) {
        // NaN and the like are parsed by Double; anything else is not a sample
      }
    }
    return new Metrics(out);
  }

  /**
   * The sum of every sample of a metric whose labels include the given ones.
   *
   * @param name the sample name as exposed (e.g. {@code cloudprovider_api_requests_total})
   * @param labels label names and values, alternating; none sums every sample
   * @return the sum; 0 when there is none
   */
  public double sum(String name, String... labels) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && has(s.labels(), labels)) {
        total += s.value();
      }
    }
    return total;
  }

  /**
   * Whether any sample of a metric is exposed.
   *
   * @param name the sample name
   * @return true when there is one
   */
  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * The smallest sample of a metric whose labels include the given ones.
   *
   * @param name the sample name
   * @param labels label names and values, alternating
   * @return the minimum; NaN when there is none
   */
  public double min(String name, String... labels) {
    return samples.stream().filter(s -> s.name().equals(name) && has(s.labels(), labels))
        .mapToDouble(Sample::value).min().orElse(Double.NaN);
  }

  private static boolean has(Map<String, String> actual, String... labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(actual.get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
