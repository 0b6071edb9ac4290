package dev.ccm4j.api;

import java.util.List;

/**
 * Clusters known to the cloud account. Rarely implemented; no generic controller calls it, so both methods have
 * defaults that throw {@link NotImplementedException}.
 */
public interface Clusters {

  /**
   * The names of the clusters in this account.
   *
   * @return the names
   * @throws NotImplementedException by default
   */
  default List<String> listClusters() {
    throw new NotImplementedException("listClusters");
  }

  /**
   * The DNS name or IP address of a cluster's control plane.
   *
   * @param clusterName the cluster
   * @return its address
   * @throws NotImplementedException by default
   */
  default String master(String clusterName) {
    throw new NotImplementedException("master");
  }
}
