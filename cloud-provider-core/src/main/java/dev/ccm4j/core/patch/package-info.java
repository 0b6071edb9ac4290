/** Patch mechanics shared by the controllers' writes. */
package dev.ccm4j.core.patch;
