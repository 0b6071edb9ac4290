/**
 * The {@code dnat} load balancer class: DNAT rules of a NAT gateway ({@code /v2/{project_id}/dnat_rules}) that
 * forward a floating IP's ports to NodePorts, marked with the cluster id in their description.
 */
package dev.ccm4j.provider.huawei.dnat;
