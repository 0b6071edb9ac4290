/**
 * An HTTP-level Huawei Cloud emulator for tests and for {@code ccm4j cloud-emulator huawei}: ECS (servers,
 * interfaces, Nova security-group actions), ELB v2/v3, classic ELB, EIP, NAT/DNAT, VPC subnets and ports, IAM
 * projects and the metadata service on one port, told apart by path; SDK-HMAC-SHA256 signatures verified from the
 * client's signed headers; and the shared {@code /_ccm4j/} control API. Start with
 * {@link dev.ccm4j.provider.huawei.emulator.HuaweiEmulator}.
 */
package dev.ccm4j.provider.huawei.emulator;
