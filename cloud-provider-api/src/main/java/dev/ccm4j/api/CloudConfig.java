package dev.ccm4j.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The contents of {@code --cloud-config}: raw bytes, plus readers for the four formats vendors use (INI, JSON,
 * YAML and {@code key=value}). Immutable. Parse errors are {@link CloudConfigException}s that name the source
 * and the line or field.
 */
public final class CloudConfig {
  private static final String INLINE = "<inline>";
  private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

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
   * Reads a config file.
   *
   * @param path the file
   * @return the config
   * @throws ProviderLoadException naming the path if it cannot be read
   */
  public static CloudConfig read(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      return new CloudConfig(Files.readAllBytes(path), path);
    } catch (IOException | SecurityException e) {
      throw new ProviderLoadException("cannot read cloud-config file " + path + ": " + describe(e), e);
    }
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
        throw new CloudConfigException(source() + " line " + (i + 1) + ": invalid key \"" + key + "\"");
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
    try {
      T value = GSON.fromJson(reader, type);
      if (value == null) {
        throw new CloudConfigException(source() + ": cloud-config holds no " + format + " value");
      }
      if (!atEnd(reader)) {
        throw new CloudConfigException(source() + ": unexpected content after the " + format + " document");
      }
      return value;
    } catch (JsonParseException | IllegalStateException e) {
      throw new CloudConfigException(source() + ": invalid " + format + " cloud-config at " + reader.getPath()
          + ": " + innermostMessage(e), e);
    }
  }

  private static boolean atEnd(JsonReader reader) {
    try {
      return reader.peek() == JsonToken.END_DOCUMENT;
    } catch (IOException e) {
      // strict mode refuses a second top-level value outright
      return false;
    }
  }

  private static String innermostMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
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
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new CloudConfigException(source() + ": YAML cloud-config holds values that are not plain data: "
          + innermostMessage(e), e);
    }
    return bind(json, type, "YAML");
  }

  /**
   * The config read as YAML into plain maps, lists, strings, numbers and booleans.
   *
   * @return the document's root, or null for an empty document
   * @throws CloudConfigException naming the line if the YAML is malformed
   */
  public Object yamlTree() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      return new Yaml(new SafeConstructor(options)).load(text());
    } catch (YAMLException e) {
      throw new CloudConfigException(source() + ": invalid YAML cloud-config: " + e.getMessage(), e);
    }
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
