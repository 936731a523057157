/**
 * Reading DHCP datagrams out of captures (files and live interfaces, through pcap4j and libpcap)
 * and writing them back framed as on the wire. Not API. Everything is non-null unless marked otherwise.
 */
package io.k6t.net.cli.internal.pcap;
