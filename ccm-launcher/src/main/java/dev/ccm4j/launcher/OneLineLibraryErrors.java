package dev.ccm4j.launcher;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;

/**
 * Wraps the log encoder below {@code --v=4}: a line that a library (client-java's reflectors, for example; not
 * ccm4j) logs with an exception becomes one line, the exception summed up at its end, and the same line is written
 * at most once per {@link #WINDOW_SECONDS} seconds per logger, saying how many were held back. Such libraries
 * log a full trace on every retry while the API server is unreachable (once a second per informer), which buries
 * everything else; at {@code --v=4} and above the traces are written in full.
 */
final class OneLineLibraryErrors extends EncoderBase<ILoggingEvent> {
  /** The shortest time between two lines from the same library call site. */
  static final long WINDOW_SECONDS = 10;
  private static final int MAX_KEYS = 1024;
  private static final int MAX_SUMMARY = 200;
  private static final Pattern HTTP_CODE = Pattern.compile("HTTP response code: (\\d+)");

  private final Encoder<ILoggingEvent> delegate;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  OneLineLibraryErrors(Encoder<ILoggingEvent> delegate, LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    String logger = event.getLoggerName() == null ? "" : event.getLoggerName();
    if (thrown == null || logger.startsWith("dev.ccm4j.")) {
      return delegate.encode(event);
    }
    String text = event.getFormattedMessage();
    long suppressed = admit(logger + '\u0000' + text);
    if (suppressed < 0) {
      return new byte[0];
    }
    String line = text + ": " + summary(thrown)
        + (suppressed > 0 ? " (" + suppressed + " more like this in the last " + WINDOW_SECONDS + "s)" : "");
    return delegate.encode(withoutThrowable(event, line));
  }

  /** -1 to drop the line, else how many were dropped since the last one written. */
  private long admit(String key) {
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    long now = nanoTime.getAsLong();
    long[] result = new long[1];
    windows.compute(key, (k, w) -> {
      if (w == null || now - w.start >= TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
        result[0] = w == null ? 0 : w.dropped;
        return new Window(now, 0);
      }
      result[0] = -1;
      return new Window(w.start, w.dropped + 1);
    });
    return result[0];
  }

  /**
   * The exception as one line: its type and message, and its root cause's.
   *
   * @param thrown the exception
   * @return the summary, at most {@value #MAX_SUMMARY} characters
   */
  static String summary(IThrowableProxy thrown) {
    IThrowableProxy root = thrown;
    for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
      root = root.getCause();
    }
    String text = describe(thrown) + (root == thrown ? "" : "; caused by " + describe(root));
    return text.length() > MAX_SUMMARY ? text.substring(0, MAX_SUMMARY) + "..." : text;
  }

  private static String describe(IThrowableProxy t) {
    String name = t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1);
    String message = t.getMessage() == null ? "" : t.getMessage();
    if (name.equals("ApiException")) {
      // client-java's message spans lines and holds the response body; the status is what matters
      Matcher code = HTTP_CODE.matcher(message);
      return code.find() && !code.group(1).equals("0") ? name + " (HTTP " + code.group(1) + ")" : name;
    }
    String first = message.strip().lines().findFirst().orElse("");
    return first.isEmpty() ? name : name + ": " + first;
  }

  private static ILoggingEvent withoutThrowable(ILoggingEvent e, String message) {
    LoggingEvent copy = new LoggingEvent();
    copy.setLoggerName(e.getLoggerName());
    copy.setLoggerContextRemoteView(e.getLoggerContextVO());
    copy.setLevel(e.getLevel());
    copy.setThreadName(e.getThreadName());
    copy.setMessage(message);
    copy.setInstant(e.getInstant());
    copy.setSequenceNumber(e.getSequenceNumber());
    copy.setMDCPropertyMap(e.getMDCPropertyMap());
    copy.setKeyValuePairs(e.getKeyValuePairs());
    if (e.getMarkerList() != null) {
      for (Marker m : e.getMarkerList()) {
        copy.addMarker(m);
      }
    }
    return copy;
  }

  private record Window(long start, long dropped) {}
}
