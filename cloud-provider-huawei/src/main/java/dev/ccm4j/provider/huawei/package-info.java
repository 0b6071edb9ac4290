/**
 * The Huawei Cloud provider ({@code --cloud-provider=huaweicloud}, alias {@code huawei}): ECS instances, shared and
 * dedicated ELB, classic ELB and NAT gateway DNAT load balancers, and node security-group association, signed with
 * AK/SK {@code SDK-HMAC-SHA256}.
 *
 * <p>{@link dev.ccm4j.provider.huawei.HuaweiCloudProviderFactory} is the entry point; see
 * {@code docs/providers/huawei.md}.
 */
package dev.ccm4j.provider.huawei;
