package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 defects 6 and 10b: cloud-config errors name the file, line, column, section and key but never a value,
 * an excerpt of the offending line or a parser exception that quotes it; and a file is read up to 1 MiB only.
 */
class CloudConfigSecrecyTest {
  private static final String SECRET = "Sup3rS3cretValue";

  @TempDir
  Path dir;

  /** Every message and toString of the exception and its whole cause chain, as a log printing the trace shows. */
  private static String everything(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      parts.add(String.valueOf(t.getMessage()));
      parts.add(t.toString());
      for (Throwable s : t.getSuppressed()) {
        parts.add(everything(s));
      }
    }
    return String.join("\n", parts);
  }

  private static void assertNoPartOfTheSecret(Throwable e) {
    String all = everything(e).toLowerCase(Locale.ROOT);
    // no piece of the value either: its first and last halves
    for (String piece : List.of(SECRET, SECRET.substring(0, 8), SECRET.substring(8))) {
      assertThat(all).as("the error and its causes quote the value").doesNotContain(piece.toLowerCase(Locale.ROOT));
    }
  }

  private CloudConfig file(String text) throws IOException {
    Path p = dir.resolve("cloud.yaml");
    Files.writeString(p, text);
    return CloudConfig.read(p);
  }

  @Test
  void malformedYamlGivesFileLineAndColumnButNotTheLine() throws IOException {
    CloudConfig c = file("region: eu-1\npassword: hunter: " + SECRET + "\nzone: a\n");
    CloudConfigException e = catchThrowableOfType(CloudConfigException.class, c::yamlTree);

    assertThat(e.getMessage()).isEqualTo(dir.resolve("cloud.yaml")
        + ": invalid YAML cloud-config at line 2 column 17: mapping values are not allowed here");
    assertThat(e.getCause()).as("the parser's exception quotes the line").isNull();
    assertNoPartOfTheSecret(e);
  }

  @Test
  void yamlProblemsThatQuoteAnAliasTagCharacterOrValueAreCut() {
    List<String> docs = List.of(
        "password: *" + SECRET + "\n",                  // undefined alias names it
        "password: !" + SECRET + " x\n",                // unknown tag names it
        "password: !!int " + SECRET + "\n",             // NumberFormatException "For input string"
        "password: !!timestamp " + SECRET + "\n",       // "Unexpected timestamp: ..."
        "password: \"" + SECRET + "\\q\"\n",            // unknown escape character
        "password: [" + SECRET + "\n",                  // unclosed flow sequence
        "password: \"" + SECRET + "\n",                 // unterminated quoted scalar
        "password: @" + SECRET + "\n",                  // reserved indicator
        "password:\n\t- " + SECRET + "\n",              // tab indentation
        "password: " + SECRET + "\u0001\n",            // a control character (SnakeYAML's ReaderException)
        "a: 1\na: 2\npassword: " + SECRET + "\n---\nb: " + SECRET + "\n");
    for (String doc : docs) {
      CloudConfigException e = catchThrowableOfType(CloudConfigException.class, CloudConfig.of(doc)::yamlTree);
      assertThat(e).as(doc).isNotNull();
      assertThat(e.getMessage()).as(doc).startsWith("<inline>: invalid YAML cloud-config");
      assertNoPartOfTheSecret(e);
    }
    assertThat(catchThrowableOfType(CloudConfigException.class, CloudConfig.of("password: *" + SECRET + "\n")
        ::yamlTree)).hasMessage("<inline>: invalid YAML cloud-config at line 1 column 11: found undefined alias");
    assertThat(catchThrowableOfType(CloudConfigException.class, CloudConfig.of("a: b\nc: d\u0001\n")::yamlTree))
        .hasMessage("<inline>: invalid YAML cloud-config at line 2 column 5: special characters (control"
            + " characters) are not allowed");
    assertThat(catchThrowableOfType(CloudConfigException.class, CloudConfig.of("a: x\na: y\n")::yamlTree))
        .as("a key is a name, not a value").hasMessageContaining("line 2 column 1: duplicate key a");
  }

  @Test
  void yamlBindingNamesTheFieldNotTheValue() {
    record Conf(int port, String password) {}
    CloudConfigException e = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("password: x\nport: " + SECRET + "\n").yaml(Conf.class));
    assertThat(e).hasMessage("<inline>: invalid YAML cloud-config at $.port: expected a number");
    assertNoPartOfTheSecret(e);
  }

  @Test
  void invalidJsonValuesAreNotEchoed() {
    record Conf(int port, String password) {}
    for (String doc : List.of("{\"port\": \"" + SECRET + "\"}", "{\"port\": 1.5, \"password\": \"" + SECRET + "\"}",
        "{\"password\": " + SECRET + "}", "{\"password\": \"" + SECRET + "\\q\"}")) {
      CloudConfigException e = catchThrowableOfType(CloudConfigException.class,
          () -> CloudConfig.of(doc).json(Conf.class));
      assertThat(e).as(doc).isNotNull();
      assertThat(e.getCause()).as(doc).isNull();
      assertNoPartOfTheSecret(e);
    }
    assertThatThrownBy(() -> CloudConfig.of("{\"port\": 1.5}").json(Conf.class))
        .hasMessage("<inline>: invalid JSON cloud-config at $.port (line 1, column 13): expected an int");
    assertThatThrownBy(() -> CloudConfig.of("{\"password\": [1]}").json(Conf.class))
        .hasMessage("<inline>: invalid JSON cloud-config at $.password (line 1, column 15): expected a string,"
            + " found a list");
  }

  /** A record that validates itself; Gson's wrapper quotes the constructor's arguments. */
  record Checked(String password) {
    Checked {
      if (password.length() < 20) {
        throw new IllegalArgumentException("too short");
      }
    }
  }

  @Test
  void aRecordRefusingItsValuesIsReportedWithoutThem() {
    CloudConfigException e = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("{\"password\": \"" + SECRET + "\"}").json(Checked.class));
    assertThat(e).hasMessageStartingWith("<inline>: invalid JSON cloud-config at $: the values are refused by"
        + " Checked");
    assertNoPartOfTheSecret(e);
  }

  @Test
  void invalidIniLinesNameSectionAndKeyNotTheValue() {
    CloudConfigException escape = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("[Global]\nregion = r\nsecret-key = " + SECRET.substring(0, 8) + "\\x"
            + SECRET.substring(8) + "\n").ini());
    assertThat(escape.getMessage()).startsWith("<inline> line 3, section [Global], key \"secret-key\": invalid escape");
    assertNoPartOfTheSecret(escape);

    CloudConfigException quote = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("[Global]\nsecret-key = \"" + SECRET + "\n").ini());
    assertThat(quote).hasMessage("<inline> line 2, section [Global], key \"secret-key\": unterminated quoted value");

    CloudConfigException noEquals = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("[Global]\nsecret-key: " + SECRET + "\n").ini());
    assertThat(noEquals.getMessage()).startsWith("<inline> line 2, section [Global]: invalid key");
    assertNoPartOfTheSecret(noEquals);

    CloudConfigException header = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("[" + SECRET + "!]\n").ini());
    assertThat(header.getMessage()).startsWith("<inline> line 1: invalid section name");
    assertNoPartOfTheSecret(header);
  }

  @Test
  void invalidKeyValueLinesDoNotQuoteTheKeyText() {
    CloudConfigException e = catchThrowableOfType(CloudConfigException.class,
        () -> CloudConfig.of("REGION=r\nPASSWORD " + SECRET + "=\n").keyValues());
    assertThat(e.getMessage()).startsWith("<inline> line 2: invalid key");
    assertNoPartOfTheSecret(e);
  }

  @Test
  void anOversizedFileIsRefusedNamingTheFlagAndTheLimit() throws IOException {
    Path exact = dir.resolve("exact");
    Files.write(exact, new byte[CloudConfig.MAX_BYTES]);
    assertThat(CloudConfig.read(exact).bytes()).hasSize(CloudConfig.MAX_BYTES);

    Path big = dir.resolve("big");
    byte[] content = ("password: " + SECRET + "\n").repeat(CloudConfig.MAX_BYTES / 20).getBytes(StandardCharsets.UTF_8);
    assertThat(content.length).isGreaterThan(CloudConfig.MAX_BYTES);
    Files.write(big, content);
    CloudConfigException e = catchThrowableOfType(CloudConfigException.class, () -> CloudConfig.read(big));
    assertThat(e).hasMessage("--cloud-config: " + big + " is larger than the limit of 1 MiB (1048576 bytes) for a"
        + " cloud-config");
    assertNoPartOfTheSecret(e);
  }

  @Test
  void anEndlessDeviceIsCutAtTheLimit() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.isReadable(zero), "needs /dev/zero");
    CloudConfigException e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> catchThrowableOfType(CloudConfigException.class, () -> CloudConfig.read(zero)));
    assertThat(e).hasMessageStartingWith("--cloud-config: /dev/zero is larger than the limit of 1 MiB");
  }

  @Test
  void aFifoThatNeverEndsIsCutAtTheLimit() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "needs mkfifo");
      return;
    }
    assumeTrue(mkfifo.waitFor() == 0, "needs mkfifo");
    Thread writer = new Thread(() -> {
      byte[] chunk = ("password: " + SECRET + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
      try (var out = Files.newOutputStream(fifo)) {
        while (true) {
          out.write(chunk);
        }
      } catch (IOException e) {
        // the reader closed its end: the write fails with a broken pipe, which ends this writer
      }
    }, "fifo-writer");
    writer.setDaemon(true);
    writer.start();
    CloudConfigException e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> catchThrowableOfType(CloudConfigException.class, () -> CloudConfig.read(fifo)));
    assertThat(e).hasMessageStartingWith("--cloud-config: " + fifo + " is larger than the limit of 1 MiB");
    assertNoPartOfTheSecret(e);
    writer.join(Duration.ofSeconds(10).toMillis());
    assertThat(writer.isAlive()).as("the writer saw its reader go").isFalse();
  }

  @Test
  void anUnreadableFileNamesTheFlag() {
    assertThatThrownBy(() -> CloudConfig.read(dir.resolve("missing")))
        .isInstanceOf(ProviderLoadException.class)
        .hasMessageStartingWith("--cloud-config: cannot read cloud-config file " + dir.resolve("missing"));
  }
}
