package org.onboarding.gateway.route;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.jboss.logmanager.handlers.OutputStreamHandler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlushWhenIdleTest {

    @Test
    void linesQueuedBehindTheAsyncHandlerLeaveTogetherAndAllArrive() throws Exception {
        CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
        Sink sink = new Sink(firstWriteMayEnd);
        OutputStreamHandler console = new OutputStreamHandler(sink, new PatternFormatter("%s%n"));
        AsyncHandler async = new AsyncHandler(1024);
        async.addHandler(console);
        FlushWhenIdle.apply(new Handler[]{async});
        try {
            // the first line's write holds the writer thread until the other 199 are queued behind it
            for (int i = 0; i < 200; i++) {
                async.publish(new ExtLogRecord(Level.INFO, "line-" + i, ExtLogRecord.FormatStyle.NO_FORMAT, "test"));
            }
            firstWriteMayEnd.countDown();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("line-" + i);
            }
            assertEquals(expected, sink.awaitLines(200));
            // one write per line before; now the first line, then the queued ones in a batch
            assertTrue(sink.writes.get() <= 3, "writes: " + sink.writes.get());
        } finally {
            async.close();
        }
    }

    @Test
    void aConsoleThatIsNotAsynchronousStillWritesEachLineAtOnce() throws Exception {
        Sink sink = new Sink(new CountDownLatch(0));
        OutputStreamHandler console = new OutputStreamHandler(sink, new PatternFormatter("%s%n"));
        FlushWhenIdle.apply(new Handler[]{console});
        console.publish(new ExtLogRecord(Level.INFO, "alone", ExtLogRecord.FormatStyle.NO_FORMAT, "test"));
        assertEquals(List.of("alone"), sink.lines());
        console.close();
    }

    /** Counts the writes that reach the stream; the first one waits for the latch. */
    private static final class Sink extends OutputStream {
        final AtomicInteger writes = new AtomicInteger();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch firstWriteMayEnd;

        Sink(CountDownLatch firstWriteMayEnd) {
            this.firstWriteMayEnd = firstWriteMayEnd;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (writes.getAndIncrement() == 0) {
                try {
                    firstWriteMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        List<String> lines() {
            synchronized (bytes) {
                String text = bytes.toString(StandardCharsets.UTF_8);
                return text.isEmpty() ? List.of() : List.of(text.split("\n"));
            }
        }

        List<String> awaitLines(int count) throws InterruptedException {
            for (int i = 0; i < 200 && lines().size() < count; i++) {
                Thread.sleep(25);
            }
            return lines();
        }
    }
}
