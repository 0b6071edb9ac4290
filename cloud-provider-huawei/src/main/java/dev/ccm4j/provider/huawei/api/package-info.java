/**
 * The provider's one signed Huawei Cloud REST client ({@link dev.ccm4j.provider.huawei.api.HuaweiApi}), the
 * service catalog and the error decoder.
 */
package dev.ccm4j.provider.huawei.api;
