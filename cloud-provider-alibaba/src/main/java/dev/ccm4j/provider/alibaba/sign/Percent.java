package dev.ccm4j.provider.alibaba.sign;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as Alibaba's signers use it: only {@code A-Z a-z 0-9 - _ . ~} stay literal, every other
 * UTF-8 byte becomes {@code %XX} with upper-case hex. So a space is {@code %20} (never {@code +}), {@code *} is
 * {@code %2A} and {@code ~} is literal, which is what Go's form encoding yields after the SDKs' three replacements.
 */
public final class Percent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Percent() {}

  /**
   * Percent-encodes a string.
   *
   * @param value the text; null is treated as empty
   * @return the encoded text
   */
  public static String encode(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }
}
