package dev.poolguard.agent.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * Loads the agent jar into the target with the Attach API and brings back its answer. The answer
 * travels through a file in a folder only this user can read, created here and deleted afterwards;
 * the agent's {@code agentmain} runs to its end before {@code loadAgent} returns, so the file is
 * complete when it is read.
 */
final class AttachClient {
    /** Could not look; the message is the one line the command prints. */
    static final class CannotAttach extends Exception {
        private static final long serialVersionUID = 1L;

        CannotAttach(String message) {
            super(message);
        }
    }

    private AttachClient() {
    }

    /** The agent's answer (JSON text) to {@code mode} with {@code options}. */
    static String ask(long pid, Path agentJar, String mode, String options) throws CannotAttach {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CannotAttach("could not attach to " + pid + ": " + e.getMessage()
                    + " (a JVM started with -XX:+DisableAttachMechanism refuses every attach; one that is still"
                    + " starting or stopped with SIGSTOP does not answer: try again, or use jstack " + pid + ")");
        }
        Path folder = null;
        try {
            String version = vm.getSystemProperties().getProperty("java.specification.version", "?");
            if (feature(version) < 17) {
                throw new CannotAttach("process " + pid + " runs Java " + version
                        + "; poolguard attach needs JDK 17 or later in the target");
            }
            folder = Files.createTempDirectory("poolguard-attach-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path answer = folder.resolve("answer.json");
            vm.loadAgent(agentJar.toString(), new AgentArgs(mode, answer.toString(), options).encode());
            return Files.readString(answer, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CannotAttach("the agent loaded into " + pid + " but gave no answer (is its temp folder "
                    + "shared with this command? a target in another container sees another /tmp)");
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new CannotAttach("process " + pid + " refused to load the agent: " + e.getMessage()
                    + " (a JVM started with -XX:-EnableDynamicAgentLoading forbids it: restart it with"
                    + " -javaagent:poolguard-agent.jar instead)");
        } catch (IOException e) {
            throw new CannotAttach("lost the connection to " + pid + ": " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the target closed the connection first: nothing left to release
            }
            deleteQuietly(folder);
        }
    }

    static int feature(String specificationVersion) {
        try {
            String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
            return Integer.parseInt(v.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temp folder left behind, nothing worse
        }
    }
}
