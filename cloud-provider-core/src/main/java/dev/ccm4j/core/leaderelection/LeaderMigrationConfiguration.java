package dev.ccm4j.core.leaderelection;

import dev.ccm4j.core.controller.ControllerNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A {@code LeaderMigrationConfiguration} ({@code controllermanager.config.k8s.io} v1, v1beta1 or v1alpha1): which
 * controllers move between kube-controller-manager and the cloud-controller-manager under a second, shared lock.
 *
 * <p>Decoding is strict, like upstream's: unknown fields are errors. Unlike upstream, controller names are resolved
 * through their aliases, so {@code service}, {@code route} and the kube-controller-manager names used by upstream's
 * own default ({@code service-controller}, {@code route-controller}) all match the built-in controllers.
 *
 * @param leaderName the name of the migration lock
 * @param resourceLock the lock type; always {@code leases}
 * @param controllerLeaders which component runs each migrated controller
 */
public record LeaderMigrationConfiguration(String leaderName, String resourceLock,
    List<ControllerLeader> controllerLeaders) {

  /** The component name of this process in {@code controllerLeaders}. */
  public static final String CLOUD_CONTROLLER_MANAGER = "cloud-controller-manager";

  private static final String GROUP = "controllermanager.config.k8s.io/";
  private static final Set<String> VERSIONS = Set.of("v1", "v1beta1", "v1alpha1");

  /**
   * One migrated controller.
   *
   * @param name the controller's name as written in the file
   * @param component {@code kube-controller-manager}, {@code cloud-controller-manager} or {@code *}
   */
  public record ControllerLeader(String name, String component) {
    /** Rejects nulls. */
    public ControllerLeader {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(component, "component");
    }
  }

  /** Validates and copies the fields. */
  public LeaderMigrationConfiguration {
    Objects.requireNonNull(leaderName, "leaderName");
    Objects.requireNonNull(resourceLock, "resourceLock");
    controllerLeaders = List.copyOf(controllerLeaders);
  }

  /**
   * Upstream's built-in default, used when {@code --leader-migration-config} is empty: lock
   * {@code cloud-provider-extraction-migration} on leases, and the route, service and cloud-node-lifecycle
   * controllers owned by whichever component holds it.
   *
   * @return the default configuration
   */
  public static LeaderMigrationConfiguration defaultConfiguration() {
    return new LeaderMigrationConfiguration("cloud-provider-extraction-migration", "leases", List.of(
        new ControllerLeader("route-controller", "*"),
        new ControllerLeader("service-controller", "*"),
        new ControllerLeader("cloud-node-lifecycle-controller", "*")));
  }

  /**
   * The canonical names of the built-in controllers this process runs under the migration lock: those listed for
   * {@code cloud-controller-manager} or {@code *}.
   *
   * @return canonical controller names
   */
  public Set<String> migratedControllers() {
    Set<String> out = new LinkedHashSet<>();
    for (ControllerLeader l : controllerLeaders) {
      if (l.component().equals(CLOUD_CONTROLLER_MANAGER) || l.component().equals("*")) {
        ControllerNames.resolve(l.name()).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * The canonical names of built-in controllers the file assigns to another component; this process must not start
   * them at all.
   *
   * @return canonical controller names
   */
  public Set<String> controllersOwnedElsewhere() {
    Set<String> out = new LinkedHashSet<>();
    for (ControllerLeader l : controllerLeaders) {
      if (!l.component().equals(CLOUD_CONTROLLER_MANAGER) && !l.component().equals("*")) {
        ControllerNames.resolve(l.name()).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Reads a configuration file.
   *
   * @param path the {@code --leader-migration-config} file
   * @return the configuration
   * @throws IllegalArgumentException naming the file and the field at fault
   */
  public static LeaderMigrationConfiguration read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--leader-migration-config: cannot read " + path + ": "
          + e.getClass().getSimpleName(), e);
    }
    return parse(text, path.toString());
  }

  /**
   * Parses a configuration.
   *
   * @param yaml the YAML or JSON document
   * @param source the file name for error messages
   * @return the configuration
   * @throws IllegalArgumentException naming the source and the field at fault
   */
  public static LeaderMigrationConfiguration parse(String yaml, String source) {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw invalid(source, "malformed YAML: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> doc)) {
      throw invalid(source, "expected a LeaderMigrationConfiguration object");
    }
    List<String> errors = new ArrayList<>();
    String apiVersion = string(doc, "apiVersion", errors);
    String version = apiVersion != null && apiVersion.startsWith(GROUP) ? apiVersion.substring(GROUP.length()) : null;
    if (apiVersion != null && (version == null || !VERSIONS.contains(version))) {
      errors.add("apiVersion: unsupported value \"" + apiVersion + "\", expected " + GROUP + "v1, " + GROUP
          + "v1beta1 or " + GROUP + "v1alpha1");
    }
    String kind = string(doc, "kind", errors);
    if (kind != null && !kind.equals("LeaderMigrationConfiguration")) {
      errors.add("kind: unsupported value \"" + kind + "\", expected LeaderMigrationConfiguration");
    }
    boolean hasLockField = version != null && !version.equals("v1");
    Set<String> allowed = hasLockField
        ? Set.of("apiVersion", "kind", "leaderName", "resourceLock", "controllerLeaders")
        : Set.of("apiVersion", "kind", "leaderName", "controllerLeaders");
    for (Object key : doc.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        errors.add("unknown field \"" + key + "\"" + (String.valueOf(key).equals("resourceLock")
            ? " (v1 always uses leases)" : ""));
      }
    }
    String leaderName = string(doc, "leaderName", errors);
    if (leaderName != null && leaderName.isEmpty()) {
      errors.add("leaderName: Required value");
    } else if (leaderName != null && !LeaseNames.isValidName(leaderName)) {
      // the API server refuses such a Lease name; an election would retry the rejected create for ever
      errors.add("leaderName: Invalid value: must be a DNS-1123 subdomain (at most 253 lower-case letters, digits,"
          + " '-' and '.', starting and ending with a letter or digit)");
    }
    String lock = "leases";
    if (hasLockField) {
      String given = string(doc, "resourceLock", errors);
      if (given != null && given.equals("endpoints")) {
        errors.add("resourceLock: \"endpoints\" locks are no longer supported by Kubernetes; use \"leases\"");
      } else if (given != null && !given.equals("leases")) {
        errors.add("resourceLock: unsupported value \"" + given + "\", expected \"leases\"");
      }
    }
    List<ControllerLeader> leaders = leaders(doc.get("controllerLeaders"), errors);
    if (!errors.isEmpty()) {
      throw invalid(source, String.join("; ", errors));
    }
    return new LeaderMigrationConfiguration(leaderName, lock, leaders);
  }

  private static List<ControllerLeader> leaders(Object value, List<String> errors) {
    if (value == null) {
      errors.add("controllerLeaders: Required value");
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      errors.add("controllerLeaders: expected a list");
      return List.of();
    }
    List<ControllerLeader> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "controllerLeaders[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        errors.add(at + ": expected an object with name and component");
        continue;
      }
      for (Object key : entry.keySet()) {
        if (!Set.of("name", "component").contains(String.valueOf(key))) {
          errors.add(at + ": unknown field \"" + key + "\"");
        }
      }
      List<String> local = new ArrayList<>();
      String name = string(entry, "name", local);
      String component = string(entry, "component", local);
      local.forEach(e -> errors.add(at + "." + e));
      if (name == null || component == null) {
        continue;
      }
      if (name.isEmpty() || component.isEmpty()) {
        errors.add(at + ": name and component must not be empty");
        continue;
      }
      boolean ours = component.equals(CLOUD_CONTROLLER_MANAGER) || component.equals("*");
      String key = ControllerNames.resolve(name).orElse(name);
      if (ours && ControllerNames.resolve(name).isEmpty()) {
        errors.add(at + ".name: \"" + name + "\" is not a controller of the cloud-controller-manager (known: "
            + String.join(", ", ControllerNames.builtIn()) + " and their aliases)");
        continue;
      }
      if (!seen.add(key)) {
        errors.add(at + ".name: \"" + name + "\" is listed more than once");
        continue;
      }
      out.add(new ControllerLeader(name, component));
    }
    return out;
  }

  private static String string(Map<?, ?> map, String key, List<String> errors) {
    Object v = map.get(key);
    if (v == null) {
      errors.add(key + ": Required value");
      return null;
    }
    if (!(v instanceof String s)) {
      errors.add(key + ": expected a string, got " + v);
      return null;
    }
    return s;
  }

  private static IllegalArgumentException invalid(String source, String detail) {
    return new IllegalArgumentException("--leader-migration-config " + source + ": " + detail);
  }
}
