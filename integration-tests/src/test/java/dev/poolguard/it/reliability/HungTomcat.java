package dev.poolguard.it.reliability;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Child program of {@link AttachTomcatIT}: an embedded Tomcat 9.0.50 on 127.0.0.1 (port printed as
 * "PORT n") whose servlet uses an application pool of two workers. Requests:
 * <ul>
 * <li>{@code /work?n=N}: two subtasks on the application pool, waited for by the request thread (healthy);
 *     answers "work N -> N*3".</li>
 * <li>{@code /report}: the request thread waits on a task of the application pool that itself submits a
 *     step to the same pool and waits on it, printing "OUTER STARTED" first. Two such requests at once
 *     take both workers, whose steps then wait in the queue for a worker forever: the service hangs, its
 *     request threads waiting on a starved pool.</li>
 * </ul>
 * args: BASE_DIR
 */
public final class HungTomcat {
    public static void main(String[] args) throws Exception {
        ExecutorService appPool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Say.threads("app-pool", true));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(args[0]);
        Connector connector = tomcat.getConnector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", "40");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "app", new AppServlet(appPool));
        context.addServletMappingDecoded("/*", "app");
        tomcat.start();
        Say.line("PORT " + connector.getLocalPort());
        tomcat.getServer().await();
    }

    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ExecutorService appPool;

        AppServlet(ExecutorService appPool) {
            this.appPool = appPool;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                String body;
                if (request.getRequestURI().equals("/report")) {
                    Future<String> report = appPool.submit(() -> {
                        Say.line("OUTER STARTED");
                        return appPool.submit(() -> "totals").get();
                    });
                    body = "report " + report.get();
                } else {
                    int n = Integer.parseInt(request.getParameter("n"));
                    Future<Integer> a = appPool.submit(() -> n);
                    Future<Integer> b = appPool.submit(() -> 2 * n);
                    body = "work " + n + " -> " + (a.get() + b.get());
                }
                response.setContentType("text/plain");
                response.getWriter().write(body);
            } catch (Exception e) {
                Say.line("REQUEST FAILED " + request.getRequestURI() + " " + e);
                response.sendError(500, e.toString());
            }
        }
    }
}
