/**
 * The Huawei provider's configuration: the INI cloud-config ({@link dev.ccm4j.provider.huawei.config.HuaweiConfig})
 * and the {@code loadbalancer-config} ConfigMap ({@link dev.ccm4j.provider.huawei.config.LoadBalancerConfig}).
 */
package dev.ccm4j.provider.huawei.config;
