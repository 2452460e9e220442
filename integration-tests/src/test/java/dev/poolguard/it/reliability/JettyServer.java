package dev.poolguard.it.reliability;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Child program of {@link JettyIT}: embedded Jetty 12 (core handler API; its request threads belong to its
 * own QueuedThreadPool, which poolguard does not track) on 127.0.0.1, serving the same requests as
 * {@link TomcatServer}: {@code /work?n=N} and {@code /slow?id=X&ms=M[&cold=1]}, with the same output
 * ("PORT n", "SLOW START X", "SLOW END X", "REQUEST FAILED ...", "GRACEFUL STOP in-flight-left=n").
 *
 * <p>args: BASE_DIR (unused) graceful|plain
 */
public final class JettyServer {
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        ExecutorService appPool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("app-pool", true));
        ExecutorService coldPool = Executors.newCachedThreadPool(Say.threads("cold-pool", true));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new App(appPool, coldPool));
        server.start();
        if (args[1].equals("graceful")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> gracefulStop(server, appPool), "graceful-stop"));
        }
        Say.line("SERVER Jetty " + Server.getVersion());
        Say.line("PORT " + connector.getLocalPort());
        server.join();
    }

    /** Waits up to 20 s for the requests in flight, then stops the server and the application's pool. */
    static void gracefulStop(Server server, ExecutorService appPool) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (IN_FLIGHT.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int left = IN_FLIGHT.get();
            server.stop();
            appPool.shutdown();
            Say.line("GRACEFUL STOP in-flight-left=" + left);
        } catch (Exception e) {
            Say.line("GRACEFUL STOP FAILED " + e);
        }
    }

    static final class App extends Handler.Abstract {
        private final ExecutorService appPool;
        private final ExecutorService coldPool;

        App(ExecutorService appPool, ExecutorService coldPool) {
            this.appPool = appPool;
            this.coldPool = coldPool;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            IN_FLIGHT.incrementAndGet();
            String path = Request.getPathInContext(request);
            try {
                Fields query = Request.extractQueryParameters(request);
                String body;
                if (path.equals("/slow")) {
                    String id = query.getValue("id");
                    Say.line("SLOW START " + id);
                    Thread.sleep(Long.parseLong(query.getValue("ms")));
                    fanOut(1);
                    if ("1".equals(query.getValue("cold"))) {
                        coldPool.submit(() -> "audited").get(10, TimeUnit.SECONDS);
                    }
                    Say.line("SLOW END " + id);
                    body = "slow " + id;
                } else {
                    int n = Integer.parseInt(query.getValue("n"));
                    body = "work " + n + " -> " + fanOut(n);
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, body, callback);
            } catch (Exception e) {
                Say.line("REQUEST FAILED " + path + " " + e);
                Response.writeError(request, response, callback, 500, e.toString());
            } finally {
                IN_FLIGHT.decrementAndGet();
            }
            return true;
        }

        private int fanOut(int n) throws Exception {
            Future<Integer> a = appPool.submit(() -> n);
            Future<Integer> b = appPool.submit(() -> 2 * n);
            return a.get(10, TimeUnit.SECONDS) + b.get(10, TimeUnit.SECONDS);
        }
    }
}
