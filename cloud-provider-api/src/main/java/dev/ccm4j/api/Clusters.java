package dev.ccm4j.api;

import java.util.List;

/** Clusters known to the cloud account. Rarely implemented; no generic controller calls it. */
public interface Clusters {

  /**
   * The names of the clusters in this account.
   *
   * @return the names
   */
  List<String> listClusters();

  /**
   * The DNS name or IP address of a cluster's control plane.
   *
   * @param clusterName the cluster
   * @return its address
   */
  String master(String clusterName);
}
