package dev.ccm4j.kubeapi;

import java.time.Instant;

/**
 * One request the emulator served, for assertions.
 *
 * @param time when the request arrived
 * @param method HTTP method
 * @param verb Kubernetes verb ({@code get}, {@code list}, {@code watch}, {@code create}, ...) or the lower-case
 *     method for non-resource paths
 * @param resource plural or {@code plural/subresource}, empty for non-resource paths
 * @param name object name, empty for collections
 * @param path request path
 * @param query raw query string, empty when none
 * @param contentType request {@code Content-Type}, empty when none
 * @param body request body as UTF-8 text, empty when none
 * @param responseCode HTTP status code sent
 * @param userAgent request {@code User-Agent}, empty when none
 */
public record RecordedRequest(Instant time, String method, String verb, String resource, String name, String path,
    String query, String contentType, String body, int responseCode, String userAgent) {}
