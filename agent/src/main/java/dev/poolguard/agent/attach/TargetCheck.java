package dev.poolguard.agent.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

/**
 * What can be known about a pid before attaching. It matters: on Linux the Attach API starts a JVM's
 * attach listener by sending it SIGQUIT, which a JVM catches and any other process dies of (or dumps
 * core). So a process is attached to only once it is known to be a JVM of this user.
 */
final class TargetCheck {
    private TargetCheck() {
    }

    /** Null when {@code pid} is a JVM this user may attach to, else the one line that says why not. */
    static String whyNot(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return "pid " + pid + " is this command itself";
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return "no process with pid " + pid + " (jps or jcmd -l lists the Java processes you can attach to)";
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.get().info().user();
        if (owner.isPresent() && me != null && !owner.get().equals(me)) {
            return "process " + pid + " belongs to user " + owner.get() + ", this command runs as " + me
                    + ": the Attach API only works between processes of the same user (run it as "
                    + owner.get() + ", e.g. sudo -u " + owner.get() + " java -jar poolguard-agent.jar attach " + pid + ")";
        }
        if (!isJvm(pid)) {
            String command = process.get().info().command().orElse("?");
            return "process " + pid + " (" + command + ") is not a running Java virtual machine that allows attaching"
                    + " (jps or jcmd -l lists those you can attach to)";
        }
        return null;
    }

    /**
     * Listed by the JDK's own discovery (its performance-data file), or already listening for attach, or
     * (started with -XX:-UsePerfData) mapping libjvm and catching SIGQUIT as every HotSpot JVM does.
     */
    static boolean isJvm(long pid) {
        String id = Long.toString(pid);
        try {
            for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
                if (vm.id().equals(id)) {
                    return true;
                }
            }
        } catch (RuntimeException discoveryFailed) {
            // fall through to what the file system says
        }
        Path proc = Path.of("/proc", id);
        if (Files.exists(Path.of("/tmp/.java_pid" + id)) || Files.exists(proc.resolve("root/tmp/.java_pid" + id))) {
            return true;
        }
        try {
            return Files.readString(proc.resolve("maps")).contains("/libjvm.so") && catchesSigquit(proc);
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** The SigCgt mask of /proc/PID/status has bit 3 (SIGQUIT) set. */
    private static boolean catchesSigquit(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("SigCgt:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << 2)) != 0;
            }
        }
        return false;
    }
}
