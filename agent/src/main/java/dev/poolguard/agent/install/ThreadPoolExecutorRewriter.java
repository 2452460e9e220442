package dev.poolguard.agent.install;

import static dev.poolguard.agent.install.HookMethods.*;

import java.util.List;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code ThreadPoolExecutor}: a worker's run loop, its exit, a failed start, and rejection.
 * <ul>
 * <li>{@code runWorker(w)}: on entry, {@code rec = workerStarted(this, w)} into a new local; as soon as
 *     {@code getTask()} returns and again just before the one {@code task.run()},
 *     {@code taskStarting(rec, task)}; after it, {@code taskFinished(rec)}. Marking at the dequeue closes
 *     the moment when a task is neither queued nor marked (the drain must see it); marking again at the
 *     run covers the first task, which is not dequeued. The local saves a lookup per task: marking is a
 *     few plain stores.</li>
 * <li>{@code processWorkerExit(w, abrupt)} and {@code addWorkerFailed(w)}: on entry,
 *     {@code workerGone(w)}; between them every worker that was created is forgotten.</li>
 * <li>{@code reject(task)}: on entry, {@code rejected(this, task)}.</li>
 * <li>{@code execute(task)}: on entry, {@code submitting(this, task)}: the submitting thread notes where
 *     the task goes (so its wait on the task needs no search of the queue), and in the shutdown drain
 *     a refused task throws {@code RejectedExecutionException}.</li>
 * </ul>
 */
final class ThreadPoolExecutorRewriter extends ClassRewriter {
    private static final Target RUN_WORKER = new Target("runWorker", "(L" + WORKER + ";)V", 3);
    private static final Target WORKER_EXIT = new Target("processWorkerExit", "(L" + WORKER + ";Z)V", 1);
    private static final Target WORKER_FAILED = new Target("addWorkerFailed", "(L" + WORKER + ";)V", 1);
    private static final Target REJECT = new Target("reject", "(Ljava/lang/Runnable;)V", 1);
    private static final Target EXECUTE = new Target("execute", "(Ljava/lang/Runnable;)V", 1);

    ThreadPoolExecutorRewriter() {
        super(TPE, List.of(RUN_WORKER, WORKER_EXIT, WORKER_FAILED, REJECT, EXECUTE));
    }

    @Override
    boolean needsExpandedFrames() {
        return true;
    }

    @Override
    MethodVisitor rewrite(Target target, MethodVisitor next, SiteCounter counter, int maxLocals) {
        if (target == RUN_WORKER) {
            return new RunWorker(next, counter, maxLocals);
        }
        if (target == EXECUTE) {
            return submittingAtEntry(next, counter);
        }
        if (target == REJECT) {
            return atEntry(next, counter, mv -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, REJECTED, REJECTED_DESC, false);
            });
        }
        return atEntry(next, counter, mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, WORKER_GONE, WORKER_GONE_DESC, false);
        });
    }

    /** {@code submitting(this, task)} on entry, for a method whose first argument is the task. */
    static MethodVisitor submittingAtEntry(MethodVisitor next, SiteCounter counter) {
        return atEntry(next, counter, mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, SUBMITTING, SUBMITTING_DESC, false);
        });
    }

    /** The run loop, with the worker's record in a new local at index {@code max_locals}. */
    private static final class RunWorker extends MethodVisitor {
        private final SiteCounter counter;
        private final int recordSlot;

        RunWorker(MethodVisitor next, SiteCounter counter, int maxLocals) {
            super(ASM_API, next);
            this.counter = counter;
            this.recordSlot = maxLocals;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, WORKER_STARTED, WORKER_STARTED_DESC, false);
            mv.visitVarInsn(Opcodes.ASTORE, recordSlot);
            counter.hit();
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean dequeue = owner.equals(TPE) && name.equals("getTask")
                    && descriptor.equals("()Ljava/lang/Runnable;");
            if (dequeue) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                markTask(); // stack: task (or null: the worker is about to exit)
                counter.hit();
                return;
            }
            boolean taskRun = opcode == Opcodes.INVOKEINTERFACE && owner.equals("java/lang/Runnable")
                    && name.equals("run") && descriptor.equals("()V");
            if (!taskRun) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            markTask();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            mv.visitVarInsn(Opcodes.ALOAD, recordSlot);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, TASK_FINISHED, TASK_FINISHED_DESC, false);
            counter.hit();
        }

        /** stack: task -> task task -> task task rec -> task rec task -> (taskStarting) task */
        private void markTask() {
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, recordSlot);
            mv.visitInsn(Opcodes.SWAP);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, POOL_OWNER, TASK_STARTING, TASK_STARTING_DESC, false);
        }

        /** Every frame gains the new local: padded with TOP up to its slot (long/double take two). */
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (type != Opcodes.F_NEW) {
                throw new IllegalStateException("runWorker: expected expanded frames");
            }
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                slots += (local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE) ? 2 : 1;
            }
            if (slots > recordSlot) {
                throw new IllegalStateException("runWorker: a frame uses the slot of the new local");
            }
            Object[] widened = new Object[numLocal + (recordSlot - slots) + 1];
            System.arraycopy(local, 0, widened, 0, numLocal);
            int index = numLocal;
            for (int pad = slots; pad < recordSlot; pad++) {
                widened[index++] = Opcodes.TOP;
            }
            widened[index] = WORKER_RECORD;
            super.visitFrame(type, widened.length, widened, numStack, stack);
        }
    }
}
