/** Small concurrency helpers shared by the runtime and the controllers. */
package dev.ccm4j.core.concurrent;
