package dev.ccm4j.core.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which controllers run, from {@code --controllers}: {@code *} enables every controller that is not disabled by
 * default, {@code name} enables one, {@code -name} disables one; the first explicit mention of a controller wins.
 * Names may be canonical names or aliases. Immutable.
 */
public final class ControllerSelection {
  private final List<String> entries;
  private final Map<String, Boolean> explicit;
  private final boolean star;
  private final Set<String> disabledByDefault;

  private ControllerSelection(List<String> entries, Map<String, Boolean> explicit, boolean star,
      Set<String> disabledByDefault) {
    this.entries = entries;
    this.explicit = explicit;
    this.star = star;
    this.disabledByDefault = disabledByDefault;
  }

  /**
   * The default selection, {@code *}.
   *
   * @return a selection enabling every controller not disabled by default
   */
  public static ControllerSelection all() {
    return parse(List.of("*"), Map.of());
  }

  /**
   * Parses {@code --controllers} for the built-in controllers only.
   *
   * @param entries the comma-separated flag value, split
   * @return the selection
   * @throws IllegalArgumentException naming every unknown controller
   */
  public static ControllerSelection parse(List<String> entries) {
    return parse(entries, Map.of());
  }

  /**
   * Parses {@code --controllers} for the built-in controllers plus an embedding application's own.
   *
   * @param entries the comma-separated flag value, split
   * @param extraControllers names of additional controllers mapped to whether {@code *} enables them
   * @return the selection
   * @throws IllegalArgumentException naming every unknown controller and listing the known ones, or if an extra
   *     name collides with a built-in
   */
  public static ControllerSelection parse(List<String> entries, Map<String, Boolean> extraControllers) {
    return parse(entries, extraControllers, true);
  }

  /**
   * Parses {@code --controllers} before the provider is loaded, accepting names that are not built-in: they may be
   * controllers the provider contributes. The {@code ControllerManager} parses the entries again, with every
   * controller known, when it is built, and refuses unknown names then.
   *
   * @param entries the comma-separated flag value, split
   * @return a provisional selection; built-in names and aliases are resolved, other names kept as given
   */
  public static ControllerSelection parseDeferringUnknown(List<String> entries) {
    return parse(entries, Map.of(), false);
  }

  private static ControllerSelection parse(List<String> entries, Map<String, Boolean> extraControllers,
      boolean refuseUnknown) {
    Objects.requireNonNull(entries, "entries");
    Set<String> known = new LinkedHashSet<>(ControllerNames.builtIn());
    Set<String> disabled = new LinkedHashSet<>();
    for (String name : ControllerNames.builtIn()) {
      if (ControllerNames.disabledByDefault(name)) {
        disabled.add(name);
      }
    }
    for (Map.Entry<String, Boolean> e : extraControllers.entrySet()) {
      if (ControllerNames.resolve(e.getKey()).isPresent()) {
        throw new IllegalArgumentException("controller name \"" + e.getKey() + "\" is already a built-in controller");
      }
      known.add(e.getKey());
      if (!e.getValue()) {
        disabled.add(e.getKey());
      }
    }
    Map<String, Boolean> explicit = new LinkedHashMap<>();
    boolean star = false;
    List<String> unknown = new ArrayList<>();
    List<String> cleaned = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      cleaned.add(entry);
      if (entry.equals("*")) {
        star = true;
        continue;
      }
      boolean enable = !entry.startsWith("-");
      String name = enable ? entry : entry.substring(1);
      Optional<String> canonical = ControllerNames.resolve(name).or(() -> known.contains(name)
          ? Optional.of(name) : Optional.empty());
      if (canonical.isEmpty() && (refuseUnknown || name.isEmpty())) {
        unknown.add(name);
        continue;
      }
      if (canonical.isEmpty()) {
        canonical = Optional.of(name);
      }
      explicit.putIfAbsent(canonical.get(), enable);
    }
    if (!unknown.isEmpty()) {
      StringBuilder msg = new StringBuilder("--controllers: ");
      for (int i = 0; i < unknown.size(); i++) {
        msg.append(i == 0 ? "" : "; ").append('"').append(unknown.get(i)).append("\" is not in the list of known"
            + " controllers");
      }
      msg.append(" (known: ").append(String.join(", ", describeKnown(known))).append(')');
      throw new IllegalArgumentException(msg.toString());
    }
    return new ControllerSelection(List.copyOf(cleaned), Map.copyOf(explicit), star, Set.copyOf(disabled));
  }

  private static List<String> describeKnown(Collection<String> known) {
    List<String> out = new ArrayList<>();
    for (String name : known) {
      List<String> aliases = ControllerNames.aliasesOf(name);
      out.add(aliases.isEmpty() ? name : name + " (" + String.join(", ", aliases) + ")");
    }
    return out;
  }

  /**
   * Whether a controller runs.
   *
   * @param name a canonical name, an alias, or an extra controller's name
   * @return true if enabled
   */
  public boolean isEnabled(String name) {
    String canonical = ControllerNames.resolve(name).orElse(name);
    Boolean decision = explicit.get(canonical);
    if (decision != null) {
      return decision;
    }
    return star && !disabledByDefault.contains(canonical);
  }

  /**
   * The controllers named explicitly to run (not through {@code *}), so a manager can refuse to start when one of
   * them has no factory instead of silently running less.
   *
   * @return canonical names (or extra controllers' names), in flag order
   */
  public List<String> namedEnabled() {
    return explicit.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
  }

  /**
   * The flag entries as given, for {@code /configz}.
   *
   * @return the entries
   */
  public List<String> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
