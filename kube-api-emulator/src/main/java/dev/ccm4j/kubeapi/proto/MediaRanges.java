package dev.ccm4j.kubeapi.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Accept-header negotiation between the media types the real server offers for built-in types. */
final class MediaRanges {
  private MediaRanges() {}

  private record Range(String type, double q, boolean transformed, int order) {}

  static boolean firstAcceptableIsProtobuf(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<Range> ranges = new ArrayList<>();
    int order = 0;
    for (String part : accept.split(",")) {
      String[] pieces = part.split(";");
      String type = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        continue;
      }
      double q = 1;
      boolean transformed = false;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].trim();
        int eq = p.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = p.substring(eq + 1).trim();
        if (name.equals("q")) {
          try {
            q = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            q = 0;
          }
        } else if (name.equals("as")) {
          transformed = true;
        }
      }
      ranges.add(new Range(type, q, transformed, order++));
    }
    // goautoneg sorts by q (stable), then the server takes the first range it can serve
    ranges.sort((a, b) -> a.q != b.q ? Double.compare(b.q, a.q) : Integer.compare(a.order, b.order));
    for (Range r : ranges) {
      if (r.q <= 0) {
        continue;
      }
      if (r.type.equals(ProtobufCodec.MEDIA_TYPE)) {
        return !r.transformed;
      }
      if (r.type.equals("application/json") || r.type.equals("application/yaml") || r.type.equals("*/*")
          || r.type.equals("application/*")) {
        return false;
      }
      // any other type is one the server does not offer: skipped
    }
    return false;
  }
}
