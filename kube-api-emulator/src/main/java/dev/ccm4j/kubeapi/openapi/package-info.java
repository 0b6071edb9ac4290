/**
 * The emulator's OpenAPI v2 and v3 documents, generated from the client-java models and the served resource types,
 * and their HTTP answers ({@link dev.ccm4j.kubeapi.openapi.OpenApiDocuments}).
 */
package dev.ccm4j.kubeapi.openapi;
