package dev.poolguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The Tomcat server of the fan-out benchmark (issue 12): what poolguard is sold for, a production service
 * started with {@code -javaagent} that nobody changes. Embedded Tomcat 9.0.50, one servlet at
 * {@code /fanout}: each request submits {@link #FAN_OUT} small tasks to an application pool and waits for
 * all of them, so every request is a Tomcat worker (itself a pool thread) waiting on another pool's
 * futures, under as many concurrent requests as the load generator has connections.
 *
 * <pre>java [-javaagent:...] -cp benchmarks.jar dev.poolguard.bench.TomcatFanOut</pre>
 *
 * Listens on an ephemeral port of 127.0.0.1 only, prints {@code port N} once it serves, and stops when
 * its standard input closes (the comparison tool holds it open) or after {@link #MAX_LIFETIME_MINUTES},
 * so it never outlives the run.
 */
public final class TomcatFanOut {
    static final String PATH = "/fanout";
    /** Tasks per request. */
    static final int FAN_OUT = 4;
    /** The application pool: as many workers as the reference machine has cores, times two. */
    static final int APP_THREADS = 4;
    private static final int MAX_LIFETIME_MINUTES = 30;

    private TomcatFanOut() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor app = Pools.fixed(APP_THREADS, "app");
        Path base = Files.createTempDirectory("poolguard-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1"); // the generator's connections stay open
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "fanout", new FanOutServlet(app));
        context.addServletMappingDecoded(PATH, "fanout");
        tomcat.start();
        System.out.println("port " + connector.getLocalPort());
        System.out.flush();

        Thread lifetime = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(MAX_LIFETIME_MINUTES));
                System.exit(3);
            } catch (InterruptedException stopped) {
                // normal end
            }
        }, "lifetime");
        lifetime.setDaemon(true);
        lifetime.start();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // held open by the parent; EOF means stop
        }
        Pools.close(app); // first: Tomcat's stop warns about the application's threads still alive
        tomcat.stop();
        tomcat.destroy();
    }

    /** Fans out to the application pool and answers with what the tasks computed. */
    static final class FanOutServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ThreadPoolExecutor app;
        private final AtomicLong requests = new AtomicLong();

        FanOutServlet(ThreadPoolExecutor app) {
            this.app = app;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long seed = requests.incrementAndGet();
            List<Future<Long>> parts = new ArrayList<>(FAN_OUT);
            for (int i = 0; i < FAN_OUT; i++) {
                parts.add(app.submit(work(seed * FAN_OUT + i)));
            }
            long sum = 0;
            try {
                for (Future<Long> part : parts) {
                    sum += part.get();
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IOException(e);
            }
            byte[] body = ("ok " + sum + "\n").getBytes(StandardCharsets.US_ASCII);
            response.setContentType("text/plain");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        /** A little CPU work (a few microseconds), so the tasks are not pure hand-off. */
        private static Callable<Long> work(long seed) {
            return () -> {
                long x = seed;
                for (int i = 0; i < 500; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                }
                return x & 0xffff;
            };
        }
    }
}
