/**
 * Alibaba Cloud Network Load Balancers for Services of class {@code alibabacloud.com/nlb}: the annotations
 * ({@link dev.ccm4j.provider.alibaba.nlb.NlbAnnotations}) and the load balancer the core runs as a contributed
 * controller ({@link dev.ccm4j.provider.alibaba.nlb.NlbLoadBalancer}).
 */
package dev.ccm4j.provider.alibaba.nlb;
