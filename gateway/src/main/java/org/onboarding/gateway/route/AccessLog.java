package org.onboarding.gateway.route;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * The access log ({@code gateway.access}): one line per request. Each line's record is made when the request ends (its
 * time is the request's end), and an event loop hands the records it collected to the logger together, at most
 * {@value #FLUSH_MILLIS} ms later. The console handler is asynchronous: waking its writer thread for every line, and
 * then for every event-loop turn, was ~6 % and then still ~3 % of the gateway's CPU at load (bench/NOTES.md,
 * README "Observability"); a batch wakes it once.
 */
final class AccessLog {

    /** How long a line may wait for the others of its batch. */
    static final long FLUSH_MILLIS = 20;
    /**
     * A batch this large goes at once, whatever its age. The console's queue
     * ({@code quarkus.log.console.async.queue-length}) holds several, so handing one over does not wait for the writer
     * thread (README "Observability").
     */
    static final int MAX_BATCH = 1024;
    private static final String NAME = "gateway.access";
    private static final Logger LOG = Logger.getLogger(NAME);
    private static final FastThreadLocal<List<ExtLogRecord>> PENDING = new FastThreadLocal<>() {
        @Override
        protected List<ExtLogRecord> initialValue() {
            return new ArrayList<>();
        }
    };

    private AccessLog() {
    }

    static boolean enabled() {
        return LOG.isLoggable(Level.INFO);
    }

    static void log(String line) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, line, ExtLogRecord.FormatStyle.NO_FORMAT, AccessLog.class.getName());
        record.setLoggerName(NAME);
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            LOG.logRaw(record);
            return;
        }
        List<ExtLogRecord> pending = PENDING.get();
        pending.add(record);
        if (pending.size() == 1) {
            context.owner().setTimer(FLUSH_MILLIS, timer -> flush(pending));
        } else if (pending.size() >= MAX_BATCH) {
            flush(pending); // the timer then finds an empty (or a new, younger) batch: at worst one early flush
        }
    }

    private static void flush(List<ExtLogRecord> pending) {
        for (int i = 0; i < pending.size(); i++) {
            LOG.logRaw(pending.get(i));
        }
        pending.clear();
    }
}
