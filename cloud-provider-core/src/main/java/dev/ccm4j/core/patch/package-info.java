/** The controllers' writes as small patches: the Node patches and the guarded, conflict-retrying write they share. */
package dev.ccm4j.core.patch;
