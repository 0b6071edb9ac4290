package dev.ccm4j.core.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on the secure port and its response. The request line and headers are complete and any body
 * was read and dropped before an endpoint sees it, so an endpoint never waits for the client.
 */
final class Exchange {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final InetSocketAddress remote;
  private final OutputStream out;
  private final boolean closeAfter;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private int status;

  Exchange(String method, String path, String rawQuery, Map<String, List<String>> headers,
      InetSocketAddress remote, OutputStream out, boolean closeAfter) {
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.headers = headers;
    this.remote = remote;
    this.out = out;
    this.closeAfter = closeAfter;
  }

  String method() {
    return method;
  }

  /** The decoded path. */
  String path() {
    return path;
  }

  /** The raw query, or null. */
  String rawQuery() {
    return rawQuery;
  }

  /** The first value of a header, by case-insensitive name, or null. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  InetSocketAddress remote() {
    return remote;
  }

  boolean isHead() {
    return "HEAD".equals(method);
  }

  /** Sets a response header before the response starts. */
  void setHeader(String name, String value) {
    responseHeaders.put(name, value);
  }

  /** Whether a response was started. */
  boolean responded() {
    return status != 0;
  }

  int status() {
    return status;
  }

  /** Sends a complete response with a known length; for HEAD only the headers. */
  void respond(int code, String contentType, byte[] body) throws IOException {
    startResponse(code, contentType, "Content-Length", Integer.toString(body.length));
    if (!isHead()) {
      out.write(body);
    }
    out.flush();
  }

  /**
   * Starts a chunked response; the caller writes the body and closes the stream, which ends the response without
   * closing the connection. For HEAD the body is discarded.
   */
  OutputStream respondChunked(int code, String contentType) throws IOException {
    if (isHead()) {
      startResponse(code, contentType, null, null);
      out.flush();
      return OutputStream.nullOutputStream();
    }
    startResponse(code, contentType, "Transfer-Encoding", "chunked");
    return new ChunkedOutputStream(out);
  }

  private void startResponse(int code, String contentType, String lengthHeader, String lengthValue)
      throws IOException {
    if (status != 0) {
      throw new IllegalStateException("response already started");
    }
    status = code;
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    for (Map.Entry<String, String> h : responseHeaders.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("\r\n");
    if (lengthHeader != null) {
      head.append(lengthHeader).append(": ").append(lengthValue).append("\r\n");
    }
    if (closeAfter) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  static String reason(int code) {
    switch (code) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 413: return "Request Entity Too Large";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      case 505: return "HTTP Version Not Supported";
      default: return "Status";
    }
  }

  /** HTTP/1.1 chunked framing over the connection, which it does not close. */
  private static final class ChunkedOutputStream extends OutputStream {
    private static final int CHUNK = 8192;
    private final OutputStream out;
    private final byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean closed;

    ChunkedOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == CHUNK) {
        flushChunk();
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (count == CHUNK) {
          flushChunk();
        }
        int n = Math.min(len, CHUNK - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    private void flushChunk() throws IOException {
      if (count > 0) {
        out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buffer, 0, count);
        out.write(CRLF);
        count = 0;
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      flushChunk();
      out.write(LAST_CHUNK);
      out.flush();
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  }
}
