package dev.ccm4j.provider.local;

import java.io.Closeable;
import java.io.IOException;

/** Small socket helpers shared by the proxy classes. */
final class LocalNet {
  private LocalNet() {}

  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // the descriptor is released even when close reports an error
    }
  }
}
