/**
 * Network namespaces entered by dedicated threads ({@link io.k6t.net.launcher.netns.NetNamespace}).
 * Everything is non-null unless documented otherwise.
 */
package io.k6t.net.launcher.netns;
