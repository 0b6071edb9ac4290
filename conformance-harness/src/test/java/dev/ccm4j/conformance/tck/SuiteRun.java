package dev.ccm4j.conformance.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The outcome of running suites through the Jupiter engine, by test method name.
 *
 * @param succeeded the methods that passed
 * @param failed the methods that failed, with their failure
 * @param aborted the methods that were skipped by an assumption, with the reason
 * @param results the raw results, for display names
 */
record SuiteRun(Set<String> succeeded, Map<String, Throwable> failed, Map<String, String> aborted,
    EngineExecutionResults results) {

  static SuiteRun of(Class<?> suite) {
    return run(Map.of(), selectClass(suite));
  }

  static SuiteRun run(Map<String, String> configuration, DiscoverySelector... selectors) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameters(configuration)
        .selectors(selectors).execute();
    Events tests = results.testEvents();
    return new SuiteRun(
        tests.succeeded().stream().map(SuiteRun::method).collect(Collectors.toSet()),
        tests.failed().stream().collect(Collectors.toMap(SuiteRun::method, SuiteRun::error, (a, b) -> a,
            TreeMap::new)),
        tests.aborted().stream().collect(Collectors.toMap(SuiteRun::method, e -> error(e).getMessage(), (a, b) -> a,
            TreeMap::new)),
        results);
  }

  /** The names of the test methods a contract interface declares. */
  static Set<String> contracts(Class<?> contract) {
    return Arrays.stream(contract.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
        .map(Method::getName).collect(Collectors.toSet());
  }

  private static String method(Event event) {
    return event.getTestDescriptor().getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
        .map(MethodSource::getMethodName).orElseThrow();
  }

  private static Throwable error(Event event) {
    return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }
}
