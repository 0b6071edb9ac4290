package dev.ccm4j.launcher;

import dev.ccm4j.core.serving.ServingCertificate;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of flag values that the core's option objects cannot judge alone: addresses, URLs, files and the TLS
 * material. Each check returns messages that start with the flag's name and never hold a file's contents.
 */
final class FlagChecks {
  private static final Pattern NO_HOST = Pattern.compile("(?i)https?://([:/?#].*)?");

  private FlagChecks() {}

  /**
   * A value fit for one line of a message: control characters replaced, long values cut.
   *
   * @param s the value
   * @return the printable form
   */
  static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder();
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  /**
   * {@code --master}: an {@code http} or {@code https} URL with a host. The value itself is not echoed, as a URL
   * may carry user information.
   *
   * @param master the value
   * @return the problem, if any
   */
  static Optional<String> masterUrl(String master) {
    String problem = null;
    try {
      URI uri = new URI(master.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        problem = "has no http:// or https:// scheme";
      } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
        problem = "has no host";
      } else if (uri.getQuery() != null || uri.getFragment() != null) {
        problem = "has a query or fragment";
      }
    } catch (URISyntaxException e) {
      // java.net.URI refuses "https://" outright; say what is missing
      problem = NO_HOST.matcher(master.strip()).matches() ? "has no host" : "is not a URL";
    }
    return Optional.ofNullable(problem).map(p -> "--master " + p
        + "; give the API server's URL with scheme and host, such as https://10.0.0.1:6443");
  }

  /**
   * A file flag that must name a readable regular file, checked before start-up so that it is reported with the
   * other bad flags.
   *
   * @param flag the flag
   * @param file its value, or null when not given
   * @return the problem, if any
   */
  static Optional<String> readableFile(String flag, Path file) {
    if (file == null || file.toString().isEmpty()) {
      return Optional.empty();
    }
    if (!Files.exists(file)) {
      return Optional.of(flag + ": cannot read " + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      return Optional.of(flag + ": cannot read " + file + ": is a directory");
    }
    if (!Files.isReadable(file)) {
      return Optional.of(flag + ": cannot read " + file + ": permission denied");
    }
    return Optional.empty();
  }

  /**
   * {@code --tls-cert-file} and {@code --tls-private-key-file}: both readable, parseable, and the key the
   * certificate's.
   *
   * @param cert the certificate chain file
   * @param key the private key file
   * @return the problems
   */
  static List<String> servingCertificate(Path cert, Path key) {
    List<String> errors = new ArrayList<>();
    readableFile("--tls-cert-file", cert).ifPresent(errors::add);
    readableFile("--tls-private-key-file", key).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      return errors;
    }
    try {
      ServingCertificate.fromPemFiles(cert, key);
    } catch (IllegalArgumentException e) {
      // the loader's messages already start with the flag at fault and name the file, never its contents
      errors.add(e.getMessage());
    }
    return errors;
  }

  /**
   * An empty entry in a comma-separated list flag ({@code a,,b}, {@code a,}). A wholly empty value is an empty
   * list, as upstream's; an empty entry is refused: upstream would take {@code ""} as a path that serves
   * {@code /} without authentication.
   *
   * @param flag the flag
   * @param given its values as given, one per occurrence
   * @return the problems
   */
  static List<String> emptyEntries(String flag, List<String> given) {
    List<String> errors = new ArrayList<>();
    for (String value : given) {
      if (value.isEmpty()) {
        continue;
      }
      String[] entries = value.split(",", -1);
      for (int i = 0; i < entries.length; i++) {
        if (entries[i].isBlank()) {
          errors.add(flag + ": entry " + (i + 1) + " of \"" + printable(value) + "\" is empty");
          break;
        }
      }
    }
    return errors;
  }

  /**
   * The cipher suites to configure, without empty entries: an empty value is the defaults.
   *
   * @param suites the entries
   * @return the suites, stripped
   */
  static List<String> effectiveList(List<String> suites) {
    return suites.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
  }

  /**
   * {@code --authorization-always-allow-paths}: each entry a path, {@code *} only at its end. Empty entries are
   * {@link #emptyEntries}'s business.
   *
   * @param paths the entries
   * @return the problems
   */
  static List<String> alwaysAllowPaths(List<String> paths) {
    List<String> errors = new ArrayList<>();
    for (String entry : paths) {
      String p = entry.strip();
      if (p.isEmpty()) {
        continue;
      }
      if (p.indexOf('*') >= 0 && p.indexOf('*') != p.length() - 1) {
        errors.add("--authorization-always-allow-paths: only a trailing * is allowed, got \"" + printable(p)
            + "\"");
      } else if (p.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
        errors.add("--authorization-always-allow-paths: \"" + printable(p) + "\" is not a path");
      }
    }
    return errors;
  }

  /**
   * The always-allowed paths to configure: stripped, each with its leading {@code /} (upstream accepts
   * {@code healthz} for {@code /healthz}); an empty value is none.
   *
   * @param paths the entries
   * @return the paths
   */
  static List<String> effectivePaths(List<String> paths) {
    return paths.stream().map(String::strip).filter(p -> !p.isEmpty()).map(p -> p.startsWith("/") ? p : "/" + p)
        .toList();
  }

  /**
   * Whether the secure port can be bound now: a port another process holds is then reported with the other bad
   * flags instead of after the provider has started. The socket is closed at once; the server binds it again.
   *
   * @param address {@code --bind-address}, an IP literal
   * @param port {@code --secure-port}, 1 to 65535
   * @return the problem, if any
   */
  static Optional<String> bindable(String address, int port) {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return Optional.empty();
    } catch (BindException e) {
      String reason = e.getMessage() == null ? "cannot bind" : e.getMessage().toLowerCase(Locale.ROOT);
      if (reason.contains("in use")) {
        return Optional.of("--secure-port " + port + ": address already in use (on --bind-address " + address
            + ")");
      }
      if (reason.contains("permission")) {
        return Optional.of("--secure-port " + port + ": permission denied (ports below 1024 need privileges)");
      }
      return Optional.of("--bind-address " + address + ": cannot listen on it: " + reason);
    } catch (IOException e) {
      return Optional.of("--bind-address " + address + ": cannot listen on port " + port + ": "
          + (e.getMessage() == null ? "I/O error" : e.getMessage()));
    }
  }
}
