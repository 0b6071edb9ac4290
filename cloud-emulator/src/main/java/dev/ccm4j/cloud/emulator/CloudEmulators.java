package dev.ccm4j.cloud.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the vendor emulators on the class path ({@link CloudEmulatorFactory} services). */
public final class CloudEmulators {
  private CloudEmulators() {
  }

  /**
   * Every factory on the context class loader's class path.
   *
   * @return the factories, in ServiceLoader order
   */
  public static List<CloudEmulatorFactory> all() {
    List<CloudEmulatorFactory> out = new ArrayList<>();
    ServiceLoader.load(CloudEmulatorFactory.class).forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * The names of the available emulators, sorted (aliases not included).
   *
   * @return the names
   */
  public static List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    all().forEach(f -> names.add(f.name()));
    return List.copyOf(names);
  }

  /**
   * The factory for a vendor, by name or alias, ignoring case.
   *
   * @param name the vendor name, e.g. {@code alibaba}
   * @return the factory
   * @throws IllegalArgumentException naming the available emulators when none matches
   */
  public static CloudEmulatorFactory find(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    List<CloudEmulatorFactory> all = all();
    for (CloudEmulatorFactory f : all) {
      if (f.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return f;
      }
    }
    for (CloudEmulatorFactory f : all) {
      for (String alias : f.aliases()) {
        if (alias.toLowerCase(Locale.ROOT).equals(wanted)) {
          return f;
        }
      }
    }
    List<String> names = names();
    throw new IllegalArgumentException("unknown cloud emulator '" + name + "'; available: "
        + (names.isEmpty() ? "(none on the class path)" : String.join(", ", names)));
  }
}
