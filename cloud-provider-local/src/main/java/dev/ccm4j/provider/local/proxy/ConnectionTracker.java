package dev.ccm4j.provider.local.proxy;

/** Knows a load balancer's open connections, so that deletion can drain them. */
public interface ConnectionTracker {
  void opened(TcpRelay relay);

  void closed(TcpRelay relay);
}
