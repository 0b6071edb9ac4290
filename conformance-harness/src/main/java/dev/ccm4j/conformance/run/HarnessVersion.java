package dev.ccm4j.conformance.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The harness's (and so ccm4j's) version, from a resource Maven filters at build time. */
public final class HarnessVersion {
  private HarnessVersion() {}

  /**
   * The version.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build
   */
  public static String current() {
    try (InputStream in = HarnessVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
