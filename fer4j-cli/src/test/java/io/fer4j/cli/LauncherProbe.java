package io.fer4j.cli;

import java.lang.management.ManagementFactory;

/** Stands in for the CLI in {@link LauncherTest}: prints the JVM options it was started with, and its arguments. */
public final class LauncherProbe {
    private LauncherProbe() {}

    public static void main(String[] args) {
        System.out.println(
                "jvm: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("args: " + String.join(" ", args));
    }
}
