/**
 * The Inspur SLB: a REST client for the SLB API exactly as the original CCM speaks it, and
 * {@link dev.ccm4j.provider.inspur.slb.InspurLoadBalancer}, which manages listeners and backend members on an SLB
 * created in front by the user.
 */
package dev.ccm4j.provider.inspur.slb;
