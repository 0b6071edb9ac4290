package dev.ccm4j.core.serving;

import dev.ccm4j.core.health.HealthCheck;
import dev.ccm4j.core.health.HealthStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A mutable, thread-safe set of named {@link HealthCheck}s served under one path ({@code /healthz},
 * {@code /livez} or {@code /readyz}). Checks can be added and removed while the server runs, for example as
 * controllers start and stop. Results are reported in the order the checks were added.
 */
public final class HealthChecks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Map<String, Supplier<HealthStatus>> checks = new LinkedHashMap<>();

  /** Creates an empty registry; with no checks the endpoint reports healthy. */
  public HealthChecks() {}

  /**
   * Adds a check.
   *
   * @param name the check's name, also its sub-path: letters, digits, {@code .}, {@code _}, {@code -}
   * @param check runs the check
   * @return this registry
   * @throws IllegalArgumentException if the name is invalid or already taken
   */
  public synchronized HealthChecks add(String name, Supplier<HealthStatus> check) {
    Objects.requireNonNull(check, "check");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid health check name: " + name);
    }
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalArgumentException("health check already registered: " + name);
    }
    return this;
  }

  /**
   * Adds a named check under its own name.
   *
   * @param check the check
   * @return this registry
   * @throws IllegalArgumentException if the name is invalid or already taken
   */
  public HealthChecks add(HealthCheck check) {
    return add(check.name(), check::check);
  }

  /**
   * Removes a check if present.
   *
   * @param name the check's name
   * @return whether a check was removed
   */
  public synchronized boolean remove(String name) {
    return checks.remove(name) != null;
  }

  /**
   * The registered check names, in order.
   *
   * @return a snapshot of the names
   */
  public synchronized List<String> names() {
    return List.copyOf(checks.keySet());
  }

  /**
   * Runs every check not excluded.
   *
   * @param excluded names to skip
   * @return one outcome per check run, in order
   */
  public List<Outcome> runAll(Set<String> excluded) {
    List<Map.Entry<String, Supplier<HealthStatus>>> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(checks.entrySet());
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Supplier<HealthStatus>> e : snapshot) {
      if (!excluded.contains(e.getKey())) {
        outcomes.add(new Outcome(e.getKey(), runSafely(e.getValue())));
      }
    }
    return outcomes;
  }

  /**
   * Runs one check.
   *
   * @param name the check's name
   * @return its outcome, or empty if no such check is registered
   */
  public Optional<Outcome> run(String name) {
    Supplier<HealthStatus> check;
    synchronized (this) {
      check = checks.get(name);
    }
    return check == null ? Optional.empty() : Optional.of(new Outcome(name, runSafely(check)));
  }

  private static HealthStatus runSafely(Supplier<HealthStatus> check) {
    try {
      HealthStatus status = check.get();
      return status == null ? HealthStatus.unhealthy("check returned no result") : status;
    } catch (RuntimeException e) {
      return HealthStatus.unhealthy(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The outcome of one named check.
   *
   * @param name the check's name
   * @param status its status
   */
  public record Outcome(String name, HealthStatus status) {}
}
