/** Placeholder; replaced by the module owner. */
package dev.ccm4j.provider.inspur;
