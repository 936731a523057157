/**
 * The pod configuration ({@code --config}): which pod interfaces to bind, how, and the derived link
 * names. Parsed from JSON by {@link io.k6t.net.launcher.config.PodConfig#parse(String)}, validated
 * as it is read; every error names the field and the value. Everything here is non-null unless
 * documented otherwise; absent optional values are {@link java.util.Optional}.
 */
package io.k6t.net.launcher.config;
