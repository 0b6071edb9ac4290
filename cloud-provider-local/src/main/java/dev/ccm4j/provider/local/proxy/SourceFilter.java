package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.IpRange;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Service;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which client addresses a load balancer accepts: {@code spec.loadBalancerSourceRanges}, else the
 * {@code service.beta.kubernetes.io/load-balancer-source-ranges} annotation, else everyone.
 *
 * @param ranges the allowed ranges; empty means everyone
 */
record SourceFilter(List<IpRange> ranges) {
  static final SourceFilter ALLOW_ALL = new SourceFilter(List.of());

  SourceFilter {
    ranges = List.copyOf(ranges);
  }

  static SourceFilter of(V1Service service) {
    List<String> spec = service.getSpec() == null ? null : service.getSpec().getLoadBalancerSourceRanges();
    List<String> texts = new ArrayList<>();
    String field;
    if (spec != null && !spec.isEmpty()) {
      texts.addAll(spec);
      field = "spec.loadBalancerSourceRanges";
    } else {
      Map<String, String> ann = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
      String value = ann == null ? null : ann.get(WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES);
      if (value == null || value.isBlank()) {
        return ALLOW_ALL;
      }
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          texts.add(part.strip());
        }
      }
      field = "annotation " + WellKnown.ANNOTATION_LOAD_BALANCER_SOURCE_RANGES;
    }
    List<IpRange> ranges = new ArrayList<>();
    for (String t : texts) {
      if (!t.contains("/")) {
        throw new CloudProviderException("invalid source range \"" + t + "\" in " + field + ": expected a CIDR");
      }
      try {
        ranges.add(IpRange.parse(t));
      } catch (IllegalArgumentException e) {
        throw new CloudProviderException("invalid source range in " + field + ": " + e.getMessage(), e);
      }
    }
    return new SourceFilter(ranges);
  }

  boolean allows(InetAddress client) {
    if (ranges.isEmpty()) {
      return true;
    }
    InetAddress a = unmapped(client);
    for (IpRange r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress unmapped(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address && isMappedV4(b)) {
      try {
        return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      } catch (UnknownHostException e) {
        return a;
      }
    }
    return a;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }
}
