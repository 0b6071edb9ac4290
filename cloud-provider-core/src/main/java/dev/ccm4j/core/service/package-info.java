/**
 * The service load balancer controller ({@code service-lb-controller}): cloud load balancers for Services of type
 * {@code LoadBalancer}, protected by the {@code service.kubernetes.io/load-balancer-cleanup} finalizer, with their
 * backend node sets kept in step with the cluster's nodes.
 */
package dev.ccm4j.core.service;
