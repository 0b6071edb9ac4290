/**
 * Huawei Cloud load balancers for Services of type {@code LoadBalancer}: {@link
 * dev.ccm4j.provider.huawei.elb.HuaweiLoadBalancer} validates the {@code kubernetes.io/elb.*} annotations
 * ({@link dev.ccm4j.provider.huawei.elb.ElbAnnotations}) and dispatches on {@code kubernetes.io/elb.class} to an
 * {@link dev.ccm4j.provider.huawei.elb.ElbImplementation}: {@link dev.ccm4j.provider.huawei.elb.SharedElb} (ELB v2 with
 * v3 listener writes), {@link dev.ccm4j.provider.huawei.elb.DedicatedElb} (ELB v3), and the classic ELB and DNAT
 * implementations of their own packages. Names follow the original CCM ({@link dev.ccm4j.provider.huawei.elb.Names})
 * so that its load balancers are adopted on migration.
 */
package dev.ccm4j.provider.huawei.elb;
