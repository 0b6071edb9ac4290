package dev.ccm4j.core.cloud;

import dev.ccm4j.api.Clusters;
import java.util.List;

/** Routes {@link Clusters} calls through a {@link CloudCallGovernor}. */
final class GovernedClusters implements Clusters {
  private final Clusters delegate;
  private final CloudCallGovernor governor;

  GovernedClusters(Clusters delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public List<String> listClusters() {
    return governor.call("ListClusters", delegate::listClusters);
  }

  @Override
  public String master(String clusterName) {
    return governor.call("Master", () -> delegate.master(clusterName));
  }
}
