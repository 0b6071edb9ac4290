package dev.ccm4j.core.net;

import java.util.ArrayList;
import java.util.List;

/** Parses and validates {@code --cluster-cidr}: one CIDR, or a dual-stack pair with one CIDR of each family. */
public final class ClusterCidrs {
  /** The flag every error message names. */
  public static final String FLAG = "--cluster-cidr";

  private ClusterCidrs() {}

  /**
   * Parses the flag's values. Each value may itself hold comma-separated CIDRs.
   *
   * @param values the flag's values
   * @return one or two networks, in the order given
   * @throws IllegalArgumentException naming {@value #FLAG} when the list is empty, a value does not parse, there
   *     are more than two, or two share a family
   */
  public static List<Cidr> parse(List<String> values) {
    List<Cidr> cidrs = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          cidrs.add(Cidr.parse(part));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(FLAG + ": " + e.getMessage(), e);
        }
      }
    }
    if (cidrs.isEmpty()) {
      throw new IllegalArgumentException(FLAG + " is empty; set the cluster's pod network, for example "
          + FLAG + "=10.244.0.0/16");
    }
    if (cidrs.size() > 2) {
      throw new IllegalArgumentException(FLAG + " takes at most two CIDRs (one IPv4 and one IPv6), got "
          + cidrs.size() + ": " + cidrs);
    }
    if (cidrs.size() == 2 && cidrs.get(0).ipv6() == cidrs.get(1).ipv6()) {
      throw new IllegalArgumentException(FLAG + " with two CIDRs must be dual-stack (one IPv4 and one IPv6), got "
          + cidrs);
    }
    return List.copyOf(cidrs);
  }
}
