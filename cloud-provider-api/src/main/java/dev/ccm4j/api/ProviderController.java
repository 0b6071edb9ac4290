package dev.ccm4j.api;

/**
 * A controller a provider contributes to the cloud-controller-manager, in addition to the built-in ones.
 *
 * <p>Providers return these from {@link CloudProvider#controllers()}. The core runs each one only on the elected
 * leader, with its own work queue, rate-limited retries, metrics and events, exactly as it runs the built-in
 * controllers, so a provider never starts threads of its own for this kind of work. Operators select them with
 * {@code --controllers} by {@link #name()}: {@code *} enables the ones that are {@link #enabledByDefault()},
 * {@code name} enables one explicitly, {@code -name} disables one.
 *
 * <p>The kinds are closed so that the core knows how to run each one:
 * <ul>
 *   <li>{@link LoadBalancerClassController}: the core's complete Service load balancer machinery for the
 *       Services of one {@code spec.loadBalancerClass};
 *   <li>{@link NodeController}: a reconciler called for every Node added, changed, deleted or resynced.
 * </ul>
 */
public sealed interface ProviderController permits LoadBalancerClassController, NodeController {

  /**
   * The controller's name, as used by {@code --controllers}, in logs, metrics and work queue names. It must not
   * clash with a built-in controller's name; the core refuses to start if it does.
   *
   * @return lower-case letters, digits and {@code -}, for example {@code nlb-service-controller}
   */
  String name();

  /**
   * Whether {@code --controllers=*} (the default) enables this controller.
   *
   * @return true if it runs unless disabled with {@code -name}
   */
  boolean enabledByDefault();
}
