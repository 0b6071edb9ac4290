package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Small helpers for Alibaba's JSON shapes: wrapper objects around lists, times, opaque page tokens. */
final class Js {
  // ECS writes creation times to the minute, VPC and most other products to the second
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String TOKEN_PREFIX = "ccm4j-page:";

  private Js() {}

  /** {@code {"<inner>": [values...]}}, Alibaba's wrapper around every list. */
  static JsonObject wrap(String inner, Collection<? extends JsonElement> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    JsonObject o = new JsonObject();
    o.add(inner, array);
    return o;
  }

  /** A wrapper around strings, e.g. {@code {"IpAddress":["1.2.3.4"]}}. */
  static JsonObject wrapStrings(String inner, List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    JsonObject o = new JsonObject();
    o.add(inner, array);
    return o;
  }

  static String minutes(Instant t) {
    return MINUTES.format(t.truncatedTo(ChronoUnit.MINUTES));
  }

  static String seconds(Instant t) {
    return SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** An opaque continuation token for an offset into a listing. */
  static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token stands for; empty when it is not one of ours. */
  static Optional<Integer> offset(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX)) {
        int offset = Integer.parseInt(text.substring(TOKEN_PREFIX.length()));
        return offset >= 0 ? Optional.of(offset) : Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      // not one of ours; NumberFormatException is an IllegalArgumentException too
    }
    return Optional.empty();
  }
}
