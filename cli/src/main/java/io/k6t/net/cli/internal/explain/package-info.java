/**
 * {@code k6t-net explain}: what the live pod looks like and what is wrong with it, in plain words.
 * Not API. Everything is non-null unless marked otherwise.
 */
package io.k6t.net.cli.internal.explain;
