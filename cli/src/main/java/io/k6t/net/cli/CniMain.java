package io.k6t.net.cli;

import io.k6t.net.kubevirt.cni.CniPlugin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code k6t-net-cni}: the binding CNI plugin's process, as a runtime runs it (the command in the
 * environment, the network configuration on stdin). Stdout carries the result or the spec's error
 * object and nothing else; logs go to stderr. Exit 0 on success, 1 on an error.
 */
public final class CniMain {
    private CniMain() {
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        // Nothing but the result may reach stdout, whatever a library prints.
        System.setOut(System.err);
        String stdin;
        try {
            stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            stdout.println("{\"cniVersion\":\"1.1.0\",\"code\":5,\"msg\":\"cannot read the network configuration\","
                    + "\"details\":\"stdin: " + e.getMessage().replace("\"", "'") + "\"}");
            stdout.flush();
            System.exit(1);
            return;
        }
        CniPlugin.Response response = new CniPlugin().run(System.getenv(), stdin);
        stdout.print(response.stdout());
        stdout.flush();
        System.exit(response.exitCode());
    }
}
