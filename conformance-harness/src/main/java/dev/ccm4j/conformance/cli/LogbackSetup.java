package dev.ccm4j.conformance.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/** The Logback side of {@link CliLogging}; loaded only when Logback is present. */
final class LogbackSetup {
  private LogbackSetup() {}

  static void apply(boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(verbose ? Level.INFO : Level.WARN);
    context.getLogger("dev.ccm4j").setLevel(verbose ? Level.DEBUG : Level.WARN);
    // stopping an informer logs its interrupt at ERROR (kubernetes-client/java#656); these loggers say nothing else
    context.getLogger("io.kubernetes.client.informer.cache.ProcessorListener").setLevel(Level.OFF);
    context.getLogger("io.kubernetes.client.informer.cache.Controller").setLevel(Level.OFF);
  }
}
