package dev.ccm4j.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Maps {@code --v} and {@code --logging-format} onto Logback, writing to standard error like upstream. Below
 * {@code --v=4}, a library's error comes as one rate-limited line ({@link OneLineLibraryErrors}).
 */
final class Logging {
  private Logging() {}

  static void configure(int verbosity, String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    Encoder<ILoggingEvent> encoder;
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.start();
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} %msg%n");
      text.start();
      encoder = text;
    }
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    if (verbosity < 4) {
      OneLineLibraryErrors oneLine = new OneLineLibraryErrors(encoder, System::nanoTime);
      oneLine.setContext(context);
      oneLine.start();
      encoder = oneLine;
    }
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(verbosity >= 6 ? Level.TRACE : verbosity >= 4 ? Level.DEBUG : Level.INFO);
    context.getLogger("dev.ccm4j").setLevel(verbosity >= 6 ? Level.TRACE : verbosity >= 2 ? Level.DEBUG
        : Level.INFO);
    if (verbosity < 4) {
      // client-java logs every watch reconnect and lease attempt at INFO
      context.getLogger("io.kubernetes.client").setLevel(Level.WARN);
      // ...and the interrupt that stopping an informer delivers at ERROR (kubernetes-client/java#656); these two
      // loggers report nothing else
      context.getLogger("io.kubernetes.client.informer.cache.ProcessorListener").setLevel(Level.OFF);
      context.getLogger("io.kubernetes.client.informer.cache.Controller").setLevel(Level.OFF);
    }
  }
}
