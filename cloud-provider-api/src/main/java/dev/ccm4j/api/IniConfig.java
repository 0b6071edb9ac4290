package dev.ccm4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An INI cloud-config as gcfg reads it: {@code [Section]} and {@code [Section "subsection"]} headers,
 * {@code key = value} lines, {@code ;} and {@code #} comments, double-quoted values with {@code \"}, {@code \\},
 * {@code \n} and {@code \t} escapes, and repeated keys for multi-valued settings.
 *
 * <p>Section and key names are case-insensitive; subsection names are case-sensitive. Keys before the first
 * header belong to the section named {@code ""}. Immutable.
 *
 * <p>Errors name the source, the line, the section and the key, never a value nor the text of the offending line.
 */
public final class IniConfig {
  private final String source;
  private final Map<SectionKey, Map<String, List<String>>> sections;

  private record SectionKey(String section, String subsection) {}

  private IniConfig(String source, Map<SectionKey, Map<String, List<String>>> sections) {
    this.source = source;
    this.sections = sections;
  }

  static IniConfig parse(String text, String source) {
    Map<SectionKey, Map<String, List<String>>> sections = new LinkedHashMap<>();
    SectionKey current = new SectionKey("", null);
    String shown = "";
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String where = source + " line " + (i + 1);
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = parseHeader(line, where);
        shown = in(line.substring(1, line.length() - 1).strip(), current.subsection());
        sections.computeIfAbsent(current, k -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'
          || c == '.')) {
        // what stands before "=" may be a value typed without its key (or a line without "="): never quoted
        throw new CloudConfigException(where + shown + ": invalid key; expected key = value with a key of"
            + " letters, digits, '-', '_' and '.'");
      }
      // gcfg: a key without "=" is a boolean set to true
      String value = eq < 0 ? "true" : parseValue(line.substring(eq + 1), where + shown + ", key \"" + key
          + "\"");
      sections.computeIfAbsent(current, k -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    Map<SectionKey, Map<String, List<String>>> frozen = new LinkedHashMap<>();
    sections.forEach((k, v) -> {
      Map<String, List<String>> keys = new LinkedHashMap<>();
      v.forEach((key, values) -> keys.put(key, List.copyOf(values)));
      frozen.put(k, Collections.unmodifiableMap(keys));
    });
    return new IniConfig(source, Collections.unmodifiableMap(frozen));
  }

  /** ", section [Name]" or ", section [Name "sub"]" for messages, the name as written. */
  private static String in(String header, String subsection) {
    int quote = header.indexOf('"');
    String name = (quote < 0 ? header : header.substring(0, quote)).strip();
    return ", section [" + name + (subsection == null ? "" : " \"" + subsection + "\"") + "]";
  }

  private static SectionKey parseHeader(String line, String where) {
    if (!line.endsWith("]")) {
      throw new CloudConfigException(where + ": section header is missing its closing ']'");
    }
    String inner = line.substring(1, line.length() - 1).strip();
    int quote = inner.indexOf('"');
    String name = (quote < 0 ? inner : inner.substring(0, quote)).strip();
    if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'
        || c == '.')) {
      throw new CloudConfigException(where + ": invalid section name; expected letters, digits, '-', '_' and '.'");
    }
    String sub = null;
    if (quote >= 0) {
      if (!inner.endsWith("\"") || inner.length() == quote + 1) {
        throw new CloudConfigException(where + ": subsection name must be in double quotes");
      }
      sub = unescape(inner.substring(quote + 1, inner.length() - 1), where + ", section [" + name + "]");
    }
    return new SectionKey(name.toLowerCase(Locale.ROOT), sub);
  }

  private static String parseValue(String raw, String where) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    int pendingSpaces = 0;
    String s = raw.strip();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!quoted && (c == ';' || c == '#')) {
        break;
      }
      if (c == '"') {
        quoted = !quoted;
        out.append(" ".repeat(pendingSpaces));
        pendingSpaces = 0;
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= s.length()) {
          throw new CloudConfigException(where + ": value ends with a lone backslash");
        }
        out.append(" ".repeat(pendingSpaces));
        pendingSpaces = 0;
        out.append(escape(s.charAt(++i), where));
        continue;
      }
      if (!quoted && Character.isWhitespace(c)) {
        pendingSpaces++;
        continue;
      }
      out.append(" ".repeat(pendingSpaces));
      pendingSpaces = 0;
      out.append(c);
    }
    if (quoted) {
      throw new CloudConfigException(where + ": unterminated quoted value");
    }
    return out.toString();
  }

  private static String unescape(String s, String where) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        out.append(escape(s.charAt(++i), where));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static char escape(char c, String where) {
    return switch (c) {
      case '"', '\\' -> c;
      case 'n' -> '\n';
      case 't' -> '\t';
      // the character after the backslash is part of the value: not quoted
      default -> throw new CloudConfigException(where + ": invalid escape; only \\\", \\\\, \\n and \\t are"
          + " allowed");
    };
  }

  /**
   * The section names present, lower-cased, in file order, each once.
   *
   * @return the names
   */
  public List<String> sections() {
    List<String> names = new ArrayList<>();
    for (SectionKey k : sections.keySet()) {
      if (!names.contains(k.section())) {
        names.add(k.section());
      }
    }
    return names;
  }

  /**
   * The subsection names of a section, in file order.
   *
   * @param section the section name
   * @return the subsections, for {@code [LoadBalancer "internal"]} that is {@code internal}
   */
  public List<String> subsections(String section) {
    String s = section.toLowerCase(Locale.ROOT);
    List<String> names = new ArrayList<>();
    for (SectionKey k : sections.keySet()) {
      if (k.section().equals(s) && k.subsection() != null) {
        names.add(k.subsection());
      }
    }
    return names;
  }

  /**
   * The last value of a key in a section.
   *
   * @param section the section name
   * @param key the key
   * @return the value, or empty if absent
   */
  public Optional<String> get(String section, String key) {
    return get(section, null, key);
  }

  /**
   * The last value of a key in a subsection.
   *
   * @param section the section name
   * @param subsection the subsection name, or null for the plain section
   * @param key the key
   * @return the value, or empty if absent
   */
  public Optional<String> get(String section, String subsection, String key) {
    List<String> all = getAll(section, subsection, key);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Every value of a multi-valued key, in file order.
   *
   * @param section the section name
   * @param key the key
   * @return the values; empty if absent
   */
  public List<String> getAll(String section, String key) {
    return getAll(section, null, key);
  }

  /**
   * Every value of a multi-valued key in a subsection, in file order.
   *
   * @param section the section name
   * @param subsection the subsection name, or null for the plain section
   * @param key the key
   * @return the values; empty if absent
   */
  public List<String> getAll(String section, String subsection, String key) {
    Map<String, List<String>> keys = sections.get(new SectionKey(section.toLowerCase(Locale.ROOT), subsection));
    if (keys == null) {
      return List.of();
    }
    return keys.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The value of a required key.
   *
   * @param section the section name
   * @param key the key
   * @return the value
   * @throws CloudConfigException naming the source, section and key if it is absent or empty
   */
  public String require(String section, String key) {
    return get(section, key).filter(v -> !v.isEmpty()).orElseThrow(() -> new CloudConfigException(
        source + ": missing required key \"" + key + "\" in section [" + section + "]"));
  }

  /**
   * The keys of a section, lower-cased, in file order.
   *
   * @param section the section name
   * @param subsection the subsection name, or null for the plain section
   * @return the keys
   */
  public List<String> keys(String section, String subsection) {
    Map<String, List<String>> keys = sections.get(new SectionKey(section.toLowerCase(Locale.ROOT), subsection));
    return keys == null ? List.of() : List.copyOf(keys.keySet());
  }
}
