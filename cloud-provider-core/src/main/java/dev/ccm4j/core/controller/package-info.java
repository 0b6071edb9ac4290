/**
 * The one controller shape, and what an application uses to add a controller to the manager.
 *
 * <p>A {@link dev.ccm4j.core.controller.ControllerFactory} gets the shared
 * {@link dev.ccm4j.core.controller.ControllerContext} when this process starts leading, registers its informer
 * event handlers and returns a {@link dev.ccm4j.core.controller.Controller}: a named pool of worker threads taking
 * keys from a {@link dev.ccm4j.core.workqueue.RateLimitingQueue} and handing them to one
 * {@link dev.ccm4j.core.controller.Reconciler}, requeueing them according to the
 * {@link dev.ccm4j.core.controller.ReconcileResult}, plus any periodic tasks on the controller's clock. The
 * {@code Controller} is the {@link dev.ccm4j.core.controller.ManagedController} the manager starts, checks and
 * stops. {@link dev.ccm4j.core.controller.ControllerNames} and {@link dev.ccm4j.core.controller.ControllerSelection}
 * name the built-in controllers and parse {@code --controllers}.
 */
package dev.ccm4j.core.controller;
