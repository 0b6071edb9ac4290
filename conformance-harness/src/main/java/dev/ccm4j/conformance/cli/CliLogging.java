package dev.ccm4j.conformance.cli;

/**
 * Configures logging for the command line in code, so the harness jar ships no {@code logback.xml} that would
 * override a library user's. Quiet by default: the e2e.log lines on standard output are the progress report.
 */
final class CliLogging {
  private CliLogging() {}

  static void configure(boolean verbose) {
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext", false, CliLogging.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // another SLF4J binding (or none) is on the classpath: leave it as its owner configured it
      return;
    }
    LogbackSetup.apply(verbose);
  }
}
