/**
 * The controller loop: a named pool of worker threads taking keys from a
 * {@link dev.ccm4j.core.workqueue.RateLimitingQueue} and handing them to a {@link dev.ccm4j.core.controller.Reconciler},
 * requeueing them according to the {@link dev.ccm4j.core.controller.ReconcileResult}.
 */
package dev.ccm4j.core.controller;
