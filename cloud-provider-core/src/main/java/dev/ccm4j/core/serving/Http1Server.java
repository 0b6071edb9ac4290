package dev.ccm4j.core.serving;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server over TLS that stays responsive under slow and hostile clients.
 *
 * <p>The acceptor thread only accepts TCP connections; each admitted connection gets its own thread, which runs
 * the TLS handshake, reads the request and answers it. Every phase of a connection has a deadline (handshake,
 * request headers, request body, response, idle keep-alive) enforced by a watchdog that closes the TCP socket, so
 * no read or write blocks for longer than its phase allows, whatever the client sends or does not send.
 *
 * <p>Connections are bounded per client address and overall. When a bound is reached, the newcomer takes the
 * slot of the oldest connection that is not being answered (still handshaking, sending its request or idle between
 * requests): a client can make the server busy only with requests it completes, so a probe always gets through.
 * Only when every slot is busy answering is a new connection refused.
 */
final class Http1Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Http1Server.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
  private static final int MAX_CHUNK_LINE = 4096;
  private static final Duration SHED_REPORT_INTERVAL = Duration.ofMinutes(1);
  private static final Duration LINGER = Duration.ofMillis(500);
  private static final long MAX_LINGER_BYTES = 256 * 1024;

  /** The deadlines and bounds; see {@link SecureServer.Builder} for each. */
  record Limits(Duration handshakeTimeout, Duration readHeaderTimeout, Duration readBodyTimeout,
      Duration writeTimeout, Duration idleTimeout, int maxHeaderBytes, long maxBodyBytes, int maxConnections,
      int maxConnectionsPerClient) {}

  private enum Phase {
    HANDSHAKE(true), HEADERS(true), BODY(true), IDLE(true), RESPONSE(false), CLOSING(true);

    final boolean evictable;

    Phase(boolean evictable) {
      this.evictable = evictable;
    }
  }

  private final ServerSocket listener;
  private final SSLSocketFactory tls;
  private final SSLParameters parameters;
  private final Limits limits;
  private final Endpoint endpoint;
  private final Set<Connection> connections = new LinkedHashSet<>();
  private final ThreadFactory connectionThreads;
  private final ScheduledExecutorService watchdog;
  private final Thread acceptor;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong lastShedReport = new AtomicLong(System.nanoTime() - SHED_REPORT_INTERVAL.toNanos());
  private volatile boolean closed;

  Http1Server(ServerSocket listener, SSLSocketFactory tls, SSLParameters parameters, Limits limits,
      Endpoint endpoint, ThreadFactory threads) {
    this.listener = listener;
    this.tls = tls;
    this.parameters = parameters;
    this.limits = limits;
    this.endpoint = endpoint;
    this.connectionThreads = threads;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(threads);
    this.acceptor = threads.newThread(this::acceptLoop);
  }

  void start() {
    long tick = Math.max(10, Math.min(250, shortestTimeout().toMillis() / 10));
    watchdog.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    acceptor.start();
  }

  private Duration shortestTimeout() {
    Duration d = limits.handshakeTimeout();
    for (Duration o : List.of(limits.readHeaderTimeout(), limits.readBodyTimeout(), limits.writeTimeout(),
        limits.idleTimeout())) {
      if (o.compareTo(d) < 0) {
        d = o;
      }
    }
    return d;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Connections currently open, for tests and diagnostics. */
  synchronized int openConnections() {
    return connections.size();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the listener: {}", e.toString());
    }
    List<Connection> open;
    synchronized (this) {
      open = new ArrayList<>(connections);
      connections.clear();
    }
    open.forEach(Connection::abort);
    watchdog.shutdownNow();
    acceptor.interrupt();
  }

  private void acceptLoop() {
    boolean warned = false;
    while (!closed) {
      Socket raw;
      try {
        raw = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        // Typically out of file descriptors: back off instead of spinning, and say so once.
        if (!warned) {
          LOG.warn("secure port cannot accept connections: {}", e.getMessage());
          warned = true;
        }
        sleepQuietly();
        continue;
      }
      warned = false;
      try {
        admit(raw);
      } catch (RuntimeException | OutOfMemoryError e) {
        // Most likely no thread could be started for the connection: drop it, keep accepting.
        LOG.warn("secure port cannot serve a connection: {}", e.toString());
        closeQuietly(raw);
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void admit(Socket raw) {
    Connection victim = null;
    Connection admitted = null;
    InetAddress client = raw.getInetAddress();
    synchronized (this) {
      if (!closed) {
        List<Connection> sameClient = new ArrayList<>();
        for (Connection c : connections) {
          if (c.client.equals(client)) {
            sameClient.add(c);
          }
        }
        boolean full = false;
        if (sameClient.size() >= limits.maxConnectionsPerClient()) {
          victim = oldestEvictable(sameClient);
          full = victim == null;
        } else if (connections.size() >= limits.maxConnections()) {
          victim = oldestEvictable(connections);
          full = victim == null;
        }
        if (!full) {
          if (victim != null) {
            connections.remove(victim);
          }
          admitted = new Connection(raw);
          connections.add(admitted);
        }
      }
    }
    if (victim != null) {
      evicted.incrementAndGet();
      victim.abort();
      reportShedding(client);
    }
    if (admitted == null) {
      refused.incrementAndGet();
      closeQuietly(raw);
      reportShedding(client);
      return;
    }
    try {
      connectionThreads.newThread(admitted).start();
    } catch (RuntimeException | OutOfMemoryError e) {
      forget(admitted);
      admitted.abort();
      throw e;
    }
  }

  /** Says at most once a minute that connections are being shed, so an operator learns about a flood. */
  private void reportShedding(InetAddress client) {
    long now = System.nanoTime();
    long last = lastShedReport.get();
    if (now - last >= SHED_REPORT_INTERVAL.toNanos() && lastShedReport.compareAndSet(last, now)) {
      LOG.warn("secure port at its connection bounds ({} overall, {} per client): {} connections refused and {}"
          + " idle or stalled ones closed so far, latest from {}", limits.maxConnections(),
          limits.maxConnectionsPerClient(), refused.get(), evicted.get(), client.getHostAddress());
    }
  }

  private static Connection oldestEvictable(Iterable<Connection> candidates) {
    Connection oldest = null;
    for (Connection c : candidates) {
      if (c.phase.evictable && (oldest == null || c.phaseStart - oldest.phaseStart < 0)) {
        oldest = c;
      }
    }
    return oldest;
  }

  private void expire() {
    long now = System.nanoTime();
    List<Connection> expired = new ArrayList<>();
    synchronized (this) {
      for (Connection c : connections) {
        if (now - c.deadline > 0) {
          expired.add(c);
        }
      }
      connections.removeAll(expired);
    }
    expired.forEach(Connection::abort);
  }

  private synchronized void forget(Connection c) {
    connections.remove(c);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  /** A request line and headers that failed to parse, answered with {@code status} before closing. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private record Head(String method, String target, boolean http10, Map<String, List<String>> headers) {}

  /** One TCP connection and the thread serving it. */
  private final class Connection implements Runnable {
    final Socket raw;
    final InetAddress client;
    final AtomicInteger handshakes = new AtomicInteger();
    volatile Phase phase;
    volatile long phaseStart;
    volatile long deadline;

    Connection(Socket raw) {
      this.raw = raw;
      this.client = raw.getInetAddress();
      enter(Phase.HANDSHAKE, limits.handshakeTimeout());
    }

    private void enter(Phase next, Duration timeout) {
      long now = System.nanoTime();
      phaseStart = now;
      deadline = now + timeout.toNanos();
      phase = next;
      try {
        // A backstop to the watchdog for reads; the watchdog alone bounds writes.
        raw.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      } catch (SocketException ignored) {
        // closed meanwhile: the next read fails
      }
    }

    /** Closes the TCP socket at once; any blocked read or write on it fails. */
    void abort() {
      closeQuietly(raw);
    }

    @Override
    public void run() {
      SSLSocket ssl = null;
      try {
        raw.setTcpNoDelay(true);
        ssl = (SSLSocket) tls.createSocket(raw, null, raw.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setSSLParameters(parameters);
        // Go's TLS server never renegotiates: a second handshake on this connection ends it.
        ssl.addHandshakeCompletedListener(event -> {
          if (handshakes.incrementAndGet() > 1) {
            abort();
          }
        });
        ssl.startHandshake();
        serve(ssl);
      } catch (IOException | RuntimeException e) {
        LOG.trace("connection from {} ended: {}", client, e.toString());
      } finally {
        enter(Phase.CLOSING, CLOSE_GRACE);
        if (ssl != null) {
          try {
            ssl.close();
          } catch (IOException ignored) {
            // the peer is gone
          }
        }
        abort();
        forget(this);
      }
    }

    private void serve(SSLSocket ssl) throws IOException {
      InputStream in = new BufferedInputStream(ssl.getInputStream(), 8192);
      OutputStream out = new BufferedOutputStream(ssl.getOutputStream(), 16384);
      InetSocketAddress remote = (InetSocketAddress) raw.getRemoteSocketAddress();
      boolean first = true;
      while (!closed) {
        if (!first) {
          enter(Phase.IDLE, limits.idleTimeout());
          in.mark(1);
          if (in.read() < 0) {
            return;
          }
          in.reset();
        }
        first = false;
        enter(Phase.HEADERS, limits.readHeaderTimeout());
        Head head;
        try {
          head = readHead(in);
        } catch (BadRequest e) {
          reject(in, out, remote, e.status, e.getMessage());
          return;
        }
        if (head == null) {
          return;
        }
        enter(Phase.BODY, limits.readBodyTimeout());
        boolean keepAlive = !head.http10() && !hasToken(head.headers(), "connection", "close");
        try {
          keepAlive &= readBody(in, head);
        } catch (BadRequest e) {
          reject(in, out, remote, e.status, e.getMessage());
          return;
        }
        if (handshakes.get() > 1) {
          return;
        }
        enter(Phase.RESPONSE, limits.writeTimeout());
        String path;
        String rawQuery;
        try {
          String target = head.target();
          URI uri = new URI(target);
          boolean originForm = target.startsWith("/") && !target.startsWith("//");
          boolean absoluteForm = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
          path = uri.getPath();
          rawQuery = uri.getRawQuery();
          if (!originForm && !absoluteForm || path == null || path.isEmpty()) {
            throw new URISyntaxException(target, "not a request target");
          }
        } catch (URISyntaxException e) {
          reject(in, out, remote, 400, "bad request: invalid request target");
          return;
        }
        boolean closeAfter = !keepAlive || closed;
        Exchange exchange = new Exchange(head.method(), path, rawQuery, head.headers(), remote, out, closeAfter);
        endpoint.handle(exchange);
        if (!exchange.responded()) {
          Responses.text(exchange, 500, "internal server error\n");
        }
        out.flush();
        if (closeAfter) {
          return;
        }
      }
    }

    private void reject(InputStream in, OutputStream out, InetSocketAddress remote, int status, String message) {
      try {
        enter(Phase.RESPONSE, limits.writeTimeout());
        Exchange exchange = new Exchange("GET", "/", null, Map.of(), remote, out, true);
        Responses.text(exchange, status, message + "\n");
        out.flush();
        // Closing with unread request bytes makes TCP reset the connection, and the client may lose the answer
        // before reading it: drop what the client still sends, briefly and boundedly, as Go's server does.
        enter(Phase.CLOSING, LINGER);
        byte[] scratch = new byte[8192];
        long drained = 0;
        while (drained < MAX_LINGER_BYTES) {
          int n = in.read(scratch);
          if (n < 0) {
            break;
          }
          drained += n;
        }
      } catch (IOException e) {
        LOG.trace("answering {} to {}: {}", status, client, e.toString());
      }
    }

    private Head readHead(InputStream in) throws IOException, BadRequest {
      int budget = limits.maxHeaderBytes();
      List<String> lines = new ArrayList<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int used = 0;
      boolean any = false;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (!any) {
            return null;
          }
          throw new IOException("connection closed inside the request headers");
        }
        any = true;
        if (++used > budget) {
          throw new BadRequest(431, "request header fields too large");
        }
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          String text = new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
          line.reset();
          if (text.isEmpty()) {
            if (lines.isEmpty()) {
              continue; // tolerated empty lines before the request line
            }
            break;
          }
          lines.add(text);
        } else {
          line.write(b);
        }
      }
      String[] requestLine = lines.get(0).split(" ", -1);
      if (requestLine.length != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty()) {
        throw new BadRequest(400, "bad request: malformed request line");
      }
      String version = requestLine[2];
      if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
        throw version.startsWith("HTTP/")
            ? new BadRequest(505, "HTTP version not supported")
            : new BadRequest(400, "bad request: malformed request line");
      }
      Map<String, List<String>> headers = new TreeMap<>();
      for (String h : lines.subList(1, lines.size())) {
        int colon = h.indexOf(':');
        if (colon <= 0 || !isToken(h.substring(0, colon))) {
          throw new BadRequest(400, "bad request: malformed header");
        }
        headers.computeIfAbsent(h.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
            .add(h.substring(colon + 1).trim());
      }
      boolean http10 = version.equals("HTTP/1.0");
      List<String> host = headers.get("host");
      if (!http10 && (host == null || host.size() != 1)) {
        throw new BadRequest(400, "bad request: missing required Host header");
      }
      return new Head(requestLine[0], requestLine[1], http10, headers);
    }

    /** Reads and drops the body; returns false if the connection cannot be reused afterwards. */
    private boolean readBody(InputStream in, Head head) throws IOException, BadRequest {
      List<String> encodings = head.headers().get("transfer-encoding");
      List<String> lengths = head.headers().get("content-length");
      boolean expectContinue = hasToken(head.headers(), "expect", "100-continue");
      if (encodings != null) {
        if (lengths != null) {
          throw new BadRequest(400, "bad request: both Transfer-Encoding and Content-Length");
        }
        if (encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
          throw new BadRequest(501, "unsupported transfer encoding");
        }
        if (expectContinue) {
          return false; // answer without asking for the body, then close
        }
        readChunked(in);
        return true;
      }
      if (lengths == null) {
        return true;
      }
      long length = -1;
      for (String l : lengths) {
        long parsed = parseLength(l);
        if (length >= 0 && parsed != length) {
          throw new BadRequest(400, "bad request: conflicting Content-Length");
        }
        length = parsed;
      }
      if (length > limits.maxBodyBytes()) {
        throw new BadRequest(413, "request body too large");
      }
      if (expectContinue && length > 0) {
        return false;
      }
      skip(in, length);
      return true;
    }

    private long parseLength(String value) throws BadRequest {
      if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new BadRequest(400, "bad request: invalid Content-Length");
      }
      return Long.parseLong(value);
    }

    private void readChunked(InputStream in) throws IOException, BadRequest {
      long total = 0;
      while (true) {
        String sizeLine = readLine(in, MAX_CHUNK_LINE);
        int semi = sizeLine.indexOf(';');
        String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
        long size;
        try {
          size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          size = -1;
        }
        if (size < 0) {
          throw new BadRequest(400, "bad request: invalid chunk size");
        }
        if (size == 0) {
          int trailerBudget = limits.maxHeaderBytes();
          while (true) {
            String trailer = readLine(in, trailerBudget);
            trailerBudget -= trailer.length() + 2;
            if (trailer.isEmpty()) {
              return;
            }
            if (trailerBudget <= 0) {
              throw new BadRequest(431, "request header fields too large");
            }
          }
        }
        total += size;
        if (total > limits.maxBodyBytes()) {
          throw new BadRequest(413, "request body too large");
        }
        skip(in, size);
        if (!readLine(in, 2).isEmpty()) {
          throw new BadRequest(400, "bad request: malformed chunk");
        }
      }
    }

    private String readLine(InputStream in, int max) throws IOException, BadRequest {
      StringBuilder s = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed inside the request body");
        }
        if (b == '\n') {
          int len = s.length();
          return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
        }
        if (s.length() >= max) {
          throw new BadRequest(400, "bad request: line too long");
        }
        s.append((char) b);
      }
    }

    private void skip(InputStream in, long n) throws IOException {
      byte[] scratch = new byte[8192];
      while (n > 0) {
        int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
        if (r < 0) {
          throw new IOException("connection closed inside the request body");
        }
        n -= r;
      }
    }
  }

  private static boolean hasToken(Map<String, List<String>> headers, String name, String token) {
    List<String> values = headers.get(name);
    if (values == null) {
      return false;
    }
    for (String v : values) {
      for (String t : v.split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
