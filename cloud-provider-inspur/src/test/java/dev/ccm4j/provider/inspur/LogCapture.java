package dev.ccm4j.provider.inspur;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of a logger tree at TRACE, with stack traces, to check that no secret is logged. */
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
   * @param name the logger tree, e.g. {@code dev.ccm4j}
   * @return the capture; close it
   */
  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /**
   * Everything captured so far: logger, level, message and throwable of each event.
   *
   * @return the text
   */
  public synchronized String text() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(appender.list)) {
      String line = e.getLoggerName() + " " + e.getLevel() + " " + e.getFormattedMessage();
      if (e.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
      }
      out.add(line);
    }
    return String.join("\n", out);
  }

  /**
   * How many events were captured.
   *
   * @return the count
   */
  public synchronized int size() {
    return appender.list.size();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    appender.stop();
  }
}
