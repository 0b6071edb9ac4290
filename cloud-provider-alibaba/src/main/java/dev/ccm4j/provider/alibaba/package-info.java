/**
 * The Alibaba Cloud provider, {@code --cloud-provider=alibaba} (aliases {@code alicloud}, {@code alibabacloud}).
 *
 * <p>{@link dev.ccm4j.provider.alibaba.AlibabaCloudProviderFactory} parses upstream's cloud-config and builds one
 * {@link dev.ccm4j.provider.alibaba.AlibabaCloudProvider}, whose capabilities share one signed client:
 * {@link dev.ccm4j.provider.alibaba.AlibabaInstances} (InstancesV2 on ECS, batched {@code DescribeInstances}),
 * {@link dev.ccm4j.provider.alibaba.AlibabaRoutes} (VPC route tables), the CLB load balancer, the NLB controller and
 * the node controller {@code alibaba-source-dest-check}.
 * Provider IDs keep upstream's {@code <region>.<instance-id>} format
 * ({@link dev.ccm4j.provider.alibaba.AlibabaProviderIds}), so an existing cluster switches over without touching its
 * Nodes.
 *
 * <p>Sub-packages: {@code config} (cloud-config), {@code sign} and {@code auth} (signatures, credentials),
 * {@code api} (the RPC client), {@code clb} and {@code nlb} (load balancers), {@code emulator} (the HTTP-level
 * Alibaba Cloud emulator) and {@code fixture} (the conformance fixture).
 */
package dev.ccm4j.provider.alibaba;
