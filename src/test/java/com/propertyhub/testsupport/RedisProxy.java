package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of the test Redis, for the faults a real Redis cannot be told to
 * have: replies that come late ({@link #delayReplies}), and a subscriber connection that stays open but silently
 * stops receiving ({@link #deafenSubscribers}), as a half-open connection after a failover does. A node pointed at
 * {@link #url()} sends every Redis command through it.
 *
 * <p>Subscriber connections are told apart by the {@code SUBSCRIBE} command they send (RESP bulk string
 * {@code $9\r\nSUBSCRIBE\r\n}); every other connection is a command connection.
 */
public final class RedisProxy implements AutoCloseable {
    private static final byte[] SUBSCRIBE = "$9\r\nSUBSCRIBE\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicLong droppedBytes = new AtomicLong();
    private volatile long replyDelayNanos;
    private volatile boolean closed;

    private RedisProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Redis proxy's port", e);
        }
        Thread accept = new Thread(this::acceptLoop, "redis-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy in front of the shared test Redis (started if it is not running). */
    public static RedisProxy toSharedRedis() {
        RedisServer redis = RedisServer.shared();
        if (!redis.isRunning()) {
            redis.start();
        }
        return new RedisProxy(redis.host(), redis.port());
    }

    /** {@code redis://127.0.0.1:PORT} of the proxy, for a node's {@code REDIS_URL}. */
    public String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** Holds every byte from Redis back for {@code delay} before passing it on (0: none), on every connection. */
    public void delayReplies(Duration delay) {
        replyDelayNanos = delay.toNanos();
    }

    /**
     * From now on, the subscriber connections open at this moment get nothing more from Redis: their bytes are
     * read and dropped, the connections stay open and whatever the node sends still reaches Redis. Connections
     * opened later are not affected. Returns how many connections went deaf.
     */
    public int deafenSubscribers() {
        int n = 0;
        for (Link link : links) {
            if (link.subscriber && !link.deaf) {
                link.deaf = true;
                n++;
            }
        }
        return n;
    }

    /** Bytes Redis sent to deaf connections, dropped. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    /** Subscriber connections open now that still receive. */
    public long hearingSubscribers() {
        return links.stream().filter(l -> l.subscriber && !l.deaf && !l.client.isClosed()).count();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("redis proxy: " + e);
                }
            }
        }
    }

    /** One proxied connection: node to Redis as is, Redis to node through a delay line (or nowhere, when deaf). */
    private final class Link {
        final Socket client;
        final Socket server;
        /** Bytes from Redis, to be forwarded at {@code dueNanos} ({@link System#nanoTime}). */
        record Reply(long dueNanos, byte[] bytes) {
            static final Reply END = new Reply(0, new byte[0]);
        }

        final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
        volatile boolean subscriber;
        volatile boolean deaf;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            daemon("redis-proxy-up", this::up);
            daemon("redis-proxy-down", this::down);
            daemon("redis-proxy-deliver", this::deliver);
        }

        /** Node to Redis; notices a SUBSCRIBE. */
        private void up() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!subscriber && contains(buffer, n, SUBSCRIBE)) {
                        subscriber = true;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeBoth();
            }
        }

        /** Redis to node: each chunk is stamped with when it may be passed on, or dropped while deaf. */
        private void down() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = server.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (deaf) {
                        droppedBytes.addAndGet(n);
                        continue;
                    }
                    byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                    replies.add(new Reply(System.nanoTime() + replyDelayNanos, chunk));
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                replies.add(Reply.END);
            }
        }

        private void deliver() {
            try (OutputStream out = client.getOutputStream()) {
                while (true) {
                    Reply next = replies.take();
                    if (next == Reply.END) {
                        break;
                    }
                    // The injected latency: this chunk is not due before Redis's answer plus the delay.
                    long wait = next.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(next.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // either side closed
            } finally {
                closeBoth();
            }
        }

        void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // already closed
            }
            links.remove(this);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (Character.toUpperCase(buffer[i + j]) != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        links.forEach(Link::closeBoth);
    }
}
