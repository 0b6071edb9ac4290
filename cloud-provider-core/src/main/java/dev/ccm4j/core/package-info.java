/** The generic cloud controllers and the runtime that drives them. */
package dev.ccm4j.core;
