package dev.ccm4j.conformance.run;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ginkgo's focus and skip: a spec runs if its full text matches one of the focus regexes (when any are given) and
 * none of the skip regexes. A regex matches anywhere in the text, as Go's {@code regexp.MatchString} does.
 */
public final class SpecFilter {
  private final List<Pattern> focus;
  private final List<Pattern> skip;

  private SpecFilter(List<Pattern> focus, List<Pattern> skip) {
    this.focus = focus;
    this.skip = skip;
  }

  /**
   * Compiles a filter.
   *
   * @param focus the focus regexes; empty runs everything not skipped
   * @param skip the skip regexes
   * @return the filter
   * @throws PatternSyntaxException if a regex is invalid
   */
  public static SpecFilter of(List<String> focus, List<String> skip) {
    return new SpecFilter(compile(focus), compile(skip));
  }

  /**
   * A filter that lets every spec run.
   *
   * @return the filter
   */
  public static SpecFilter all() {
    return new SpecFilter(List.of(), List.of());
  }

  private static List<Pattern> compile(List<String> regexes) {
    return regexes.stream().map(r -> Pattern.compile(Objects.requireNonNull(r, "regex"))).toList();
  }

  /**
   * Whether a spec runs.
   *
   * @param fullText the spec's full text
   * @return true if it matches the focus (or there is none) and no skip
   */
  public boolean runs(String fullText) {
    boolean focused = focus.isEmpty() || focus.stream().anyMatch(p -> p.matcher(fullText).find());
    return focused && skip.stream().noneMatch(p -> p.matcher(fullText).find());
  }

  /**
   * The focus regexes as given.
   *
   * @return the regexes
   */
  public List<String> focus() {
    return focus.stream().map(Pattern::pattern).toList();
  }

  /**
   * The skip regexes as given.
   *
   * @return the regexes
   */
  public List<String> skip() {
    return skip.stream().map(Pattern::pattern).toList();
  }
}
