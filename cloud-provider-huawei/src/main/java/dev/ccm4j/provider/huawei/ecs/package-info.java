/**
 * ECS for the Huawei Cloud provider: the ECS/Nova client, InstancesV2 (node lookup, addresses, the batch call) and
 * the node security-group association controller.
 */
package dev.ccm4j.provider.huawei.ecs;
