/**
 * The commands of {@code k6t-net} and what they share: exit-code mapping, output formats, pcap
 * reading and writing. Not API. Everything is non-null unless marked otherwise.
 */
package io.k6t.net.cli.internal;
