package dev.ccm4j.provider.huawei.elb;

import java.util.Locale;
import java.util.Optional;

/** The kinds of Huawei load balancer a Service asks for with {@code kubernetes.io/elb.class}. */
public enum ElbClass {
  /** Shared (enhanced) ELB: ELB v2 objects, listeners through the v3 API. */
  SHARED("shared"),
  /** Dedicated ELB: ELB v3, availability zones required. */
  DEDICATED("dedicated"),
  /** Classic ELB, API v1.0 with asynchronous jobs. */
  ELASTICITY("elasticity"),
  /** DNAT rules on a NAT gateway. */
  DNAT("dnat");

  private final String annotationValue;

  ElbClass(String annotationValue) {
    this.annotationValue = annotationValue;
  }

  /**
   * The annotation's spelling of this class.
   *
   * @return for example {@code shared}
   */
  public String annotationValue() {
    return annotationValue;
  }

  /**
   * The class an annotation value names; surrounding blanks and letter case are ignored.
   *
   * @param value the annotation value, may be null
   * @return the class, or empty when the value names none
   */
  public static Optional<ElbClass> fromAnnotation(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (ElbClass c : values()) {
      if (c.annotationValue.equals(v)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
