/**
 * The local provider's data path: the TCP and UDP proxy behind each load balancer. One {@link
 * dev.ccm4j.provider.local.proxy.ProxyEngine} (a few event loops and a health-check scheduler) serves every {@link
 * dev.ccm4j.provider.local.proxy.ServiceProxy}; each Service's listeners relay connections and datagrams to its
 * backend pool, and health checks take failing backends out of it. The provider package above decides which
 * Services get a proxy and on which address; nothing here reads the Kubernetes API.
 */
package dev.ccm4j.provider.local.proxy;
