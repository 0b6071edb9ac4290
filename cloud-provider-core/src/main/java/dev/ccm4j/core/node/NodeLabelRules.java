package dev.ccm4j.core.node;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.WellKnown;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node labels the cloud-node controller writes, as upstream decides them. Every method returns only the
 * labels that must change (an empty map means "write nothing"); the node's labels are never modified.
 */
public final class NodeLabelRules {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLabelRules.class);
  /** Keys in the Kubernetes-owned label namespaces, which a provider may not set through additional labels. */
  private static final Pattern RESERVED = Pattern.compile("(^|\\.)(kubernetes|k8s)\\.io/");

  /** Each deprecated label and the GA label that mirrors it, in upstream's order. */
  private static final List<Map.Entry<String, String>> BETA_TO_GA = List.of(
      Map.entry(WellKnown.LABEL_ZONE_BETA, WellKnown.LABEL_ZONE),
      Map.entry(WellKnown.LABEL_REGION_BETA, WellKnown.LABEL_REGION),
      Map.entry(WellKnown.LABEL_INSTANCE_TYPE_BETA, WellKnown.LABEL_INSTANCE_TYPE));

  private NodeLabelRules() {}

  /**
   * The labels to write when a node is initialized: instance type, zone and region in GA and beta form for every
   * non-empty value, then the provider's additional labels, minus keys in the {@code kubernetes.io} and
   * {@code k8s.io} namespaces and minus keys the node already has (never overwritten).
   *
   * @param nodeName the node's name, for log messages
   * @param labels the node's current labels (null means none)
   * @param metadata the cloud's metadata
   * @return the labels that must be set
   */
  public static Map<String, String> forInitialization(String nodeName, Map<String, String> labels,
      InstanceMetadata metadata) {
    Map<String, String> now = labels == null ? Map.of() : labels;
    Map<String, String> changes = topologyChanges(now, metadata);
    metadata.additionalLabels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String key = e.getKey();
      if (RESERVED.matcher(key).find()) {
        LOG.warn("Discarding node label {} from the cloud provider for node {}: the kubernetes.io and k8s.io "
            + "namespaces are reserved", key, nodeName);
      } else if (now.containsKey(key)) {
        if (!Objects.equals(now.get(key), e.getValue())) {
          LOG.warn("Not overwriting node label {}={} of node {} with the cloud provider's value {}", key,
              now.get(key), nodeName, e.getValue());
        }
      } else {
        changes.put(key, e.getValue());
      }
    });
    return changes;
  }

  /**
   * The instance type, zone and region labels (GA and beta form) that differ from the cloud's non-empty values;
   * used at initialization and by the periodic refresh. An empty cloud value never removes a label.
   *
   * @param labels the node's current labels (null means none)
   * @param metadata the cloud's metadata
   * @return the labels that must be set
   */
  public static Map<String, String> topologyChanges(Map<String, String> labels, InstanceMetadata metadata) {
    Map<String, String> now = labels == null ? Map.of() : labels;
    Map<String, String> changes = new LinkedHashMap<>();
    putIfDifferent(now, changes, WellKnown.LABEL_INSTANCE_TYPE_BETA, metadata.instanceType());
    putIfDifferent(now, changes, WellKnown.LABEL_INSTANCE_TYPE, metadata.instanceType());
    putIfDifferent(now, changes, WellKnown.LABEL_ZONE_BETA, metadata.zone());
    putIfDifferent(now, changes, WellKnown.LABEL_ZONE, metadata.zone());
    putIfDifferent(now, changes, WellKnown.LABEL_REGION_BETA, metadata.region());
    putIfDifferent(now, changes, WellKnown.LABEL_REGION, metadata.region());
    return changes;
  }

  /**
   * Upstream's label reconciliation for initialized nodes: where a beta label is set and its GA twin is missing or
   * different, the GA label takes the beta value (upstream still treats beta as the source of truth).
   *
   * @param labels the node's current labels (null means none)
   * @return the GA labels that must be set
   */
  public static Map<String, String> betaToGa(Map<String, String> labels) {
    Map<String, String> changes = new LinkedHashMap<>();
    if (labels == null) {
      return changes;
    }
    for (Map.Entry<String, String> pair : BETA_TO_GA) {
      String beta = labels.get(pair.getKey());
      if (beta != null && !beta.equals(labels.get(pair.getValue()))) {
        changes.put(pair.getValue(), beta);
      }
    }
    return changes;
  }

  private static void putIfDifferent(Map<String, String> now, Map<String, String> changes, String key,
      String value) {
    if (!value.isEmpty() && !value.equals(now.get(key))) {
      changes.put(key, value);
    }
  }
}
