/**
 * Huawei Cloud credentials: a static AK/SK from the cloud-config, or temporary AK/SK and security token from the
 * ECS metadata service when the cloud-config gives neither.
 */
package dev.ccm4j.provider.huawei.auth;
