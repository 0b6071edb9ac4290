package dev.ccm4j.cloud.emulator;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The vendor-neutral view of an emulator's state, implemented by each vendor emulator and served by
 * {@link EmulatorServer} under {@code /_ccm4j/}. Implementations must be thread-safe.
 */
public interface ControlPlane {
  /** Every instance, terminated ones included while the cloud still reports them. */
  List<ControlInstance> instances();

  /**
   * Creates a running instance.
   *
   * @param spec what to create; unset fields are chosen by the emulator
   * @return the instance
   * @throws IllegalArgumentException when the spec is invalid (served as 400)
   */
  ControlInstance createInstance(InstanceSpec spec);

  /**
   * Stops an instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when no instance has this id (served as 404)
   */
  ControlInstance stopInstance(String id);

  /**
   * Starts a stopped instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when no instance has this id (served as 404)
   */
  ControlInstance startInstance(String id);

  /**
   * Terminates an instance.
   *
   * @param id the instance id
   * @return the instance after the change
   * @throws NoSuchElementException when no instance has this id (served as 404)
   */
  ControlInstance terminateInstance(String id);

  /** Every load balancer; none unless the vendor emulator has load balancers. */
  default List<ControlLoadBalancer> loadBalancers() {
    return List.of();
  }

  /** Every route table entry; none unless the vendor emulator has routes. */
  default List<ControlRoute> routes() {
    return List.of();
  }
}
