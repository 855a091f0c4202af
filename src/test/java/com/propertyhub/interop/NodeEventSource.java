package com.propertyhub.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.NodeJs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code eventsource} npm package (a WHATWG EventSource for Node), run by Node with the script
 * {@code interop/eventsource-client.mjs}, which reports each event as a JSON line.
 */
final class NodeEventSource extends RecordingClient {
    static final String PACKAGE = "eventsource@5.1.5";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    NodeEventSource(String url, String bearer, List<String> names) {
        Path script = NodeJs.scriptWithPackage("interop-node", PACKAGE, "eventsource",
                "interop/eventsource-client.mjs");
        List<String> command =
                new ArrayList<>(List.of(NodeJs.NODE, script.toString(), url, bearer == null ? "-" : bearer));
        command.addAll(names);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::read, "node-eventsource");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                JsonNode report;
                try {
                    report = InteropScenarios.JSON.readTree(line);
                } catch (IOException notJson) {
                    continue; // a warning of Node's own
                }
                switch (report.path("type").asText()) {
                    case "event" -> received.add(new Received(report.path("name").asText(),
                            report.path("id").asText(), report.path("data").asText()));
                    case "error" -> stopped |= report.path("closed").asBoolean();
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "node eventsource, output " + output;
    }
}
