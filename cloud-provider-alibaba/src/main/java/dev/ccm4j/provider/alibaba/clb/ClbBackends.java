package dev.ccm4j.provider.alibaba.clb;

import dev.ccm4j.provider.alibaba.AlibabaProviderIds;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ECS instances back a Service's VServer groups, with which weights, and what must change to get there.
 */
public final class ClbBackends {
  /** The weight of a backend when no annotation says otherwise. */
  public static final int DEFAULT_WEIGHT = 100;
  /** Node labels that keep a node out of every load balancer. */
  public static final Set<String> EXCLUDE_LABELS = Set.of("node.kubernetes.io/exclude-from-external-load-balancers",
      "alpha.service-controller.kubernetes.io/exclude-balancer", "service.alibabacloud.com/exclude-node",
      "service.beta.kubernetes.io/exclude-node");
  private static final String HYBRID_PREFIX = "ack-hybrid://";
  private static final Logger LOG = LoggerFactory.getLogger(ClbBackends.class);

  private ClbBackends() {}

  /**
   * One backend server of a VServer group.
   *
   * @param serverId the ECS instance id
   * @param port the backend port (the node port)
   * @param weight 0 to 100
   * @param description what the controller writes, so its own backends are recognisable in shared groups
   */
  public record Backend(String serverId, int port, int weight, String description) {
    /** Checks the fields. */
    public Backend {
      Objects.requireNonNull(serverId, "serverId");
      Objects.requireNonNull(description, "description");
    }

    /**
     * The identity of a backend within a group.
     *
     * @return {@code serverId:port}
     */
    public String key() {
      return serverId + ":" + port;
    }

    /**
     * The JSON object of the {@code BackendServers} parameter.
     *
     * @return field name to value
     */
    public Map<String, String> toParam() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("ServerId", serverId);
      m.put("Port", Integer.toString(port));
      m.put("Weight", Integer.toString(weight));
      m.put("Type", "ecs");
      m.put("Description", description);
      return m;
    }
  }

  /**
   * The changes that turn the current backends of a group into the desired ones.
   *
   * @param add backends to add
   * @param remove backends to remove
   * @param update backends whose weight or description changes
   */
  public record Diff(List<Backend> add, List<Backend> remove, List<Backend> update) {
    /** Copies the lists. */
    public Diff {
      add = List.copyOf(add);
      remove = List.copyOf(remove);
      update = List.copyOf(update);
    }

    /**
     * Whether nothing changes.
     *
     * @return true when all lists are empty
     */
    public boolean isEmpty() {
      return add.isEmpty() && remove.isEmpty() && update.isEmpty();
    }
  }

  /**
   * The ECS instance ids of the nodes that may back this Service, in node order.
   *
   * <p>Nodes with an exclusion label, a hybrid or unparsable provider ID, a label mismatch against
   * {@code loadbalancer-backend-label}, or (with {@code loadbalancer-remove-unscheduled-backend: on}) cordoned are
   * left out.
   *
   * @param nodes the nodes the core passed in
   * @param settings the Service's settings
   * @return instance ids, without duplicates
   */
  public static List<String> instances(List<V1Node> nodes, ClbSettings settings) {
    List<String> out = new ArrayList<>();
    for (V1Node n : nodes) {
      String name = n.getMetadata() == null ? "?" : n.getMetadata().getName();
      Map<String, String> labels = n.getMetadata() == null || n.getMetadata().getLabels() == null ? Map.of()
          : n.getMetadata().getLabels();
      if (EXCLUDE_LABELS.stream().anyMatch(labels::containsKey)) {
        continue;
      }
      boolean selected = settings.backendLabels().entrySet().stream()
          .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
      if (!selected) {
        continue;
      }
      if (settings.isOn(ClbAnnotation.REMOVE_UNSCHEDULED_BACKEND) && n.getSpec() != null
          && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
        continue;
      }
      String providerId = n.getSpec() == null ? null : n.getSpec().getProviderID();
      if (providerId != null && providerId.startsWith(HYBRID_PREFIX)) {
        continue;
      }
      Optional<AlibabaProviderIds.Id> id = AlibabaProviderIds.tryParse(providerId);
      if (id.isEmpty()) {
        LOG.info("node {} is left out of load balancers: its spec.providerID \"{}\" is not <region>.<instance-id>",
            name, providerId == null ? "" : providerId);
        continue;
      }
      if (!out.contains(id.get().instanceId())) {
        out.add(id.get().instanceId());
      }
    }
    return out;
  }

  /**
   * The weight each backend gets.
   *
   * @param settings the Service's settings
   * @param count how many backends share the group
   * @return {@code loadbalancer-weight} divided by the count (at least 1), else {@code loadbalancer-default-weight},
   *     else {@value #DEFAULT_WEIGHT}
   */
  public static int weight(ClbSettings settings, int count) {
    Optional<Integer> total = settings.integer(ClbAnnotation.WEIGHT);
    if (total.isPresent()) {
      return Math.max(1, total.get() / Math.max(1, count));
    }
    return settings.integer(ClbAnnotation.DEFAULT_WEIGHT).orElse(DEFAULT_WEIGHT);
  }

  /**
   * Compares the current backends of a group with the desired ones.
   *
   * @param current what the group holds
   * @param desired what it should hold
   * @param owned whether the controller owns every backend of the group; in a user's group only backends carrying
   *     one of {@code ourDescriptions} are removed
   * @param ourDescriptions descriptions the controller writes
   * @param ignoreWeights whether weight differences are left alone
   * @return the changes
   */
  public static Diff diff(List<Backend> current, List<Backend> desired, boolean owned, Set<String> ourDescriptions,
      boolean ignoreWeights) {
    Map<String, Backend> have = new LinkedHashMap<>();
    current.forEach(b -> have.put(b.key(), b));
    Map<String, Backend> want = new LinkedHashMap<>();
    desired.forEach(b -> want.put(b.key(), b));
    List<Backend> add = new ArrayList<>();
    List<Backend> update = new ArrayList<>();
    for (Backend w : want.values()) {
      Backend h = have.get(w.key());
      if (h == null) {
        add.add(w);
      } else if ((!ignoreWeights && h.weight() != w.weight()) || !h.description().equals(w.description())) {
        update.add(ignoreWeights ? new Backend(w.serverId(), w.port(), h.weight(), w.description()) : w);
      }
    }
    List<Backend> remove = new ArrayList<>();
    for (Backend h : have.values()) {
      if (!want.containsKey(h.key()) && (owned || ourDescriptions.contains(h.description()))) {
        remove.add(h);
      }
    }
    return new Diff(add, remove, update);
  }

  /**
   * Splits a list into batches.
   *
   * @param items the items
   * @param size the batch size, at least 1
   * @param <T> the item type
   * @return consecutive sublists of at most {@code size} items
   */
  public static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }
}
