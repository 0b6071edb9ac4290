/**
 * Huawei Cloud's AK/SK request signature, {@code SDK-HMAC-SHA256}, shared by the provider's client and the
 * emulator's verifier.
 */
package dev.ccm4j.provider.huawei.sign;
