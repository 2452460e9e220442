package dev.poolguard.it.reliability;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Child program of {@link TomcatIT}: an embedded Tomcat 9.0.50 (whose request executor,
 * {@code org.apache.tomcat.util.threads.ThreadPoolExecutor}, extends java.util.concurrent.ThreadPoolExecutor)
 * on 127.0.0.1 with an ephemeral port, printed as "PORT n". Requests:
 * <ul>
 * <li>{@code /work?n=N}: fans two subtasks out to the application's own pool and waits for both
 *     (a request thread waiting on another pool: no risk); answers "work N -> N*3".</li>
 * <li>{@code /slow?id=X&ms=M[&cold=1]}: prints "SLOW START X", works M ms, fans out once more (with cold=1
 *     also hands a last step to a cached pool that no request used before, so it has no thread yet), prints
 *     "SLOW END X", answers "slow X".</li>
 * </ul>
 * A request that fails prints "REQUEST FAILED uri exception" and answers 500.
 *
 * <p>With args[1] = "graceful" it shuts down the way servers are told to (Spring Boot's graceful shutdown
 * does the same): a shutdown hook pauses the connector (no new requests), waits up to 20 s for the requests in flight to finish, then stops
 * Tomcat and the application pool, and prints "GRACEFUL STOP in-flight-left=n".
 *
 * <p>With args[1] = "plain" there is no such hook: embedded Tomcat's default, where nothing in the
 * application waits for requests in flight at shutdown (Tomcat's request threads are daemons).
 *
 * <p>args: BASE_DIR graceful|plain
 */
public final class TomcatServer {
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        ExecutorService appPool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("app-pool", true));
        // used only by /slow?cold=1: no thread of it is alive until then (as with any cached pool after a
        // quiet minute, when its idle threads have timed out)
        ExecutorService coldPool = Executors.newCachedThreadPool(Say.threads("cold-pool", true));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(args[0]);
        Connector connector = tomcat.getConnector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", "40");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "app", new AppServlet(appPool, coldPool));
        context.addServletMappingDecoded("/*", "app");
        tomcat.start();
        if (args[1].equals("graceful")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> gracefulStop(tomcat, connector, appPool),
                    "graceful-stop"));
        }
        Say.line("EXECUTOR " + connector.getProtocolHandler().getExecutor().getClass().getName()
                + " extends " + connector.getProtocolHandler().getExecutor().getClass().getSuperclass().getName());
        Say.line("PORT " + connector.getLocalPort());
        tomcat.getServer().await();
    }

    static void gracefulStop(Tomcat tomcat, Connector connector, ExecutorService appPool) {
        try {
            connector.pause();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (IN_FLIGHT.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int left = IN_FLIGHT.get();
            tomcat.stop();
            tomcat.destroy();
            appPool.shutdown();
            Say.line("GRACEFUL STOP in-flight-left=" + left);
        } catch (Exception e) {
            Say.line("GRACEFUL STOP FAILED " + e);
        }
    }

    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ExecutorService appPool;
        private final transient ExecutorService coldPool;

        AppServlet(ExecutorService appPool, ExecutorService coldPool) {
            this.appPool = appPool;
            this.coldPool = coldPool;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            IN_FLIGHT.incrementAndGet();
            try {
                String body;
                if (request.getRequestURI().equals("/slow")) {
                    String id = request.getParameter("id");
                    Say.line("SLOW START " + id);
                    Thread.sleep(Long.parseLong(request.getParameter("ms")));
                    fanOut(1);
                    if ("1".equals(request.getParameter("cold"))) {
                        coldPool.submit(() -> "audited").get(10, TimeUnit.SECONDS);
                    }
                    Say.line("SLOW END " + id);
                    body = "slow " + id;
                } else {
                    int n = Integer.parseInt(request.getParameter("n"));
                    body = "work " + n + " -> " + fanOut(n);
                }
                response.setContentType("text/plain");
                response.getWriter().write(body);
            } catch (Exception e) {
                Say.line("REQUEST FAILED " + request.getRequestURI() + " " + e);
                response.sendError(500, e.toString());
            } finally {
                IN_FLIGHT.decrementAndGet();
            }
        }

        private int fanOut(int n) throws Exception {
            Future<Integer> a = appPool.submit(() -> n);
            Future<Integer> b = appPool.submit(() -> 2 * n);
            return a.get(10, TimeUnit.SECONDS) + b.get(10, TimeUnit.SECONDS);
        }
    }
}
