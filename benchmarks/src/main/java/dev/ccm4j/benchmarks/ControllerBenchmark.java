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
 * <p>Arguments or system properties: {@code scale}, {@code workers}, {@code cloudDelayMs}, {@code timeoutS},
 * {@code steadyPeriodS}, and {@code scenarios} (comma-separated: node-join, service-create, node-add,
 * steady-state; all by default). A scenario that times out or whose controller is missing prints why, and the
 * others still run; the exit status is 1 if any did not complete.
 */
public final class ControllerBenchmark {
  /** One scenario's entry point. */
  @FunctionalInterface
  private interface Scenario {
    Report run(BenchmarkConfig config) throws Exception;
  }

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
    String selected = System.getProperty("scenarios", String.join(",", all.keySet()));
    for (String arg : args) {
      if (arg.startsWith("scenarios=")) {
        selected = arg.substring("scenarios=".length());
      }
    }

    PrintStream out = System.out;
    out.println("ccm4j controller benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)
        + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    out.println(config.describe());
    out.printf("client rate limits raised to %.0f qps / %d burst and cloud-call governance to %.0f qps / %d burst,"
        + " leader election off: the emulator and the cloud delay are the limits, not a limiter%n%n",
        BenchmarkCluster.UNLIMITED_QPS, BenchmarkCluster.UNLIMITED_BURST, BenchmarkCluster.UNLIMITED_QPS,
        BenchmarkCluster.UNLIMITED_BURST);
    boolean failed = false;
    for (String name : selected.split(",")) {
      Scenario scenario = all.get(name.trim());
      if (scenario == null) {
        throw new IllegalArgumentException("unknown scenario \"" + name + "\"; known: " + all.keySet());
      }
      try {
        scenario.run(config).print(out);
      } catch (ScenarioTimeoutException | BuiltInControllers.MissingControllerException e) {
        out.println("[" + name.trim() + "] NOT COMPLETED: " + e.getMessage());
        out.println();
        failed = true;
      }
    }
    if (failed) {
      System.exit(1);
    }
  }
}
