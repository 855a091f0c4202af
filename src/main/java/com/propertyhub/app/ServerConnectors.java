package com.propertyhub.app;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.WindowRateControl;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The standalone server's listening sockets. {@code PORT} speaks HTTP/1.1 and cleartext HTTP/2 (h2c, by prior
 * knowledge or by an HTTP/1.1 {@code Upgrade}), for clients and proxies that speak either; with a keystore,
 * {@code TLS_PORT} speaks HTTPS with HTTP/2 chosen by ALPN, else HTTP/1.1, so a browser that talks to a node directly
 * carries all its tabs' streams and requests over one connection instead of six.
 *
 * <p>Every protocol shares one {@link HttpConfiguration}, so {@code HTTP_MAX_HEADER_SIZE} bounds HTTP/2 header
 * lists as it bounds HTTP/1.1 header blocks, and {@code HTTP_SEND_BUFFER} is the send buffer of every connection.
 */
public final class ServerConnectors {
    /** The connectors' names: {@link #HTTP} first, so its local port is the server's port. */
    public static final String HTTP = "http";
    public static final String HTTPS = "https";

    /**
     * Streams one HTTP/2 connection may hold open at once (Jetty's default is 128). An event stream lives as long
     * as its tab, and a proxy speaking HTTP/2 to this node carries many users' streams on each connection; at the
     * limit further requests queue in the client, REST calls behind idle streams included, which is the
     * six-connection stall of HTTP/1.1 again. A stream costs the server what an HTTP/1.1 stream costs (its request
     * and response objects), so the limit is set high; {@code SSE_MAX_STREAMS_PER_USER} still bounds each user.
     */
    static final int MAX_CONCURRENT_STREAMS = 1024;
    /**
     * What a client may send on one stream before this server grants more: the largest request body accepted
     * ({@code BodySizeLimit}, 1 MiB), so no REST call waits for a window update. Event streams send nothing.
     */
    static final int STREAM_RECEIVE_WINDOW = 1024 * 1024;
    /**
     * What a client may send on the whole connection before this server grants more: sixteen largest bodies in
     * flight together. A window is a credit, not a buffer: nothing is allocated until bytes arrive.
     */
    static final int SESSION_RECEIVE_WINDOW = 16 * 1024 * 1024;
    /**
     * Frames per second that do no work (resets of streams, pings, empty data) before a connection is closed as
     * abusive; Jetty's default is 128. A proxy relays every user who leaves as a reset of that user's stream, so
     * a restart of the proxy or a crowd leaving at once must not close the connection that carries everyone else:
     * at most every stream of the connection may be reset within one second.
     */
    static final int MAX_IDLE_FRAMES_PER_SECOND = MAX_CONCURRENT_STREAMS;

    private ServerConnectors() {
    }

    /** The connectors for {@code config}: {@link #HTTP} on {@code port} (0: a free one), then {@link #HTTPS} if set. */
    public static List<ServerConnector> create(Server server, HttpConfiguration http, int port, AppConfig config) {
        List<ServerConnector> connectors = new ArrayList<>();
        connectors.add(connector(server, HTTP, port, config,
                new HttpConnectionFactory(http), sized(new HTTP2CServerConnectionFactory(http))));
        config.https().ifPresent(tls -> {
            HttpConfiguration https = new HttpConfiguration(http);
            // Marks requests secure (request.isSecure(), https URLs). SNI host checking is off: a node is reached
            // by name, IP address or a proxy's name alike, and the certificate is the operator's choice.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            HttpConnectionFactory http1 = new HttpConnectionFactory(https);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", http1.getProtocol());
            // A client without ALPN gets HTTP/1.1.
            alpn.setDefaultProtocol(http1.getProtocol());
            connectors.add(connector(server, HTTPS, tls.port(), config,
                    new SslConnectionFactory(sslContext(tls), alpn.getProtocol()), alpn,
                    sized(new HTTP2ServerConnectionFactory(https)), http1));
        });
        return connectors;
    }

    private static ServerConnector connector(Server server, String name, int port, AppConfig config,
                                             ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setName(name);
        connector.setHost(config.bindAddress());
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        if (config.httpSendBuffer() > 0) {
            connector.setAcceptedSendBufferSize(config.httpSendBuffer());
        }
        return connector;
    }

    private static <F extends AbstractHTTP2ServerConnectionFactory> F sized(F h2) {
        h2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
        h2.setInitialStreamRecvWindow(STREAM_RECEIVE_WINDOW);
        h2.setInitialSessionRecvWindow(SESSION_RECEIVE_WINDOW);
        h2.setRateControlFactory(new WindowRateControl.Factory(MAX_IDLE_FRAMES_PER_SECOND));
        return h2;
    }

    private static SslContextFactory.Server sslContext(TlsSettings tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.password());
        // HTTP/2 forbids the weaker TLS 1.2 ciphers (RFC 9113, appendix A): offer the allowed ones first.
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        return ssl;
    }
}
