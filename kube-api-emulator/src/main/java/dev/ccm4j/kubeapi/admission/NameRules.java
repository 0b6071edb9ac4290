package dev.ccm4j.kubeapi.admission;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The apimachinery string formats (DNS-1123 label and subdomain, DNS-1035 label, qualified name, label value, path
 * segment), each answering the real server's messages for a value, or none when it is valid.
 */
public final class NameRules {
  static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
  static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  static final String LABEL_VALUE = "(" + QUALIFIED_NAME + ")?";

  static final String DNS1123_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
      + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
      + " regex used for validation is '" + DNS1123_LABEL + "')";
  static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
      + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
      + " 'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN + "')";
  static final String DNS1035_LABEL_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric characters"
      + " or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
      + " 'abc-123', regex used for validation is '" + DNS1035_LABEL + "')";
  private static final String QUALIFIED_NAME_TEXT = "must consist of alphanumeric characters, '-', '_' or '.', and"
      + " must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
      + " for validation is '" + QUALIFIED_NAME + "')";
  private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of"
      + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
      + " 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE + "')";

  private static final Pattern DNS1123_LABEL_PATTERN = Pattern.compile(DNS1123_LABEL);
  private static final Pattern DNS1123_SUBDOMAIN_PATTERN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final Pattern DNS1035_LABEL_PATTERN = Pattern.compile(DNS1035_LABEL);
  private static final Pattern QUALIFIED_NAME_PATTERN = Pattern.compile(QUALIFIED_NAME);
  private static final Pattern LABEL_VALUE_PATTERN = Pattern.compile(LABEL_VALUE);

  private NameRules() {}

  static String maxLength(int length) {
    return "must be no more than " + length + " characters";
  }

  static List<String> dns1123Label(String value) {
    return check(value, 63, DNS1123_LABEL_PATTERN, DNS1123_LABEL_MESSAGE);
  }

  static List<String> dns1123Subdomain(String value) {
    return check(value, 253, DNS1123_SUBDOMAIN_PATTERN, DNS1123_SUBDOMAIN_MESSAGE);
  }

  static List<String> dns1035Label(String value) {
    return check(value, 63, DNS1035_LABEL_PATTERN, DNS1035_LABEL_MESSAGE);
  }

  /**
   * A label key, annotation key or load balancer class: an optional DNS subdomain prefix and a name part.
   *
   * @return the real server's messages for the value, empty when it is valid
   */
  public static List<String> qualifiedName(String value) {
    List<String> errors = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errors.add("prefix part must be non-empty");
      } else {
        dns1123Subdomain(prefix).forEach(m -> errors.add("prefix part " + m));
      }
    } else {
      errors.add("a qualified name " + QUALIFIED_NAME_TEXT + " with an optional DNS subdomain prefix and '/' (e.g."
          + " 'example.com/MyName')");
      return errors;
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (bytes(name) > 63) {
      errors.add("name part " + maxLength(63));
    }
    if (!QUALIFIED_NAME_PATTERN.matcher(name).matches()) {
      errors.add("name part " + QUALIFIED_NAME_TEXT);
    }
    return errors;
  }

  /**
   * A label value: empty, or at most 63 characters of a qualified name's name part.
   *
   * @return the real server's messages for the value, empty when it is valid
   */
  public static List<String> labelValue(String value) {
    return check(value, 63, LABEL_VALUE_PATTERN, LABEL_VALUE_MESSAGE);
  }

  /** What every name must be, so that it fits in a URL path segment. */
  static List<String> pathSegment(String value, boolean prefix) {
    List<String> errors = new ArrayList<>();
    if (!prefix && (value.equals(".") || value.equals(".."))) {
      errors.add("may not be '" + value + "'");
      return errors;
    }
    if (value.contains("/")) {
      errors.add("may not contain '/'");
    }
    if (value.contains("%")) {
      errors.add("may not contain '%'");
    }
    return errors;
  }

  /**
   * A generateName is checked as a name whose trailing dash is allowed, since a random suffix follows it.
   */
  static String maskTrailingDash(String prefix) {
    return prefix.length() > 1 && prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
  }

  /** Go measures strings in UTF-8 bytes. */
  static int bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  private static List<String> check(String value, int max, Pattern pattern, String message) {
    List<String> errors = new ArrayList<>();
    if (bytes(value) > max) {
      errors.add(maxLength(max));
    }
    if (!pattern.matcher(value).matches()) {
      errors.add(message);
    }
    return errors;
  }
}
