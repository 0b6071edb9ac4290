package dev.ccm4j.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The knobs of a benchmark run, read from {@code key=value} arguments or, failing that, system properties.
 *
 * @param scale multiplies every scenario size, e.g. 0.1 for a quick run
 * @param workers the controllers' worker count ({@code --concurrent-node-syncs},
 *     {@code --concurrent-service-syncs}) and the width of the baselines' pools
 * @param cloudDelay the artificial latency of every fake-cloud call
 * @param timeout how long any one scenario may wait for its completion condition
 * @param steadyPeriod the shortened resync periods of the steady-state scenario
 */
public record BenchmarkConfig(double scale, int workers, Duration cloudDelay, Duration timeout,
    Duration steadyPeriod) {

  /** Rejects settings that cannot produce a meaningful run. */
  public BenchmarkConfig {
    if (!(scale > 0 && scale <= 10)) {
      throw new IllegalArgumentException("scale must be in (0, 10], got " + scale);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive, got " + workers);
    }
  }

  /**
   * Reads the settings: {@code scale} (1), {@code workers} (10), {@code cloudDelayMs} (20), {@code timeoutS} (300)
   * and {@code steadyPeriodS} (10: the route controller
   * reconciles at most every 10 s, so a shorter period would not give it three full cycles in the window).
   *
   * @param args {@code key=value} arguments; they win over system properties of the same name
   * @return the settings
   */
  public static BenchmarkConfig parse(String[] args) {
    Map<String, String> values = new TreeMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got \"" + arg + "\"");
      }
      values.put(arg.substring(0, eq).replaceFirst("^-D", ""), arg.substring(eq + 1));
    }
    return new BenchmarkConfig(
        Double.parseDouble(value(values, "scale", "1")),
        Integer.parseInt(value(values, "workers", "10")),
        Duration.ofMillis(Long.parseLong(value(values, "cloudDelayMs", "20"))),
        Duration.ofSeconds(Long.parseLong(value(values, "timeoutS", "300"))),
        Duration.ofSeconds(Long.parseLong(value(values, "steadyPeriodS", "10"))));
  }

  private static String value(Map<String, String> args, String key, String fallback) {
    return args.getOrDefault(key, System.getProperty(key, fallback));
  }

  /**
   * The same settings at another scale.
   *
   * @param newScale the scale
   * @return the copy
   */
  public BenchmarkConfig withScale(double newScale) {
    return new BenchmarkConfig(newScale, workers, cloudDelay, timeout, steadyPeriod);
  }

  /**
   * A scenario size at this scale.
   *
   * @param fullSize the size at scale 1
   * @return the scaled size, at least 1
   */
  public int scaled(int fullSize) {
    return Math.max(1, (int) Math.round(fullSize * scale));
  }

  /** @return the settings as one line for the report */
  public String describe() {
    return String.format(Locale.ROOT, "scale %s, %d workers, cloud delay %d ms per call, scenario timeout %d s,"
        + " steady-state periods %d s", scale, workers, cloudDelay.toMillis(), timeout.toSeconds(),
        steadyPeriod.toSeconds());
  }
}
