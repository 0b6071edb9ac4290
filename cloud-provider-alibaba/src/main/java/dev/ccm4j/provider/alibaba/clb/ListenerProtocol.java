package dev.ccm4j.provider.alibaba.clb;

import java.util.Locale;
import java.util.Optional;

/** The four CLB listener protocols, with their spellings on the wire. */
public enum ListenerProtocol {
  /** Layer-4 TCP. */
  TCP,
  /** Layer-4 UDP. */
  UDP,
  /** Layer-7 HTTP. */
  HTTP,
  /** Layer-7 HTTPS, which needs a server certificate. */
  HTTPS;

  /**
   * The lower-case name used in annotations, listener descriptions and {@code ListenerProtocol} values.
   *
   * @return e.g. {@code https}
   */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The protocol part of action names such as {@code CreateLoadBalancerHTTPSListener}.
   *
   * @return e.g. {@code HTTPS}
   */
  public String action() {
    return name();
  }

  /**
   * The response object carrying the protocol's attributes in {@code DescribeLoadBalancerListeners}.
   *
   * @return e.g. {@code HTTPSListenerConfig}
   */
  public String configObject() {
    return name() + "ListenerConfig";
  }

  /**
   * Whether this is an HTTP or HTTPS listener.
   *
   * @return true for layer 7
   */
  public boolean layer7() {
    return this == HTTP || this == HTTPS;
  }

  /**
   * Parses a protocol name in any case.
   *
   * @param value e.g. {@code tcp} or {@code HTTPS}
   * @return the protocol, or empty if unknown
   */
  public static Optional<ListenerProtocol> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (ListenerProtocol p : values()) {
      if (p.name().equalsIgnoreCase(value.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
