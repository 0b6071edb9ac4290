package dev.ccm4j.provider.huawei.elb;

import io.kubernetes.client.openapi.models.V1Service;
import java.util.Objects;
import java.util.Optional;

/**
 * The names the original Huawei CCM gives to the cloud objects of a Service, kept so that load balancers created by
 * it are found and adopted on migration.
 *
 * <p>ELB {@code k8s_service_<cluster-or-business-name>_<namespace>_<service>}, listener
 * {@code <service>_<PROTOCOL>_<port>}, pool {@code sg_<listener>}, dedicated member {@code member_<pool>_<node>}.
 * Each is cut to the length ELB accepts.
 */
public final class Names {
  /** The longest ELB name ELB accepts. */
  public static final int MAX_ELB_NAME = 255;
  /** The longest listener name. */
  public static final int MAX_LISTENER_NAME = 255;
  /** The longest pool name the original used. */
  public static final int MAX_POOL_NAME = 64;
  /** The longest member name. */
  public static final int MAX_MEMBER_NAME = 255;
  /** The longest description ELB accepts. */
  public static final int MAX_DESCRIPTION = 255;
  /** The prefix of every ELB name. */
  public static final String ELB_PREFIX = "k8s_service_";

  private Names() {}

  /**
   * The ELB name of a Service.
   *
   * @param cluster the cluster name
   * @param businessName the loadbalancer-config {@code business-name}, which replaces the cluster name when set
   * @param svc the Service
   * @return the name
   */
  public static String elbName(String cluster, Optional<String> businessName, V1Service svc) {
    String owner = businessName.filter(b -> !b.isBlank()).orElse(cluster);
    return cut(ELB_PREFIX + owner + "_" + namespace(svc) + "_" + name(svc), MAX_ELB_NAME);
  }

  /**
   * The description the original put on the ELBs it created, also put on our listeners so that on a reused ELB the
   * listeners of this Service are told apart from everyone else's.
   *
   * @param cluster the cluster name
   * @param svc the Service
   * @return the description
   */
  public static String description(String cluster, V1Service svc) {
    return cut("Created by the ELB service(" + namespace(svc) + "/" + name(svc) + ") of the k8s cluster(" + cluster
        + ").", MAX_DESCRIPTION);
  }

  /**
   * The listener name.
   *
   * @param svc the Service
   * @param protocol the protocol that goes into the name
   * @param port the listener port (the Service port)
   * @return the name
   */
  public static String listenerName(V1Service svc, String protocol, int port) {
    return cut(name(svc) + "_" + protocol + "_" + port, MAX_LISTENER_NAME);
  }

  /**
   * The pool name of a listener.
   *
   * @param listenerName the listener name
   * @return {@code sg_<listenerName>}, cut to {@value #MAX_POOL_NAME}
   */
  public static String poolName(String listenerName) {
    return cut("sg_" + listenerName, MAX_POOL_NAME);
  }

  /**
   * The name of a dedicated (v3) member.
   *
   * @param poolName the pool name
   * @param node the node name, or the address when the backend has no node
   * @return the name
   */
  public static String memberName(String poolName, String node) {
    return cut("member_" + poolName + "_" + node, MAX_MEMBER_NAME);
  }

  /**
   * The bandwidth name of an EIP auto-created for a Service, by which such an EIP is recognised as ours on delete.
   *
   * @param svc the Service
   * @return {@code <namespace>_<service>}
   */
  public static String bandwidthName(V1Service svc) {
    return cut(namespace(svc) + "_" + name(svc), MAX_POOL_NAME);
  }

  static String namespace(V1Service svc) {
    Objects.requireNonNull(svc.getMetadata(), "service metadata");
    String ns = svc.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? "default" : ns;
  }

  static String name(V1Service svc) {
    Objects.requireNonNull(svc.getMetadata(), "service metadata");
    return Objects.requireNonNull(svc.getMetadata().getName(), "service name");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
