package dev.ccm4j.provider.local;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Small socket helpers shared by the proxy classes. */
public final class LocalNet {
  private LocalNet() {}

  public static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // the descriptor is released even when close reports an error
    }
  }

  /** {@code host:port}, an IPv6 host in brackets as in a URL or an HTTP Host header. */
  public static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
