package dev.ccm4j.benchmarks;

import dev.ccm4j.core.manager.ControllerFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Finds the built-in controllers' factories by class name. The benchmark is looked up reflectively rather than
 * linked so that this module builds, and reports precisely what is missing, on a tree where a controller has not
 * landed yet or has changed its factory's shape.
 */
final class BuiltInControllers {
  static final String CLOUD_NODE = "dev.ccm4j.core.node.CloudNodeController";
  static final String CLOUD_NODE_LIFECYCLE = "dev.ccm4j.core.nodelifecycle.CloudNodeLifecycleController";
  static final String NODE_ROUTE = "dev.ccm4j.core.route.NodeRouteController";
  static final String SERVICE_LB = "dev.ccm4j.core.service.ServiceLbController";

  private BuiltInControllers() {}

  /**
   * A controller's {@code public static ControllerFactory factory()}.
   *
   * @param className the controller class
   * @return its factory
   * @throws MissingControllerException if the class or method is absent
   */
  static ControllerFactory factory(String className) {
    try {
      return (ControllerFactory) type(className).getMethod("factory").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new MissingControllerException(className + " has no public static factory(): " + e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(className + ".factory() failed", e.getCause());
    }
  }

  /**
   * The service controller with its two periods shortened, through its {@code factory(Settings)} with
   * {@code Settings(serviceSyncPeriod, nodeSyncPeriod, minRetryDelay, maxRetryDelay)}.
   *
   * @param period both the service resync and the full node (backend) sync period
   * @return its factory
   * @throws MissingControllerException if that shape is absent
   */
  static ControllerFactory serviceLb(Duration period) {
    Class<?> controller = type(SERVICE_LB);
    try {
      Class<?> settingsType = Class.forName(SERVICE_LB + "$Settings");
      Constructor<?> settings = settingsType.getConstructor(Duration.class, Duration.class, Duration.class,
          Duration.class);
      Method factory = controller.getMethod("factory", settingsType);
      return (ControllerFactory) factory.invoke(null, settings.newInstance(period, period, Duration.ofSeconds(5),
          Duration.ofSeconds(300)));
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException
        | InstantiationException e) {
      throw new MissingControllerException(SERVICE_LB + " has no factory(Settings) taking four durations: " + e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(SERVICE_LB + ".factory(Settings) failed", e.getCause());
    }
  }

  private static Class<?> type(String className) {
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new MissingControllerException(className + " is not on the classpath (not merged yet?)");
    }
  }

  /** A controller the scenario needs is not available in this build. */
  static final class MissingControllerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingControllerException(String message) {
      super(message);
    }
  }
}
