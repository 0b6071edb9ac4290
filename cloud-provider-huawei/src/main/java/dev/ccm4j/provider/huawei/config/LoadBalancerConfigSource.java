package dev.ccm4j.provider.huawei.config;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.api.ServiceConfigurationException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link LoadBalancerConfig}, read from ConfigMap {@value #NAME} in namespace
 * {@code huawei-cloud-provider} first, then {@code kube-system}, as the original CCM looks for it.
 *
 * <p>Before {@link #initialize} and when neither ConfigMap exists, the {@link LoadBalancerConfig#defaults()} apply.
 * A read is cached for {@link #TTL}, so ConfigMap edits take effect within that time (the original needed a
 * restart). When the API server cannot be read, the last good copy is kept; before the first successful read,
 * {@link #current()} throws {@link RetryAfterException} instead of guessing the defaults. A malformed ConfigMap makes
 * {@link #current()} throw {@link ServiceConfigurationException}, so the Service gets a Warning event and no cloud
 * change is made until the ConfigMap is fixed. Thread-safe.
 */
public final class LoadBalancerConfigSource {
  /** The ConfigMap name. */
  public static final String NAME = "loadbalancer-config";
  /** The namespaces searched, in order. */
  public static final List<String> NAMESPACES = List.of("huawei-cloud-provider", "kube-system");
  /** How long one read is used. */
  public static final Duration TTL = Duration.ofSeconds(30);
  /** How soon a Service waiting for a first read of the ConfigMap is tried again. */
  static final Duration RETRY_UNREADABLE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerConfigSource.class);

  /** Reads one ConfigMap's data; empty when it does not exist. */
  @FunctionalInterface
  interface Reader {
    Optional<Map<String, String>> read(String namespace, String name) throws ApiException;
  }

  private final Clock clock;
  private final Object lock = new Object();
  private Reader reader;
  private LoadBalancerConfig lastGood = LoadBalancerConfig.defaults();
  private CloudProviderException lastError;
  private boolean everRead;
  private Instant readAt;

  /**
   * Creates a source that answers the defaults until {@link #initialize} is called.
   *
   * @param clock the clock of the cache
   */
  public LoadBalancerConfigSource(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Gives the source its Kubernetes client; called by the provider's {@code initialize}.
   *
   * @param clients the provider context's client factory
   */
  public void initialize(KubernetesClientFactory clients) {
    Objects.requireNonNull(clients, "clients");
    // the client is made on the first read, not here: initialize calls nothing, and an embedder without a cluster
    // (the TCK calls providers directly) gets the defaults instead of a failure at start
    CoreV1Api[] core = new CoreV1Api[1];
    initialize((ns, name) -> {
      if (core[0] == null) {
        try {
          core[0] = new CoreV1Api(clients.client("huaweicloud-loadbalancer-config"));
        } catch (UnsupportedOperationException noCluster) {
          return Optional.empty();
        }
      }
      try {
        V1ConfigMap cm = core[0].readNamespacedConfigMap(name, ns).execute();
        return Optional.of(cm.getData() == null ? Map.of() : cm.getData());
      } catch (ApiException e) {
        // 403: a cluster that never used the original's older namespace grants no read there; like an absent
        // ConfigMap it sends the search on to kube-system instead of holding every load balancer back
        if (e.getCode() == 404 || e.getCode() == 403) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  void initialize(Reader r) {
    synchronized (lock) {
      this.reader = Objects.requireNonNull(r, "reader");
      this.readAt = null;
    }
  }

  /**
   * The configuration now in force.
   *
   * @return the parsed ConfigMap, its last good copy, or the defaults
   * @throws ServiceConfigurationException when the ConfigMap is malformed, naming the key at fault
   */
  public LoadBalancerConfig current() {
    synchronized (lock) {
      if (reader == null) {
        return LoadBalancerConfig.defaults();
      }
      Instant now = clock.instant();
      if (readAt == null || !now.isBefore(readAt.plus(everRead ? TTL : RETRY_UNREADABLE))) {
        refresh();
        readAt = now;
      }
      if (lastError != null) {
        throw lastError;
      }
      return lastGood;
    }
  }

  private void refresh() {
    for (String ns : NAMESPACES) {
      Optional<Map<String, String>> data;
      try {
        data = reader.read(ns, NAME);
      } catch (ApiException e) {
        unreadable(ns, "HTTP " + e.getCode());
        return;
      } catch (RuntimeException e) {
        unreadable(ns, e.getClass().getSimpleName());
        return;
      }
      if (data.isPresent()) {
        everRead = true;
        try {
          lastGood = LoadBalancerConfig.parse(data.get());
          lastError = null;
        } catch (IllegalArgumentException e) {
          lastError = new ServiceConfigurationException("ConfigMap " + ns + "/" + NAME + ": " + e.getMessage()
              + "; no load balancer is changed until it is fixed");
        }
        return;
      }
    }
    everRead = true;
    lastGood = LoadBalancerConfig.defaults();
    lastError = null;
  }

  private void unreadable(String namespace, String why) {
    if (everRead) {
      LOG.warn("could not read ConfigMap {}/{} ({}); keeping the copy read before", namespace, NAME, why);
      return;
    }
    // never read: the defaults could differ from what the ConfigMap says (another algorithm, another EIP policy),
    // so nothing is changed until it has been read once
    LOG.warn("could not read ConfigMap {}/{} ({}); load balancers wait until it can be read", namespace, NAME, why);
    lastError = new RetryAfterException("ConfigMap " + namespace + "/" + NAME + " could not be read (" + why
        + "); no load balancer is changed until it has been read once", RETRY_UNREADABLE);
  }

  @Override
  public String toString() {
    return "LoadBalancerConfigSource{" + (reader == null ? "not initialized" : "ConfigMap " + NAME) + "}";
  }
}
