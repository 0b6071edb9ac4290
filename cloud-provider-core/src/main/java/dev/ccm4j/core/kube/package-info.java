/**
 * Helpers for talking to the Kubernetes API that every part of the core shares, such as describing a failed request
 * in one line ({@link dev.ccm4j.core.kube.ApiErrors}); it depends on no other core package.
 */
package dev.ccm4j.core.kube;
