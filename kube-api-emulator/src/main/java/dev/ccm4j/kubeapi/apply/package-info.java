/**
 * Server-side apply and {@code managedFields} for the emulated API server: field sets in the {@code FieldsV1}
 * encoding, one owner per field, conflicts between field managers, and the bookkeeping every non-apply write does.
 */
package dev.ccm4j.kubeapi.apply;
