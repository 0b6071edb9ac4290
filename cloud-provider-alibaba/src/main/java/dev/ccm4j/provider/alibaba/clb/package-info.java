/**
 * The Alibaba Cloud Classic Load Balancer (CLB, SLB API {@code 2014-05-15}) implementation of the core's
 * {@code LoadBalancer}: the Service annotations ({@link dev.ccm4j.provider.alibaba.clb.ClbAnnotations}), the
 * backend computation ({@link dev.ccm4j.provider.alibaba.clb.ClbBackends}) and the reconciler
 * ({@link dev.ccm4j.provider.alibaba.clb.ClbLoadBalancer}), compatible with the upstream CCM's names, tags and
 * finalizer.
 */
package dev.ccm4j.provider.alibaba.clb;
