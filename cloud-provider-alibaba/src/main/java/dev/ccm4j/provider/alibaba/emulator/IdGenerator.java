package dev.ccm4j.provider.alibaba.emulator;

import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Makes resource ids shaped like Alibaba's: a prefix followed by 20 lower-case alphanumerics, for example
 * {@code i-bp1h3k8qz0x7m2c9w4ds} or {@code vtb-...}. Ids are unique within one emulator; a seed makes a run
 * repeatable.
 */
public final class IdGenerator {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Random random;
  private final Set<String> issued = new HashSet<>();

  /**
   * Creates a generator.
   *
   * @param seed the seed of its random sequence
   */
  public IdGenerator(long seed) {
    this.random = new Random(seed);
  }

  /**
   * A new id.
   *
   * @param prefix what precedes the random part, including the dash, e.g. {@code i-}, {@code lb-}, {@code rsp-}
   * @return the id, never returned before by this generator
   */
  public synchronized String next(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    while (true) {
      StringBuilder id = new StringBuilder(prefix.length() + 20).append(prefix);
      for (int i = 0; i < 20; i++) {
        id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      String candidate = id.toString();
      if (issued.add(candidate)) {
        return candidate;
      }
    }
  }

  /**
   * A request id in Alibaba's format, an upper-case UUID such as {@code 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E}.
   *
   * @return the id
   */
  public synchronized String requestId() {
    return new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(Locale.ROOT);
  }

  /**
   * Random lower-case hex, for tokens and job ids.
   *
   * @param length the number of hex digits
   * @return the text
   */
  public synchronized String hex(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }
}
