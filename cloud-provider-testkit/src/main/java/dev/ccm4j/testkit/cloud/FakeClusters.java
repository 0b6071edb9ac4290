package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.Clusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Clusters} over a map of cluster names to control-plane addresses. */
final class FakeClusters implements Clusters {
  private final CallGate gate;
  private final Map<String, String> masters = new LinkedHashMap<>();

  FakeClusters(CallGate gate) {
    this.gate = gate;
  }

  @Override
  public List<String> listClusters() {
    return gate.call(Operation.LIST_CLUSTERS, "", CallGate.keys(), List.of(), () -> {
      synchronized (this) {
        return List.copyOf(masters.keySet());
      }
    });
  }

  /** Fails with a {@link CloudProviderException} for a cluster the fake does not know. */
  @Override
  public String master(String clusterName) {
    return gate.call(Operation.MASTER, clusterName, CallGate.keys(clusterName), List.of(), () -> {
      synchronized (this) {
        String master = masters.get(clusterName);
        if (master == null) {
          throw new CloudProviderException("unknown fake cluster " + clusterName);
        }
        return master;
      }
    });
  }

  synchronized void put(String clusterName, String masterAddress) {
    masters.put(clusterName, masterAddress);
  }
}
