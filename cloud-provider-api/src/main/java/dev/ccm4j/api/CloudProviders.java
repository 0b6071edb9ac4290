package dev.ccm4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds {@link CloudProviderFactory} implementations with {@link ServiceLoader} and creates providers by name.
 *
 * <p>Every error is a {@link ProviderLoadException} whose message tells the operator what to do: an unknown name
 * lists the available ones, two factories claiming one name are both named, an unreadable cloud-config names its
 * path.
 */
public final class CloudProviders {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  private CloudProviders() {}

  /**
   * Creates the named provider with the classpath's factories (the context class loader, falling back to this
   * class's loader).
   *
   * @param name the provider name or alias, as given to {@code --cloud-provider}
   * @param configPath the {@code --cloud-config} file, or null when none was given
   * @return the provider
   * @throws ProviderLoadException if the provider cannot be found or created
   */
  public static CloudProvider load(String name, Path configPath) {
    return load(name, configPath, defaultLoader());
  }

  /**
   * Creates the named provider with the factories visible to a class loader.
   *
   * @param name the provider name or alias
   * @param configPath the cloud-config file, or null
   * @param loader where to look for factories
   * @return the provider
   * @throws ProviderLoadException if the provider cannot be found or created
   */
  public static CloudProvider load(String name, Path configPath, ClassLoader loader) {
    CloudConfig config = configPath == null ? CloudConfig.empty() : CloudConfig.read(configPath);
    return create(name, config, loader);
  }

  /**
   * Creates the named provider from an in-memory config.
   *
   * @param name the provider name or alias
   * @param config the cloud-config
   * @param loader where to look for factories
   * @return the provider
   * @throws ProviderLoadException if the provider cannot be found or created
   */
  public static CloudProvider create(String name, CloudConfig config, ClassLoader loader) {
    Objects.requireNonNull(config, "config");
    CloudProviderFactory factory = factory(name, loader);
    CloudProvider provider;
    try {
      provider = factory.create(config);
    } catch (CloudConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProviderLoadException("could not init cloud provider \"" + factory.name() + "\": " + e.getMessage(),
          e);
    }
    if (provider == null) {
      throw new ProviderLoadException("could not init cloud provider \"" + factory.name() + "\": "
          + factory.getClass().getName() + ".create returned null");
    }
    return provider;
  }

  /**
   * The factory registered under a name or alias.
   *
   * @param name the provider name or alias
   * @param loader where to look
   * @return the factory
   * @throws ProviderLoadException if none or several claim the name
   */
  public static CloudProviderFactory factory(String name, ClassLoader loader) {
    Map<String, CloudProviderFactory> byName = factories(loader);
    if (name == null || name.isBlank()) {
      throw new ProviderLoadException("no cloud provider name given; " + describe(byName));
    }
    CloudProviderFactory factory = byName.get(name);
    if (factory == null) {
      throw new ProviderLoadException("unknown cloud provider \"" + name + "\"; " + describe(byName));
    }
    return factory;
  }

  /**
   * The names (not aliases) of the providers visible to the context class loader, sorted.
   *
   * @return the names
   * @throws ProviderLoadException if the registrations are inconsistent
   */
  public static List<String> available() {
    return available(defaultLoader());
  }

  /**
   * The names (not aliases) of the providers visible to a class loader, sorted.
   *
   * @param loader where to look
   * @return the names
   * @throws ProviderLoadException if the registrations are inconsistent
   */
  public static List<String> available(ClassLoader loader) {
    Set<String> names = new LinkedHashSet<>();
    factories(loader).forEach((key, f) -> names.add(f.name()));
    return names.stream().sorted().toList();
  }

  /**
   * Every factory visible to a class loader, by name and by alias.
   *
   * @param loader where to look
   * @return names and aliases mapped to their factory, sorted by name
   * @throws ProviderLoadException if a registration is broken, a name is malformed, or two factories share a name
   *     or alias
   */
  public static Map<String, CloudProviderFactory> factories(ClassLoader loader) {
    Map<String, CloudProviderFactory> byName = new TreeMap<>();
    Iterator<CloudProviderFactory> it = ServiceLoader.load(CloudProviderFactory.class, loader).iterator();
    while (true) {
      CloudProviderFactory f;
      try {
        if (!it.hasNext()) {
          break;
        }
        f = it.next();
      } catch (ServiceConfigurationError e) {
        throw new ProviderLoadException("broken cloud provider registration in META-INF/services/"
            + CloudProviderFactory.class.getName() + ": " + e.getMessage(), e);
      }
      List<String> names = new ArrayList<>();
      names.add(f.name());
      names.addAll(f.aliases());
      for (String n : names) {
        if (n == null || !NAME.matcher(n).matches()) {
          throw new ProviderLoadException(f.getClass().getName() + " declares invalid provider name \"" + n
              + "\": use lower-case letters, digits, '.' or '-'");
        }
        CloudProviderFactory previous = byName.putIfAbsent(n, f);
        if (previous != null && previous != f) {
          throw new ProviderLoadException("cloud provider name \"" + n + "\" is registered by both "
              + previous.getClass().getName() + " and " + f.getClass().getName()
              + "; remove one of them from the classpath");
        }
      }
    }
    return byName;
  }

  private static String describe(Map<String, CloudProviderFactory> byName) {
    if (byName.isEmpty()) {
      return "no cloud providers were found on the classpath (is a provider jar missing?)";
    }
    List<String> entries = new ArrayList<>();
    Set<CloudProviderFactory> seen = new LinkedHashSet<>();
    byName.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(seen::add);
    for (CloudProviderFactory f : seen) {
      entries.add(f.aliases().isEmpty() ? f.name()
          : f.name() + " (aliases: " + String.join(", ", f.aliases().stream().sorted().toList()) + ")");
    }
    return "available providers: " + String.join(", ", entries);
  }

  private static ClassLoader defaultLoader() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return tccl != null ? tccl : CloudProviders.class.getClassLoader();
  }
}
