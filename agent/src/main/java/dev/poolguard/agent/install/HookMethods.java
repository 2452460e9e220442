package dev.poolguard.agent.install;

/**
 * The calls that rewritten JDK code makes into the runtime's hooks ({@code PoolguardHooks} for waits,
 * {@code PoolHooks}, {@code ShutdownHooks}), by
 * internal name and descriptor. Spelled out as strings on purpose: the agent must not load the hooks
 * class through its own class loader (it lives in the boot loader).
 */
final class HookMethods {
    /** The waits' hooks. */
    static final String OWNER = "dev/poolguard/bootstrap/PoolguardHooks";
    /** The pools' hooks. */
    static final String POOL_OWNER = "dev/poolguard/bootstrap/PoolHooks";
    /** The shutdown sequence's hooks. */
    static final String SHUTDOWN_OWNER = "dev/poolguard/bootstrap/ShutdownHooks";
    static final String WORKER_RECORD = "dev/poolguard/bootstrap/pools/WorkerRecord";

    static final String TPE = "java/util/concurrent/ThreadPoolExecutor";
    static final String WORKER = "java/util/concurrent/ThreadPoolExecutor$Worker";
    static final String STPE = "java/util/concurrent/ScheduledThreadPoolExecutor";
    static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    static final String COMPLETABLE_FUTURE = "java/util/concurrent/CompletableFuture";
    static final String SIGNALLER = "java/util/concurrent/CompletableFuture$Signaller";
    static final String ASYNC_SUPPLY = "java/util/concurrent/CompletableFuture$AsyncSupply";
    static final String ASYNC_RUN = "java/util/concurrent/CompletableFuture$AsyncRun";
    static final String COMPLETION_SERVICE = "java/util/concurrent/ExecutorCompletionService";
    static final String SHUTDOWN = "java/lang/Shutdown";
    static final String APP_HOOKS = "java/lang/ApplicationShutdownHooks";

    static final String NEW_WORKER_THREAD = "newWorkerThread";
    static final String NEW_WORKER_THREAD_DESC =
            "(Ljava/util/concurrent/ThreadFactory;Ljava/lang/Runnable;L" + TPE + ";Ljava/lang/Runnable;)Ljava/lang/Thread;";
    static final String WORKER_STARTED = "workerStarted";
    static final String WORKER_STARTED_DESC = "(L" + TPE + ";Ljava/lang/Object;)L" + WORKER_RECORD + ";";
    static final String TASK_STARTING = "taskStarting";
    static final String TASK_STARTING_DESC = "(L" + WORKER_RECORD + ";Ljava/lang/Runnable;)V";
    static final String TASK_FINISHED = "taskFinished";
    static final String TASK_FINISHED_DESC = "(L" + WORKER_RECORD + ";)V";
    static final String WORKER_GONE = "workerGone";
    static final String WORKER_GONE_DESC = "(Ljava/lang/Object;)V";
    static final String REJECTED = "rejected";
    static final String REJECTED_DESC = "(L" + TPE + ";Ljava/lang/Runnable;)V";
    static final String SUBMITTING = "submitting";
    static final String SUBMITTING_DESC = "(L" + TPE + ";Ljava/lang/Runnable;)V";

    static final String WAIT_STARTING = "waitStarting";
    static final String WAIT_STARTING_DESC = "(Ljava/lang/Object;ZJ)V";
    static final String WAIT_ENDED = "waitEnded";
    static final String WAIT_ENDED_DESC = "(Ljava/lang/Object;)V";
    static final String PARK = "park";
    static final String PARK_DESC = "(Ljava/lang/Object;)V";
    static final String PARK_NANOS = "parkNanos";
    static final String PARK_NANOS_DESC = "(Ljava/lang/Object;J)V";
    static final String STAGE_STARTING = "stageStarting";
    static final String STAGE_STARTING_DESC = "(Ljava/lang/Object;)V";
    static final String STAGE_FINISHED = "stageFinished";
    static final String TAKE_COMPLETION = "takeCompletion";
    static final String TAKE_COMPLETION_DESC = "(Ljava/util/concurrent/BlockingQueue;Ljava/lang/Object;)Ljava/lang/Object;";
    static final String POLL_COMPLETION = "pollCompletion";
    static final String POLL_COMPLETION_DESC =
            "(Ljava/util/concurrent/BlockingQueue;JLjava/util/concurrent/TimeUnit;Ljava/lang/Object;)Ljava/lang/Object;";

    static final String EXIT_REQUESTED = "exitRequested";
    static final String LAST_THREAD_ENDED = "lastThreadEnded";
    static final String HOOKS_STARTING = "shutdownHooksStarting";
    static final String APP_HOOKS_STARTING = "applicationHooksStarting";
    static final String APP_HOOKS_STARTING_DESC = "(Ljava/lang/Object;)V";
    static final String APP_HOOKS_FINISHED = "applicationHooksFinished";
    static final String HALTING = "halting";
    static final String INT_VOID = "(I)V";
    static final String VOID = "()V";

    private HookMethods() {
    }
}
