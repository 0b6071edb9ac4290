package dev.ccm4j.conformance.run;

import dev.ccm4j.conformance.SuiteCatalog;
import java.util.List;
import java.util.Locale;

/** The suites a run can launch. */
public enum Suite {
  /** The provider TCK: the provider's contracts, against its fixture. */
  TCK(List.of(SuiteCatalog.TCK)),
  /** The end-to-end scenarios against a cluster with the CCM under test running. */
  E2E(SuiteCatalog.E2E);

  private final List<String> classNames;

  Suite(List<String> classNames) {
    this.classNames = classNames;
  }

  /**
   * The suite's test classes, by name.
   *
   * @return the class names, in the order they run
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The suite of a command-line name.
   *
   * @param name {@code tck} or {@code e2e}, any case
   * @return the suite
   * @throws IllegalArgumentException naming the valid values
   */
  public static Suite parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "tck" -> TCK;
      case "e2e" -> E2E;
      default -> throw new IllegalArgumentException("unknown suite \"" + name + "\"; valid suites: tck, e2e");
    };
  }
}
