/**
 * The {@code k6t-net} command. {@link io.k6t.net.cli.K6tNet} is the entry point; the commands
 * themselves live in {@code io.k6t.net.cli.internal}. Everything is non-null unless marked otherwise.
 */
package io.k6t.net.cli;
