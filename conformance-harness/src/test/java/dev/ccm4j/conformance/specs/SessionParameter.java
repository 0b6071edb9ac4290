package dev.ccm4j.conformance.specs;

import dev.ccm4j.conformance.ConformanceSession;
import dev.ccm4j.conformance.ConformanceSessions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Hands a synthetic spec the session of the run that launched it, as the real suites find it. */
public final class SessionParameter implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == ConformanceSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return ConformanceSessions.current(extension);
  }
}
