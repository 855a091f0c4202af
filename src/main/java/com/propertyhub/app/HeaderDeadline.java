package com.propertyhub.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A deadline for each request head on the standalone server. Jetty's idle timeout restarts with every byte, so a
 * client that trickles a header line every few seconds (slowloris) could hold a connection, and with enough of them
 * every connection, for ever. Here a connection must deliver a complete request line and headers within
 * {@code HTTP_HEADER_TIMEOUT} of opening, or of its previous answer ending; otherwise it is closed. The clock stops
 * while a request is handled, so long answers and event streams are not affected.
 *
 * <p>Only HTTP/1.x connections are timed: there one request head follows another. An HTTP/2 connection carries
 * many streams at once (every tab's event stream among them), so "between two requests" does not exist on it, and
 * the TLS layer under either protocol is not a request carrier at all; closing either would end streams that are
 * being served. HTTP/2 bounds its own header frames and idle streams.
 */
final class HeaderDeadline extends Handler.Wrapper implements Connection.Listener {
    private final Duration timeout;
    private final Scheduler scheduler;
    private final Map<Connection, Deadline> pending = new ConcurrentHashMap<>();

    HeaderDeadline(Duration timeout, Scheduler scheduler, Handler handler) {
        super(handler);
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        arm(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        disarm(connection);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        // The head is in: the clock stops until this answer is done, then runs for the next request's head.
        disarm(connection);
        boolean handled = super.handle(request, response, Callback.from(() -> arm(connection), callback));
        if (!handled) {
            arm(connection);
        }
        return handled;
    }

    private void arm(Connection connection) {
        if (!(connection instanceof HttpConnection) || !connection.getEndPoint().isOpen()) {
            return;
        }
        Deadline deadline = new Deadline(connection);
        Deadline previous = pending.put(connection, deadline);
        if (previous != null) {
            previous.cancel();
        }
        deadline.task = scheduler.schedule(deadline, timeout);
    }

    private void disarm(Connection connection) {
        Deadline deadline = pending.remove(connection);
        if (deadline != null) {
            deadline.cancel();
        }
    }

    private final class Deadline implements Runnable {
        private final Connection connection;
        private volatile Scheduler.Task task;

        Deadline(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            // Only if still pending: a request that began meanwhile has taken it out.
            if (pending.remove(connection, this)) {
                connection.getEndPoint().close();
            }
        }

        void cancel() {
            Scheduler.Task scheduled = task;
            if (scheduled != null) {
                scheduled.cancel();
            }
        }
    }
}
