package dev.poolguard.bench;

/** The start-up probe: the smallest program there is, timed from outside as a whole process. */
public final class HelloWorld {
    private HelloWorld() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
