package org.onboarding.gateway.route;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The access log ({@code gateway.access}): one line per request. The lines an event loop finishes in one turn go to
 * the logger together at the end of that turn. The console handler is asynchronous, and its writer thread used to
 * be woken for every line: the wake-up and the wait were ~6 % of the gateway's CPU at load (bench/NOTES.md). A batch
 * wakes it once. Under light load a batch is one line, logged microseconds later, on the same thread.
 */
final class AccessLog {

    private static final Logger LOG = Logger.getLogger("gateway.access");
    private static final FastThreadLocal<List<String>> PENDING = new FastThreadLocal<>() {
        @Override
        protected List<String> initialValue() {
            return new ArrayList<>();
        }
    };

    private AccessLog() {
    }

    static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    static void log(String line) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            LOG.info(line);
            return;
        }
        List<String> pending = PENDING.get();
        pending.add(line);
        if (pending.size() == 1) {
            context.runOnContext(done -> flush(pending));
        }
    }

    private static void flush(List<String> pending) {
        for (int i = 0; i < pending.size(); i++) {
            LOG.info(pending.get(i));
        }
        pending.clear();
    }
}
