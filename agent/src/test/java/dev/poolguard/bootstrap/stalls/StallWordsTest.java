package dev.poolguard.bootstrap.stalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a worker is doing ({@link WorkerActivity}) and what a blocked one waits for, in words
 * ({@link BlockedOn}), from plain data: thread states and stacks as the JDKs show them (frames written
 * {@code class.method:line}, innermost first, separated by {@code ;}; a line of -2 is a native method).
 */
class StallWordsTest {
    private static final String APP = "com.example.Gate.pass:9";
    private static final String WORKER = "java.util.concurrent.FutureTask.run:264;"
            + "java.util.concurrent.ThreadPoolExecutor.runWorker:1136;java.util.concurrent.ThreadPoolExecutor$Worker.run:635;"
            + "java.lang.Thread.run:840";
    private static final String AWAIT_LATCH = "jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:211;"
            + "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire:715;"
            + "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquireSharedInterruptibly:1047;"
            + "java.util.concurrent.CountDownLatch.await:230;" + APP + ";" + WORKER;
    private static final String GET_TASK = "jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:211;"
            + "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await:1623;"
            + "java.util.concurrent.LinkedBlockingQueue.take:435;java.util.concurrent.ThreadPoolExecutor.getTask:1062;"
            + "java.util.concurrent.ThreadPoolExecutor.runWorker:1122;java.lang.Thread.run:840";
    private static final String SOCKET_READ = "sun.nio.ch.NioSocketImpl.read:-2;java.net.Socket$SocketInputStream.read:966;"
            + APP + ";" + WORKER;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no task: idle whatever it does             | false | WAITING       | WAITING       | " + AWAIT_LATCH + " | IDLE",
            "parked on a latch in a task                | true  | WAITING       | WAITING       | " + AWAIT_LATCH + " | BLOCKED",
            "sleeping in a task                         | true  | TIMED_WAITING | TIMED_WAITING | java.lang.Thread.sleep:-2;" + APP + ";" + WORKER + " | BLOCKED",
            "waiting for a monitor                      | true  | BLOCKED       | BLOCKED       | " + APP + ";" + WORKER + " | BLOCKED",
            "computing                                  | true  | RUNNABLE      | RUNNABLE      | " + APP + ";" + WORKER + " | BUSY",
            "a socket read is RUNNABLE: busy, not stuck | true  | RUNNABLE      | RUNNABLE      | " + SOCKET_READ + " | BUSY",
            "woke up between the two reads              | true  | WAITING       | RUNNABLE      | " + AWAIT_LATCH + " | BUSY",
            "parked in getTask: taking work             | true  | WAITING       | WAITING       | " + GET_TASK + " | IDLE",
            "not started yet                            | true  | NEW           | NEW           | -  | BUSY",
            "ended: no stack                            | true  | TERMINATED    | TERMINATED    | -  | BUSY",
    })
    void poolWorker(String name, boolean hasTask, Thread.State before, Thread.State after, String stack,
                    WorkerActivity expected) {
        assertEquals(expected, WorkerActivity.ofPoolWorker(hasTask, before, after, frames(stack)), name);
    }

    private static final String FJ_RUN = "java.util.concurrent.ForkJoinTask$RunnableExecuteAction.exec:1395;"
            + "java.util.concurrent.ForkJoinTask.doExec:373;java.util.concurrent.ForkJoinPool$WorkQueue.topLevelExec:1182;"
            + "java.util.concurrent.ForkJoinPool.scan:1655;java.util.concurrent.ForkJoinPool.runWorker:1622;"
            + "java.util.concurrent.ForkJoinWorkerThread.run:165";
    private static final String FJ_IDLE = "jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:341;"
            + "java.util.concurrent.ForkJoinPool.awaitWork:1724;java.util.concurrent.ForkJoinPool.runWorker:1623;"
            + "java.util.concurrent.ForkJoinWorkerThread.run:165";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "parked in awaitWork: idle            | WAITING  | WAITING  | " + FJ_IDLE + " | IDLE",
            "a task parked on a latch             | WAITING  | WAITING  | jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.CountDownLatch.await:230;" + APP + ";" + FJ_RUN + " | BLOCKED",
            "a task computing                     | RUNNABLE | RUNNABLE | " + APP + ";" + FJ_RUN + " | BUSY",
            "no stack                             | WAITING  | WAITING  | - | BUSY",
    })
    void forkJoinWorker(String name, Thread.State before, Thread.State after, String stack, WorkerActivity expected) {
        assertEquals(expected, WorkerActivity.ofForkJoinWorker(before, after, frames(stack)), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "a registered future wait | WAITING | java.util.concurrent.FutureTask@1f[Not completed, task = Task[inner]] | java.util.concurrent.FutureTask | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.FutureTask.awaitDone:447;java.util.concurrent.FutureTask.get:190;" + APP
                    + "| the future java.util.concurrent.FutureTask@1f[Not completed, task = Task[inner]], at com.example.Gate.pass(Gate.java:9)",
            "a latch and its count | WAITING | - | java.util.concurrent.CountDownLatch$Sync | java.util.concurrent.CountDownLatch$Sync@2a[State = 1, nonempty queue] | - | - "
                    + "| " + AWAIT_LATCH
                    + "| a CountDownLatch (count 1), at com.example.Gate.pass(Gate.java:9)",
            "a latch without its text | WAITING | - | - | - | - | - | " + AWAIT_LATCH
                    + "| a CountDownLatch, at com.example.Gate.pass(Gate.java:9)",
            "a semaphore | WAITING | - | java.util.concurrent.Semaphore$NonfairSync | java.util.concurrent.Semaphore$NonfairSync@3[State = 0, nonempty queue] | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.Semaphore.acquire:318;" + APP
                    + "| a Semaphore (0 permits left), at com.example.Gate.pass(Gate.java:9)",
            "a cyclic barrier | WAITING | - | java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await:1623;"
                    + "java.util.concurrent.CyclicBarrier.dowait:236;java.util.concurrent.CyclicBarrier.await:364;" + APP
                    + "| a CyclicBarrier, at com.example.Gate.pass(Gate.java:9)",
            "a phaser | WAITING | - | java.util.concurrent.Phaser$QNode | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.Phaser$QNode.block:1133;java.util.concurrent.Phaser.internalAwaitAdvance:1067;"
                    + "java.util.concurrent.Phaser.arriveAndAwaitAdvance:686;" + APP
                    + "| a Phaser, at com.example.Gate.pass(Gate.java:9)",
            "a sleep on 17 | TIMED_WAITING | - | - | - | - | - | java.lang.Thread.sleep:-2;" + APP
                    + "| a sleep (Thread.sleep), at com.example.Gate.pass(Gate.java:9)",
            "a sleep on 25 | TIMED_WAITING | - | - | - | - | - | java.lang.Thread.sleep0:-2;java.lang.Thread.sleepNanos0:509;java.lang.Thread.sleepNanos:482;java.lang.Thread.sleep:513;" + APP
                    + "| a sleep (Thread.sleep), at com.example.Gate.pass(Gate.java:9)",
            "a reentrant lock and its owner | WAITING | - | java.util.concurrent.locks.ReentrantLock$NonfairSync | - | java.util.concurrent.locks.ReentrantLock$NonfairSync@5e | holder "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire:715;"
                    + "java.util.concurrent.locks.ReentrantLock.lock:322;" + APP
                    + "| the lock java.util.concurrent.locks.ReentrantLock$NonfairSync@5e held by thread 'holder', at com.example.Gate.pass(Gate.java:9)",
            "a lock without management | WAITING | - | java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock.lock:959;" + APP
                    + "| the lock java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync (owner unknown), at com.example.Gate.pass(Gate.java:9)",
            "a monitor and its owner | BLOCKED | - | - | - | java.lang.Object@77 | holder | " + APP
                    + "| the monitor of java.lang.Object@77 held by thread 'holder', at com.example.Gate.pass(Gate.java:9)",
            "Object.wait | WAITING | - | - | - | java.lang.Object@78 | - | java.lang.Object.wait:-2;java.lang.Object.wait:338;" + APP
                    + "| a wait on the monitor of java.lang.Object@78 (Object.wait), at com.example.Gate.pass(Gate.java:9)",
            "Thread.join | WAITING | - | - | - | java.lang.Thread@79 | - | java.lang.Object.wait:-2;java.lang.Thread.join:1313;java.lang.Thread.join:1381;" + APP
                    + "| the end of a thread (Thread.join), at com.example.Gate.pass(Gate.java:9)",
            "another queue's take | WAITING | - | java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:211;"
                    + "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await:1623;java.util.concurrent.LinkedBlockingQueue.take:435;" + APP
                    + "| a condition, in java.util.concurrent.LinkedBlockingQueue.take, at com.example.Gate.pass(Gate.java:9)",
            "parked I/O | WAITING | - | - | - | - | - | jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:211;"
                    + "sun.nio.ch.Poller.poll:200;sun.nio.ch.NioSocketImpl.park:186;sun.nio.ch.NioSocketImpl.read:304;" + APP
                    + "| I/O, in sun.nio.ch.Poller.poll, at com.example.Gate.pass(Gate.java:9)",
            "an application's blocker | WAITING | - | com.example.Gate$Token | - | - | - "
                    + "| jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:211;" + APP
                    + "| a com.example.Gate$Token, at com.example.Gate.pass(Gate.java:9)",
            "a bare park | WAITING | - | - | - | - | - | jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:371;" + APP
                    + "| a park with no blocker, at com.example.Gate.pass(Gate.java:9)",
            "only JDK frames | WAITING | - | - | - | - | - | jdk.internal.misc.Unsafe.park:-2;java.util.concurrent.locks.LockSupport.park:371;java.util.concurrent.Exchanger.exchange:10"
                    + "| a park with no blocker, in java.util.concurrent.Exchanger.exchange, at jdk.internal.misc.Unsafe.park(Native Method)",
            "poolguard's own frames are not the site | WAITING | - | - | - | - | - | jdk.internal.misc.Unsafe.park:-2;dev.poolguard.bootstrap.PoolguardHooks.park:7;" + APP
                    + "| a park with no blocker, at com.example.Gate.pass(Gate.java:9)",
    })
    void blockedOn(String name, Thread.State state, String awaited, String blockerClass, String blockerText, String lockName,
                   String lockOwner, String stack, String expected) {
        BlockedOn.Facts facts = new BlockedOn.Facts(state, awaited, blockerClass, blockerText, lockName, lockOwner,
                frames(stack.trim()));
        assertEquals(expected.trim(), BlockedOn.describe(facts), name);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "java.util.concurrent.CountDownLatch$Sync@1[State = 3, nonempty queue] | 3",
            "x[State = 0, empty queue] | 0",
            "no state here | -1",
            "[State = ] | -1",
            "- | -1",
            "[State = 99999999999999999999] | -1",
    })
    void aqsState(String text, long expected) {
        assertEquals(expected, BlockedOn.aqsState(text));
    }

    /** {@code class.method:line;...}, or {@code -} for no stack. */
    static StackTraceElement[] frames(String text) {
        if (text == null || text.equals("-")) {
            return new StackTraceElement[0];
        }
        List<StackTraceElement> frames = new ArrayList<>();
        for (String frame : text.split(";")) {
            String f = frame.trim();
            int colon = f.lastIndexOf(':');
            String qualified = f.substring(0, colon);
            int dot = qualified.lastIndexOf('.');
            String type = qualified.substring(0, dot);
            String simple = type.substring(type.lastIndexOf('.') + 1);
            int dollar = simple.indexOf('$');
            String file = (dollar < 0 ? simple : simple.substring(0, dollar)) + ".java";
            int line = Integer.parseInt(f.substring(colon + 1));
            frames.add(new StackTraceElement(type, qualified.substring(dot + 1), line == -2 ? null : file, line));
        }
        return frames.toArray(new StackTraceElement[0]);
    }
}
