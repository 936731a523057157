/**
 * Internals of the bridge binding: the kernel operations it needs ({@link
 * io.k6t.net.launcher.binding.PodKernel}), the step executor, the state files and the
 * renderings. Not API. Non-null unless documented otherwise.
 */
package io.k6t.net.launcher.binding.internal;
