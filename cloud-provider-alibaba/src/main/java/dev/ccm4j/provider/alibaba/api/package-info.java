/**
 * The Alibaba Cloud RPC client: signed calls to ECS, SLB, VPC and NLB over the shared vendor HTTP client, with
 * Alibaba's error body mapped onto the vendor-client exception family.
 */
package dev.ccm4j.provider.alibaba.api;
