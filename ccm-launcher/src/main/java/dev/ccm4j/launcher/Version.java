package dev.ccm4j.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The build's version, from a resource Maven filters at build time. */
public final class Version implements IVersionProvider {
  /**
   * The ccm4j version.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}
   */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
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

  @Override
  public String[] getVersion() {
    return new String[] {"ccm4j " + current() + " (Java " + Runtime.version() + ", "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")"};
  }
}
