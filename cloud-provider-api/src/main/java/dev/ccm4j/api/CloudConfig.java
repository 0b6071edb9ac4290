package dev.ccm4j.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The contents of {@code --cloud-config}: raw bytes, plus readers for the four formats vendors use (INI, JSON,
 * YAML and {@code key=value}). Immutable. Parse errors are {@link CloudConfigException}s that name the source
 * and the line, column, section or field, and never quote the file: not a value, not an excerpt of the offending
 * line, and no parser exception as their cause (the parsers' own messages quote the input).
 *
 * <p>A file is read up to {@link #MAX_BYTES} (1 MiB): a cloud-config is a few kilobytes, and a larger one, a
 * device such as {@code /dev/zero} or a FIFO that never ends is refused at the limit instead of filling the heap.
 */
public final class CloudConfig {
  /** The largest cloud-config {@link #read(Path)} accepts: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  private static final String INLINE = "<inline>";
  private static final String FLAG = "--cloud-config";
  private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();
  /** Gson's position suffix; only its numbers are kept. */
  private static final Pattern JSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)");
  /** Gson's wrong-type complaint; the part after "but was" is a token name or, for numbers, the value itself. */
  private static final Pattern JSON_EXPECTED = Pattern.compile(
      "^Expected (an? [a-z]+|[A-Z_]+) but was ([A-Z_]+)?");
  /** Gson's syntax complaints that quote nothing of the input. */
  private static final List<String> JSON_PROBLEMS = List.of("Unterminated string", "Unterminated object",
      "Unterminated array", "Unterminated escape sequence", "Unterminated comment", "Invalid escape sequence",
      "Malformed Unicode escape", "Expected ':'", "Expected name", "Expected value", "Unexpected value",
      "End of input");
  /** SnakeYAML's problems that are fixed text, or whose variable tail (a character, alias or tag) is cut off. */
  private static final List<String> YAML_PROBLEMS = List.of("mapping values are not allowed here",
      "mapping keys are not allowed here", "sequence entries are not allowed here", "could not find expected ':'",
      "found unexpected end of stream", "found unexpected document separator", "found unknown escape character",
      "found undefined alias", "found undefined tag handle", "found duplicate YAML directive",
      "found incompatible YAML document", "found unacceptable key", "found unconstructable recursive node",
      "but found another document", "could not determine a constructor for the tag", "Global tag is not allowed",
      "expected a mapping or list of mappings for merging", "expected a mapping for merging",
      "expected alphabetic or numeric character", "expected a comment or a line break",
      "expected chomping or indentation indicators", "expected indentation indicator in the range 1-9",
      "expected URI", "expected escape sequence", "expected ',' or ']'", "expected ',' or '}'",
      "Nesting Depth exceeded max", "Number of aliases for non-scalar nodes exceeds the specified max",
      "Recursive key for mapping is detected", "Keys must be scalars", "duplicate tag handle");
  /** SnakeYAML's parser complaint names token kinds only, such as {@code <block end>} or {@code '?'}. */
  private static final Pattern YAML_TOKENS = Pattern.compile(
      "^expected (<[a-z ]+>|the node content|'<[a-z ]+>'), but found '?(<[a-z ]+>|[-?:,\\[\\]{}])'?$");
  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final byte[] bytes;
  private final Path path;

  private CloudConfig(byte[] bytes, Path path) {
    this.bytes = bytes;
    this.path = path;
  }

  /**
   * No cloud-config was given.
   *
   * @return an empty config
   */
  public static CloudConfig empty() {
    return new CloudConfig(new byte[0], null);
  }

  /**
   * A config held in memory, for tests and embedding.
   *
   * @param bytes the contents; copied
   * @return the config
   */
  public static CloudConfig of(byte[] bytes) {
    return new CloudConfig(bytes.clone(), null);
  }

  /**
   * A config held in memory, for tests and embedding.
   *
   * @param text the contents
   * @return the config, UTF-8 encoded
   */
  public static CloudConfig of(String text) {
    return new CloudConfig(text.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Reads a config file, at most {@link #MAX_BYTES}.
   *
   * @param path the file
   * @return the config
   * @throws CloudConfigException naming {@code --cloud-config}, the path and the limit if the file holds more than
   *     {@link #MAX_BYTES}; a device or FIFO that never ends is cut at the limit, not read for ever
   * @throws ProviderLoadException naming {@code --cloud-config} and the path if it cannot be read
   */
  public static CloudConfig read(Path path) {
    Objects.requireNonNull(path, "path");
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      // one byte past the limit tells "exactly at the limit" from "larger"
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | SecurityException e) {
      throw new ProviderLoadException(FLAG + ": cannot read cloud-config file " + path + ": " + describe(e), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new CloudConfigException(FLAG + ": " + path + " is larger than the limit of 1 MiB (" + MAX_BYTES
          + " bytes) for a cloud-config");
    }
    return new CloudConfig(bytes, path);
  }

  private static String describe(Exception e) {
    String what = e.getClass().getSimpleName();
    return e.getMessage() == null ? what : what + " (" + e.getMessage() + ")";
  }

  /**
   * The file this config was read from.
   *
   * @return the path, or empty for an in-memory or absent config
   */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /**
   * Where the config came from, for error messages: the path, or {@code <inline>}.
   *
   * @return the source
   */
  public String source() {
    return path == null ? INLINE : path.toString();
  }

  /**
   * Whether there is no config, or an empty one.
   *
   * @return true if there are no bytes
   */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /**
   * The raw contents.
   *
   * @return a copy of the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The contents as UTF-8 text, without a leading byte-order mark.
   *
   * @return the text
   */
  public String text() {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /**
   * Reads the config as an INI file ({@code [Section]}, {@code [Section "sub"]}, {@code key = value}), the format
   * of upstream's gcfg-based providers.
   *
   * @return the parsed file
   * @throws CloudConfigException naming the line if it is malformed
   */
  public IniConfig ini() {
    return IniConfig.parse(text(), source());
  }

  /**
   * Reads the config as {@code KEY=value} lines (blank lines and {@code #} comments ignored, an optional
   * {@code export} prefix and surrounding quotes removed). A later key overrides an earlier one.
   *
   * @return the keys and values, in file order
   * @throws CloudConfigException naming the line if one has no {@code =} or an empty key
   */
  public Map<String, String> keyValues() {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text().split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new CloudConfigException(source() + " line " + (i + 1) + ": expected KEY=value");
      }
      String key = line.substring(0, eq).strip();
      if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        // the text before "=" may be a value typed without its key, so it is never quoted
        throw new CloudConfigException(source() + " line " + (i + 1) + ": invalid key: a key must not be empty or"
            + " contain blanks");
      }
      out.put(key, unquote(line.substring(eq + 1).strip()));
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /**
   * Binds the config, read as strict JSON, to a class (a record or a plain class with fields). Fields absent from
   * the file stay at their defaults; unknown fields are ignored.
   *
   * @param type the class to bind to
   * @param <T> the type
   * @return the bound object
   * @throws CloudConfigException naming the source and the JSON path if the file is not valid JSON for the type
   */
  public <T> T json(Class<T> type) {
    if (isEmpty()) {
      throw new CloudConfigException(source() + ": cloud-config is empty, expected JSON");
    }
    return bind(text(), type, "JSON");
  }

  private <T> T bind(String json, Class<T> type, String format) {
    JsonReader reader = new JsonReader(new StringReader(json));
    reader.setStrictness(Strictness.STRICT);
    T value;
    try {
      value = GSON.fromJson(reader, type);
    } catch (CloudConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      // Gson's messages quote the offending value ("For input string: ...", "with args [...]"): neither they nor
      // the exception itself go into the error, only the path, the position and what was expected
      throw new CloudConfigException(source() + ": invalid " + format + " cloud-config at " + reader.getPath()
          + (format.equals("JSON") ? jsonPosition(e) : "") + ": " + jsonProblem(e, type));
    }
    if (value == null) {
      throw new CloudConfigException(source() + ": cloud-config holds no " + format + " value");
    }
    if (!atEnd(reader)) {
      throw new CloudConfigException(source() + ": unexpected content after the " + format + " document");
    }
    return value;
  }

  private static boolean atEnd(JsonReader reader) {
    try {
      return reader.peek() == JsonToken.END_DOCUMENT;
    } catch (IOException | RuntimeException e) {
      // strict mode refuses a second top-level value outright
      return false;
    }
  }

  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** The "line N column M" Gson puts in its messages, as " (line N, column M)"; the numbers only. */
  private static String jsonPosition(Throwable e) {
    String message = innermost(e).getMessage();
    Matcher m = JSON_POSITION.matcher(message == null ? "" : message);
    return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }

  /** What Gson complained about, from a fixed vocabulary: never a word of the input. */
  private static String jsonProblem(RuntimeException e, Class<?> type) {
    Throwable inner = innermost(e);
    if (e.getClass() == RuntimeException.class && e.getMessage() != null
        && e.getMessage().startsWith("Failed to invoke constructor")) {
      // a record's canonical constructor refused the values; a CloudConfigException says why without values
      return inner instanceof CloudConfigException c ? c.getMessage()
          : "the values are refused by " + type.getSimpleName() + " (" + inner.getClass().getSimpleName() + ")";
    }
    String message = inner.getMessage() == null ? "" : inner.getMessage();
    Matcher expected = JSON_EXPECTED.matcher(message);
    if (expected.find()) {
      String want = tokenName(expected.group(1));
      return expected.group(2) == null ? "expected " + want : "expected " + want + ", found "
          + tokenName(expected.group(2));
    }
    if (inner instanceof NumberFormatException) {
      return "expected a number";
    }
    if (message.startsWith("Use JsonReader.setStrictness")) {
      return "not strict JSON (names and strings must be double-quoted; no comments, NaN or trailing commas)";
    }
    for (String problem : JSON_PROBLEMS) {
      if (message.startsWith(problem)) {
        return problem.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + problem.substring(1);
      }
    }
    return "malformed value (" + inner.getClass().getSimpleName() + ")";
  }

  private static String tokenName(String token) {
    return switch (token) {
      case "BEGIN_OBJECT" -> "an object";
      case "END_OBJECT" -> "the end of an object";
      case "BEGIN_ARRAY" -> "a list";
      case "END_ARRAY" -> "the end of a list";
      case "STRING" -> "a string";
      case "NUMBER" -> "a number";
      case "BOOLEAN" -> "a boolean";
      case "NULL" -> "null";
      case "NAME" -> "a name";
      case "END_DOCUMENT" -> "the end of the document";
      default -> token.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
  }

  /**
   * Binds the config, read as YAML (safe loading only: no arbitrary types), to a class, with the same rules as
   * {@link #json(Class)}.
   *
   * @param type the class to bind to
   * @param <T> the type
   * @return the bound object
   * @throws CloudConfigException naming the source and the line or field if the file is invalid
   */
  public <T> T yaml(Class<T> type) {
    Object tree = yamlTree();
    if (tree == null) {
      throw new CloudConfigException(source() + ": cloud-config holds no YAML value");
    }
    String json;
    try {
      json = GSON.toJson(tree);
    } catch (RuntimeException e) {
      throw new CloudConfigException(source() + ": YAML cloud-config holds values that are not plain data"
          + " (such as .nan or .inf, which JSON cannot represent)");
    }
    return bind(json, type, "YAML");
  }

  /**
   * The config read as YAML into plain maps, lists, strings, numbers and booleans.
   *
   * @return the document's root, or null for an empty document
   * @throws CloudConfigException naming the line and column if the YAML is malformed; never with the parser's
   *     exception as its cause, whose message quotes the offending line
   */
  public Object yamlTree() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    String text = text();
    try {
      return new Yaml(new SafeConstructor(options)).load(text);
    } catch (RuntimeException e) {
      // YAMLException, and the NumberFormatException or IllegalArgumentException an explicit tag (!!int, !!binary)
      // throws on a value that does not fit it
      throw new CloudConfigException(source() + ": invalid YAML cloud-config" + yamlPosition(e, text) + ": "
          + yamlProblem(e));
    }
  }

  private static String yamlPosition(RuntimeException e, String text) {
    if (e instanceof MarkedYAMLException m) {
      Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
      if (mark != null) {
        return " at line " + (mark.getLine() + 1) + " column " + (mark.getColumn() + 1);
      }
    }
    if (e instanceof ReaderException r) {
      int line = 1;
      int column = 1;
      int[] codePoints = text.codePoints().limit(Math.max(0, r.getPosition())).toArray();
      for (int c : codePoints) {
        if (c == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      return " at line " + line + " column " + column;
    }
    return "";
  }

  /** What SnakeYAML complained about, cut to a fixed vocabulary: never a character, alias, tag or value. */
  private static String yamlProblem(RuntimeException e) {
    if (e instanceof ReaderException) {
      return "special characters (control characters) are not allowed";
    }
    if (e instanceof org.yaml.snakeyaml.constructor.DuplicateKeyException d) {
      String key = d.getProblem() == null ? "" : d.getProblem().replaceFirst("^found duplicate key ", "");
      return SAFE_KEY.matcher(key).matches() ? "duplicate key " + key : "duplicate key";
    }
    if (e instanceof MarkedYAMLException m) {
      for (String text : new String[] {m.getProblem(), m.getContext()}) {
        if (text == null) {
          continue;
        }
        if (text.startsWith("found character '\\t")) {
          return "found a tab, which YAML does not allow for indentation";
        }
        if (text.startsWith("found character")) {
          return "found a character that cannot start any token";
        }
        if (YAML_TOKENS.matcher(text).matches()) {
          return text;
        }
        for (String problem : YAML_PROBLEMS) {
          if (text.startsWith(problem)) {
            return problem;
          }
        }
      }
      return "malformed YAML";
    }
    if (e.getMessage() != null && e.getMessage().startsWith("The incoming YAML document exceeds the limit")) {
      return "the document exceeds SnakeYAML's size limit";
    }
    return e instanceof NumberFormatException || e instanceof IllegalArgumentException
        || (e.getMessage() != null && e.getMessage().startsWith("Unexpected timestamp"))
        ? "a value does not match its explicit tag (such as !!int or !!timestamp)"
        : "malformed YAML (" + e.getClass().getSimpleName() + ")";
  }

  /**
   * Describes the config without its contents, which may hold credentials.
   *
   * @return the source and size
   */
  @Override
  public String toString() {
    return "CloudConfig{" + source() + ", " + bytes.length + " bytes}";
  }
}
