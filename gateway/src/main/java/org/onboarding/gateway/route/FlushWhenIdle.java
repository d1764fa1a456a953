package org.onboarding.gateway.route;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.AsyncHandler;

import java.util.logging.Handler;

/**
 * The console behind the asynchronous log handler writes when its writer thread runs out of lines, not after every
 * line. jboss-logmanager's {@link AsyncHandler} (with auto-flush, its default) flushes its handlers each time its
 * queue drains; the console handler inside it also flushed after each line, one {@code write(2)} per access-log line
 * (~3 % of the gateway's CPU at load, bench/NOTES.md). Now a batch of lines leaves in one write (or one per 8 KiB),
 * and a line still reaches the console as soon as the writer thread has nothing else queued: same lines, same
 * format, same order. A console that is not asynchronous keeps flushing every line.
 */
@ApplicationScoped
class FlushWhenIdle {

    void onStart(@Observes StartupEvent event) {
        apply(LogContext.getLogContext().getLogger("").getHandlers());
    }

    /** Turns off the per-line flush of every handler nested in an auto-flushing {@link AsyncHandler}. */
    static void apply(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof AsyncHandler async) {
                if (async.isAutoFlush()) {
                    for (Handler nested : async.getHandlers()) {
                        if (nested instanceof ExtHandler writer) {
                            writer.setAutoFlush(false);
                        }
                    }
                }
            } else if (handler instanceof ExtHandler parent) {
                // Quarkus' delayed handler holds the configured ones
                apply(parent.getHandlers());
            }
        }
    }
}
