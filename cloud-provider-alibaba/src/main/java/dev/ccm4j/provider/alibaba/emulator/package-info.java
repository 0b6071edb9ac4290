/**
 * An HTTP-level Alibaba Cloud emulator for tests and for {@code ccm4j cloud-emulator alibaba}: ECS, VPC, SLB and
 * NLB on one port (told apart by API version and action, as real clients send them), signature verification for the
 * RPC HMAC-SHA1 and ACS3-HMAC-SHA256 schemes, the ECS metadata service with IMDSv2 tokens and RAM role credentials,
 * and the shared {@code /_ccm4j/} control API. Start with {@link dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator}.
 */
package dev.ccm4j.provider.alibaba.emulator;
