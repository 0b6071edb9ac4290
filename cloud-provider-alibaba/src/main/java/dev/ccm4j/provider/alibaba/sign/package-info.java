/**
 * Alibaba Cloud request signing: the classic RPC signature (HMAC-SHA1, SignatureVersion 1.0) and the V3 signature
 * (ACS3-HMAC-SHA256), plus the RFC 3986 percent-encoding both rely on.
 *
 * <p>These are pure functions with no state and no I/O, so that the client that signs and the emulator that
 * verifies share one implementation and cannot drift apart. They reproduce Alibaba's published test vectors.
 */
package dev.ccm4j.provider.alibaba.sign;
