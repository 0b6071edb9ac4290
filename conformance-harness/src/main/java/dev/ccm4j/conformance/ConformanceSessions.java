package dev.ccm4j.conformance;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The sessions of the harness runs in progress in this JVM, by id. */
public final class ConformanceSessions {
  /** The JUnit configuration parameter that names a run's session. */
  public static final String CONFIG_KEY = "ccm4j.conformance.session";

  private static final Map<String, ConformanceSession> SESSIONS = new ConcurrentHashMap<>();

  private ConformanceSessions() {}

  /**
   * Registers a session for the duration of a run.
   *
   * @param session the session
   * @return its id, to pass as {@link #CONFIG_KEY}
   */
  public static String register(ConformanceSession session) {
    String id = UUID.randomUUID().toString();
    SESSIONS.put(id, Objects.requireNonNull(session, "session"));
    return id;
  }

  /**
   * Forgets a session once its run is over.
   *
   * @param id the id {@link #register} returned
   */
  public static void remove(String id) {
    SESSIONS.remove(id);
  }

  /**
   * The session of the run a test belongs to.
   *
   * @param context any extension context of the test
   * @return the session
   * @throws ExtensionConfigurationException if the test was not launched by the harness runner
   */
  public static ConformanceSession current(ExtensionContext context) {
    String id = context.getConfigurationParameter(CONFIG_KEY).orElseThrow(() ->
        new ExtensionConfigurationException("this suite is launched by the ccm4j conformance runner"
            + " (dev.ccm4j.conformance.run.ConformanceRun); no " + CONFIG_KEY + " configuration parameter is set"));
    ConformanceSession session = SESSIONS.get(id);
    if (session == null) {
      throw new ExtensionConfigurationException("conformance session " + id + " is not (or no longer) registered");
    }
    return session;
  }
}
