package dev.ccm4j.core.manager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The ccm4j version, from a resource Maven filters at build time; one version for the whole reactor. */
public final class Ccm4jVersion {
  private Ccm4jVersion() {}

  /**
   * The version.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build
   */
  public static String current() {
    try (InputStream in = Ccm4jVersion.class.getResourceAsStream("version.properties")) {
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
