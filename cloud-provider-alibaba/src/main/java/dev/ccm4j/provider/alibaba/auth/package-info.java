/**
 * Alibaba Cloud credentials: the static access key of cloud-config or the environment, and the ECS RAM role served
 * by the instance metadata service (IMDSv2), refreshed before it expires. Every secret obtained here is registered
 * with the client's {@link dev.ccm4j.vendor.client.Redactor} before it is used.
 */
package dev.ccm4j.provider.alibaba.auth;
