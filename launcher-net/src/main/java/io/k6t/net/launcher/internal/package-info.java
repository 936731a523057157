/**
 * Native calls shared by launcher-net's packages. Not API: may change without notice. Everything is
 * non-null unless documented otherwise.
 */
package io.k6t.net.launcher.internal;
