/**
 * Shared plumbing for the HTTP clients of vendor cloud providers (Alibaba now, Huawei and Inspur later), so that
 * no vendor module repeats it and none needs the vendor's own SDK.
 *
 * <ul>
 *   <li>{@link dev.ccm4j.vendor.client.VendorHttpClient}: one pooled OkHttp client per provider with the vendor
 *       SDKs' timeouts, an optional extra CA, interrupt-aware calls and a redacted TRACE request log;
 *   <li>{@link dev.ccm4j.vendor.client.ErrorDecoder} and {@link dev.ccm4j.vendor.client.VendorError}: the vendor
 *       turns its error bodies into a code, message, request id and {@link dev.ccm4j.vendor.client.ErrorKind};
 *       the client maps that onto the SPI's exceptions ({@link dev.ccm4j.vendor.client.CloudApiThrottledException}
 *       with retry-after, {@link dev.ccm4j.vendor.client.CloudResourceNotFoundException}, otherwise
 *       {@link dev.ccm4j.vendor.client.CloudApiException} keeping the cloud's code);
 *   <li>{@link dev.ccm4j.vendor.client.Redactor}: masks secrets, signatures, tokens and credential headers in every
 *       log line, exception message and {@code toString()};
 *   <li>{@link dev.ccm4j.vendor.client.Json} and {@link dev.ccm4j.vendor.client.Paging}: JSON path readers that
 *       tolerate XML-born wrapper objects, and paging loops that cannot run forever.
 * </ul>
 *
 * <p>Signing, endpoints and credentials stay in each vendor's module: this library sends requests it is given.
 */
package dev.ccm4j.vendor.client;
