/**
 * Runnable helpers for the benchmark scripts (test scope).
 *
 * <p>Nullness: non-null by default.
 */
package io.k6t.net.it.bench;
