package dev.ccm4j.provider.huawei.elb;

import dev.ccm4j.api.ImplementedElsewhereException;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.ServiceConfigurationException;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfig;
import dev.ccm4j.provider.huawei.config.LoadBalancerConfigSource;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's {@link LoadBalancer}: validates a Service's {@code kubernetes.io/elb.*} annotations against the
 * {@code loadbalancer-config} defaults and hands it to the implementation of its {@code kubernetes.io/elb.class}.
 *
 * <p>Two instances exist. The built-in one (for the core's service controller) serves Services without
 * {@code spec.loadBalancerClass}, unless the loadbalancer-config names a {@code loadbalancer-class}: then, as with the
 * original CCM, those are left alone ({@link ImplementedElsewhereException}). The one of {@link #classController} serves
 * Services of class {@value #LOAD_BALANCER_CLASS}, and only while the loadbalancer-config names that class.
 *
 * <p>A malformed annotation is a {@link ServiceConfigurationException} before any cloud call. Deletion never throws
 * for one: the class is then read tolerantly and the implementation deletes what it can find.
 */
public final class HuaweiLoadBalancer implements LoadBalancer {
  /** The {@code spec.loadBalancerClass} of the class controller. */
  public static final String LOAD_BALANCER_CLASS = ElbAnnotations.LOAD_BALANCER_CLASS;
  /** The class controller's name for {@code --controllers}. */
  public static final String CONTROLLER_NAME = "huaweicloud-elb";

  private static final Logger LOG = LoggerFactory.getLogger(HuaweiLoadBalancer.class);

  private final Map<ElbClass, ElbImplementation> impls;
  private final Supplier<LoadBalancerConfig> config;
  private final boolean classController;

  /**
   * Creates the dispatcher.
   *
   * @param impls the implementation of each class this build serves
   * @param cfg the loadbalancer-config
   * @param classController true for the instance of the {@value #LOAD_BALANCER_CLASS} class controller, false for the
   *     built-in one
   */
  public HuaweiLoadBalancer(Map<ElbClass, ElbImplementation> impls, LoadBalancerConfigSource cfg,
      boolean classController) {
    this(impls, Objects.requireNonNull(cfg, "cfg")::current, classController);
  }

  HuaweiLoadBalancer(Map<ElbClass, ElbImplementation> impls, Supplier<LoadBalancerConfig> cfg,
      boolean classController) {
    this.impls = impls.isEmpty() ? Map.of() : new EnumMap<>(impls);
    this.config = Objects.requireNonNull(cfg, "cfg");
    this.classController = classController;
  }

  /**
   * The controller for Services of class {@value #LOAD_BALANCER_CLASS}, named {@value #CONTROLLER_NAME}; it serves
   * them only while the loadbalancer-config names that class.
   *
   * @param impls the implementation of each class this build serves
   * @param cfg the loadbalancer-config
   * @return the controller description
   */
  public static LoadBalancerClassController classController(Map<ElbClass, ElbImplementation> impls,
      LoadBalancerConfigSource cfg) {
    return LoadBalancerClassController.builder(CONTROLLER_NAME, LOAD_BALANCER_CLASS,
        new HuaweiLoadBalancer(impls, cfg, true)).build();
  }

  @Override
  public String getLoadBalancerName(String clusterName, V1Service service) {
    Optional<String> business;
    try {
      business = config.get().businessName();
    } catch (RuntimeException e) {
      business = Optional.empty();
    }
    return Names.elbName(clusterName, business, service);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The core asks this before cleaning up, so it answers for every Service of this instance's kind, whatever the
   * loadbalancer-config names now, and also when the Service's annotations no longer parse (then from the class,
   * {@code kubernetes.io/elb.id} and the business name alone).
   */
  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    if (!ownsKind(service)) {
      return Optional.empty();
    }
    Optional<ElbServiceConfig> cfg = parsed(service).or(() -> ElbAnnotations.classOf(service)
        .map(c -> minimal(c, service)));
    if (cfg.isEmpty()) {
      return Optional.empty();
    }
    ElbImplementation impl = impls.get(cfg.get().elbClass());
    return impl == null ? Optional.empty() : impl.get(clusterName, service, cfg.get());
  }

  /** The Service's settings, or empty when they (or the loadbalancer-config) do not parse. */
  private Optional<ElbServiceConfig> parsed(V1Service service) {
    try {
      return Optional.of(ElbAnnotations.parse(service, config.get()));
    } catch (ServiceConfigurationException e) {
      return Optional.empty();
    }
  }

  /** Just enough to find a Service's load balancer whose annotations no longer parse. */
  private ElbServiceConfig minimal(ElbClass elbClass, V1Service service) {
    Map<String, String> a = service.getMetadata() == null || service.getMetadata().getAnnotations() == null
        ? Map.of() : service.getMetadata().getAnnotations();
    Optional<String> elbId = Optional.ofNullable(a.get(ElbAnnotations.ID)).map(String::strip)
        .filter(ElbRest::isId);
    Optional<String> business;
    try {
      business = config.get().businessName();
    } catch (RuntimeException e) {
      business = Optional.empty();
    }
    return ElbServiceConfig.builder(elbClass).elbId(elbId).businessName(business).keepEip(true).build();
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    ElbServiceConfig cfg = served(service);
    return implementation(cfg.elbClass()).ensure(clusterName, service, nodes, cfg);
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    ElbServiceConfig cfg = served(service);
    implementation(cfg.elbClass()).update(clusterName, service, nodes, cfg);
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    if (!ownsKind(service)) {
      return;
    }
    // a Service whose annotations (or the ConfigMap) are now malformed is still cleaned up as far as possible
    Optional<ElbServiceConfig> cfg = parsed(service);
    Optional<ElbClass> elbClass = cfg.map(ElbServiceConfig::elbClass).or(() -> ElbAnnotations.classOf(service));
    if (elbClass.isEmpty()) {
      LOG.info("service {}/{} names no known kubernetes.io/elb.class; no ELB to delete",
          Names.namespace(service), Names.name(service));
      return;
    }
    ElbImplementation impl = impls.get(elbClass.get());
    if (impl == null) {
      LOG.warn("service {}/{}: kubernetes.io/elb.class {} is not available in this build; nothing deleted",
          Names.namespace(service), Names.name(service), elbClass.get().annotationValue());
      return;
    }
    impl.delete(clusterName, service, cfg);
  }

  /** Whether the Service is of the kind this instance deals with at all (built-in: classless; else our class). */
  private boolean ownsKind(V1Service service) {
    String cls = service.getSpec() == null ? null : service.getSpec().getLoadBalancerClass();
    return classController ? LOAD_BALANCER_CLASS.equals(cls) : cls == null || cls.isEmpty();
  }

  private String whyNotServed(V1Service service, LoadBalancerConfig lbc) {
    String cls = service.getSpec() == null ? null : service.getSpec().getLoadBalancerClass();
    Optional<String> configured = lbc.loadBalancerClass();
    if (classController) {
      if (!LOAD_BALANCER_CLASS.equals(cls)) {
        return "spec.loadBalancerClass " + cls + " is not " + LOAD_BALANCER_CLASS;
      }
      if (!configured.equals(Optional.of(LOAD_BALANCER_CLASS))) {
        return "the loadbalancer-config does not name loadbalancer-class " + LOAD_BALANCER_CLASS;
      }
      return null;
    }
    if (cls != null && !cls.isEmpty()) {
      return "spec.loadBalancerClass " + cls + " is served by another controller";
    }
    if (configured.isPresent()) {
      return "the loadbalancer-config names loadbalancer-class " + configured.get()
          + ", so only Services of that class are served";
    }
    return null;
  }

  private ElbServiceConfig served(V1Service service) {
    LoadBalancerConfig lbc = config.get();
    String why = whyNotServed(service, lbc);
    if (why != null) {
      throw new ImplementedElsewhereException(why);
    }
    return ElbAnnotations.parse(service, lbc);
  }

  private ElbImplementation implementation(ElbClass elbClass) {
    ElbImplementation impl = impls.get(elbClass);
    if (impl == null) {
      throw new ServiceConfigurationException(ElbAnnotations.CLASS + " " + elbClass.annotationValue()
          + " is not available; accepted values: " + impls.keySet().stream().map(ElbClass::annotationValue).toList());
    }
    return impl;
  }
}
