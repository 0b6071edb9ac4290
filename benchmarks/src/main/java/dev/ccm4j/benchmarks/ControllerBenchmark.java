package dev.ccm4j.benchmarks;

import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the controller scale scenarios and prints, for each, our time next to the physical limit measured in the
 * same run against the same emulator and cloud. Not a test:
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am install -DskipTests
 * ./mvnw -q -pl benchmarks exec:java -Dscale=0.1
 * </pre>
 *
 * <p>Arguments ({@code key=value}) or system properties: {@code scale}, {@code workers}, {@code cloudDelayMs},
 * {@code timeoutS}, {@code steadyPeriodS}, {@code warmup} (true), and {@code scenarios} (comma-separated:
 * node-join, service-create, node-add, steady-state; all by default). A scenario that times out or fails prints
 * why, and the others still run; the exit status is 1 if any did not complete.
 */
public final class ControllerBenchmark {
  /** One scenario's entry point. */
  @FunctionalInterface
  private interface Scenario {
    Report run(BenchmarkConfig config) throws Exception;
  }

  private static final double WARMUP_SCALE = 0.02;

  private ControllerBenchmark() {}

  /**
   * Runs the scenarios.
   *
   * @param args {@code key=value} settings, see the class comment
   */
  public static void main(String[] args) throws Exception {
    BenchmarkConfig config = BenchmarkConfig.parse(args);
    Map<String, Scenario> all = new LinkedHashMap<>();
    all.put("node-join", NodeJoinScenario::run);
    all.put("service-create", ServiceCreateScenario::run);
    all.put("node-add", NodeAddScenario::run);
    all.put("steady-state", SteadyStateScenario::run);
    String selected = setting(args, "scenarios", String.join(",", all.keySet()));
    boolean warmup = Boolean.parseBoolean(setting(args, "warmup", "true"));

    PrintStream out = System.out;
    out.println("ccm4j controller benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)
        + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    out.println(config.describe());
    out.printf("client rate limits raised to %.0f qps / %d burst and cloud-call governance to %.0f qps / %d burst,"
        + " leader election off: the emulator and the cloud delay are the limits, not a limiter%n%n",
        BenchmarkCluster.UNLIMITED_QPS, BenchmarkCluster.UNLIMITED_BURST, BenchmarkCluster.UNLIMITED_QPS,
        BenchmarkCluster.UNLIMITED_BURST);
    if (warmup) {
      warmUp(config, all, selected, out);
    }
    boolean failed = false;
    for (String name : selected.split(",")) {
      Scenario scenario = all.get(name.trim());
      if (scenario == null) {
        throw new IllegalArgumentException("unknown scenario \"" + name + "\"; known: " + all.keySet());
      }
      try {
        scenario.run(config).print(out);
      } catch (ScenarioTimeoutException e) {
        out.println("[" + name.trim() + "] NOT COMPLETED: " + e.getMessage());
        out.println();
        failed = true;
      } catch (Exception e) {
        out.println("[" + name.trim() + "] FAILED: " + e);
        e.printStackTrace(out);
        out.println();
        failed = true;
      }
    }
    if (failed) {
      System.exit(1);
    }
  }

  private static String setting(String[] args, String key, String fallback) {
    String value = System.getProperty(key, fallback);
    for (String arg : args) {
      if (arg.startsWith(key + "=")) {
        value = arg.substring(key.length() + 1);
      }
    }
    return value;
  }

  /**
   * Runs the timed scenarios once at a tiny scale and discards the figures, so that neither our controllers nor
   * the baselines (which run after them) are measured with a cold JIT. The steady-state scenario counts calls,
   * not time, and needs no warm-up.
   */
  private static void warmUp(BenchmarkConfig config, Map<String, Scenario> all, String selected, PrintStream out)
      throws Exception {
    if (config.scale() <= WARMUP_SCALE) {
      return;
    }
    long start = System.nanoTime();
    for (String name : selected.split(",")) {
      Scenario scenario = all.get(name.trim());
      if (scenario != null && !name.trim().equals("steady-state")) {
        try {
          scenario.run(config.withScale(WARMUP_SCALE));
        } catch (Exception e) {
          // the measured run meets and reports the same problem
        }
      }
    }
    out.printf("warm-up: timed scenarios once at scale %s, discarded (%.0f s)%n%n", WARMUP_SCALE,
        (System.nanoTime() - start) / 1e9);
  }
}
