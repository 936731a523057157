/**
 * How {@code k6t-net dhcp ...} shows DHCP messages: typed option values, the JSON objects of the
 * CLI contract and the text lines. Not API. Everything is non-null unless marked otherwise.
 */
package io.k6t.net.cli.internal.dhcp;
