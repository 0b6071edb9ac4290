package dev.ccm4j.testkit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of a logger tree at TRACE, rendered with its stack trace, for asserting that nothing
 * secret is ever logged. Needs logback-classic as the slf4j binding.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    this.logger = context.getLogger(name);
    this.previous = logger.getLevel();
    logger.setLevel(Level.TRACE);
    appender.setContext(context);
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * Starts capturing.
   *
   * @param name the logger (and its children), e.g. {@code dev.ccm4j}
   * @return the capture; close it
   */
  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /**
   * Every captured line: logger name, level, formatted message and any throwable.
   *
   * @return the lines so far
   */
  public synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(appender.list)) {
      String line = e.getLoggerName() + " " + e.getLevel() + " " + e.getFormattedMessage();
      if (e.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
      }
      out.add(line);
    }
    return out;
  }

  /**
   * All captured lines joined.
   *
   * @return the text
   */
  public String text() {
    return String.join("\n", lines());
  }

  /**
   * How many events were captured.
   *
   * @return the count
   */
  public synchronized int size() {
    return appender.list.size();
  }

  /** Stops capturing and restores the logger's level. */
  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    appender.stop();
  }
}
