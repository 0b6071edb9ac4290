package dev.ccm4j.launcher;

import dev.ccm4j.core.manager.Ccm4jVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code ccm4j version} and {@code --version}: the ccm4j version with the runtime it runs on. */
public final class Version implements IVersionProvider {
  /**
   * The ccm4j version.
   *
   * @return for example {@code 0.1.0-SNAPSHOT}
   */
  public static String current() {
    return Ccm4jVersion.current();
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ccm4j " + current() + " (Java " + Runtime.version() + ", "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")"};
  }
}
