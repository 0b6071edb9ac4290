package dev.ccm4j.kubeapi.admission;

/** The two IP families, named as in {@code spec.ipFamilies}. */
enum IpFamily {
  IPv4(32),
  IPv6(128);

  final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  IpFamily other() {
    return this == IPv4 ? IPv6 : IPv4;
  }
}
