package dev.ccm4j.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one scenario prints.
 *
 * @param title the scenario and its size
 * @param lines the figures, one per line
 */
record Report(String title, List<String> lines) {
  Report {
    lines = List.copyOf(lines);
  }

  void print(PrintStream out) {
    out.println(title);
    lines.forEach(l -> out.println("  " + l));
    out.println();
  }

  /** Builds the lines of a report. */
  static final class Builder {
    private final String title;
    private final List<String> lines = new ArrayList<>();

    Builder(String title) {
      this.title = title;
    }

    Builder line(String format, Object... args) {
      lines.add(String.format(Locale.ROOT, format, args));
      return this;
    }

    /**
     * The three timing lines: our time, the limit with its parts, the ratio.
     *
     * @param ours the controllers' time
     * @param api the raw-write baseline, with what it did
     * @param cloud the cloud-call baseline, with what it did
     */
    Builder timing(Duration ours, Baseline api, Baseline cloud) {
      // max, not sum: each object's API write waits for its own cloud answer, but objects are independent, so
      // with both budgets as wide as the workers one object's cloud call overlaps another's write. The sum is
      // only the bound of a design that keeps a worker idle on the API while it could call the cloud.
      Duration limit = api.time().compareTo(cloud.time()) >= 0 ? api.time() : cloud.time();
      line("ours:           %s", seconds(ours));
      line("physical limit: %s = max(API %s, cloud %s)", seconds(limit), seconds(api.time()),
          seconds(cloud.time()));
      line("  API baseline:   %s", api.what());
      line("  cloud baseline: %s", cloud.what());
      line("ratio:          %.2fx the physical limit", (double) ours.toNanos() / Math.max(1, limit.toNanos()));
      Duration sum = api.time().plus(cloud.time());
      line("(one-pool bound API + cloud = %s; ours is %.2fx that)", seconds(sum),
          (double) ours.toNanos() / Math.max(1, sum.toNanos()));
      return this;
    }

    Report build() {
      return new Report(title, lines);
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  /**
   * One measured physical-limit component.
   *
   * @param time how long the minimum work took
   * @param what the work, for the report
   */
  record Baseline(Duration time, String what) {
    static final Baseline NONE = new Baseline(Duration.ZERO, "none needed");
  }
}
