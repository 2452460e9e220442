package dev.poolguard.agent;

/** {@code java -jar poolguard-agent.jar COMMAND}: the agent jar's command line. */
public final class PoolguardMain {
    private PoolguardMain() {
    }

    public static void main(String[] args) {
        System.err.println("poolguard " + PoolguardAgent.version() + ": attach with -javaagent:poolguard-agent.jar[=OPTIONS]");
        System.exit(2);
    }
}
