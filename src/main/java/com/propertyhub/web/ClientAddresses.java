package com.propertyhub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request, for limits kept per address. It is the connection's peer unless
 * that peer is one of the configured trusted reverse proxies ({@code TRUSTED_PROXIES}): then the proxies'
 * {@code X-Forwarded-For} (or, when a request has none, RFC 7239 {@code Forwarded}) is read from the right, and
 * the first address that is not itself a trusted proxy is the client. Everything to the left of it was written
 * by the client and can be forged, so it is never used. Without trusted proxies the headers are ignored.
 *
 * <p>{@code X-Forwarded-For} wins when both are present because nginx, HAProxy and the cloud load balancers
 * append to it while passing a client's own {@code Forwarded} through unchanged; a proxy that writes only
 * {@code Forwarded} must drop the client's {@code X-Forwarded-For}.
 */
public final class ClientAddresses {
    /** A dotted quad, checked before {@link InetAddress#getByName}, which would resolve anything else by DNS. */
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex digits and colons, optionally ending in a dotted quad: the only strings read as IPv6 literals. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private final List<Cidr> trusted;

    private ClientAddresses(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** No proxy is trusted: the client is always the connection's peer. */
    public static ClientAddresses direct() {
        return new ClientAddresses(List.of());
    }

    /**
     * Trusts the proxies in {@code cidrs} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single address).
     *
     * @throws IllegalArgumentException naming the first entry that is not an IPv4 or IPv6 address or range
     */
    public static ClientAddresses trusting(List<String> cidrs) {
        List<Cidr> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            ranges.add(Cidr.parse(cidr.trim()));
        }
        return new ClientAddresses(List.copyOf(ranges));
    }

    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")),
                Collections.list(request.getHeaders("Forwarded")));
    }

    /** {@link #of} on the parts of a request: its peer address and its header lines, in order. */
    String resolve(String peer, List<String> xForwardedFor, List<String> forwarded) {
        InetAddress hop = literal(node(peer));
        if (hop == null || !isTrusted(hop)) {
            return hop == null ? peer : hop.getHostAddress();
        }
        List<String> chain = !xForwardedFor.isEmpty() ? elements(xForwardedFor) : forwardedFor(forwarded);
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress next = literal(node(chain.get(i)));
            if (next == null) {
                // "unknown", an obfuscated name or garbage: nothing further left can be told apart, so the
                // proxy that reported it stands for its clients.
                break;
            }
            hop = next;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return hop.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> elements(List<String> lines) {
        List<String> all = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",")) {
                all.add(part.trim());
            }
        }
        return all;
    }

    /** The {@code for=} node of each RFC 7239 forwarded-element ({@code for=1.2.3.4;proto=https, for="[::1]"}). */
    private static List<String> forwardedFor(List<String> lines) {
        List<String> nodes = new ArrayList<>();
        for (String element : elements(lines)) {
            String node = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    node = pair.substring(eq + 1).trim();
                }
            }
            nodes.add(node);
        }
        return nodes;
    }

    /** The address part of a node: without quotes, IPv6 brackets or a port. */
    private static String node(String raw) {
        String node = raw.trim();
        if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
            node = node.substring(1, node.length() - 1).trim();
        }
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? "" : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && colon == node.lastIndexOf(':')) {
            return node.substring(0, colon);
        }
        return node;
    }

    /** {@code text} as an address if it is an IPv4 or IPv6 literal, else null; never a DNS lookup. */
    static InetAddress literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: {@code bits} leading bits of {@code network}. */
    private record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or CIDR range");
            }
            byte[] network = address.getAddress();
            int bits = network.length * 8;
            if (slash >= 0) {
                String prefix = text.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
                }
                bits = Integer.parseInt(prefix);
            }
            return new Cidr(network, bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xFF : (0xFF << (8 - (bits - bit))) & 0xFF;
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
