/**
 * Runs the controllers a provider contributes through {@link dev.ccm4j.api.CloudProvider#controllers()} that have
 * no built-in counterpart: {@link dev.ccm4j.core.contributed.ContributedNodeController} for a
 * {@link dev.ccm4j.api.NodeController}. Load balancer class controllers run on the service controller's machinery
 * ({@link dev.ccm4j.core.service.ServiceLbController}).
 */
package dev.ccm4j.core.contributed;
