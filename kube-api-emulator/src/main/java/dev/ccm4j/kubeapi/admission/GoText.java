package dev.ccm4j.kubeapi.admission;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A value rendered verbatim inside a cause message, for values the real server prints in Go syntax, such as
 * {@code []string{"10.96.0.10"}}.
 *
 * @param text the rendering
 */
record GoText(String text) {
  static GoText strings(List<String> values) {
    return new GoText(values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[]string{", "}")));
  }

  @Override
  public String toString() {
    return text;
  }
}
