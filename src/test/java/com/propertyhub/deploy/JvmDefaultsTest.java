package com.propertyhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM defaults for every way a node runs: the run command (Maven's JVM, {@code .mvn/jvm.config}), the
 * distribution's launcher (which reads a copy of it), the shipped {@code jetty-base} and the Tomcat recipe.
 */
class JvmDefaultsTest {

    @Test
    void jettyBaseAndTomcatRecipeCarryTheRunCommandsJvmFlags() throws IOException {
        List<String> runCommand = JvmDefaults.flags();
        assertEquals(runCommand, jettyBase(), "jetty-base/start.d/jvm.ini");
        assertEquals(runCommand, tomcatRecipe(), "tomcat-base/bin/setenv.sh");
    }

    @Test
    void launcherReadsTheCopyOfTheRunCommandsFlags() throws IOException {
        String launcher = Files.readString(Path.of("src/main/dist/bin/propertyhub"));
        assertTrue(launcher.contains("$APP_HOME/conf/jvm.options"), launcher);
        String assembly = Files.readString(Path.of("src/assembly/dist.xml"));
        assertTrue(
                assembly.matches("(?s).*<source>\\.mvn/jvm\\.config</source>\\s*<outputDirectory>conf</outputDirectory>"
                + "\\s*<destName>jvm\\.options</destName>.*"),
                "the distribution ships .mvn/jvm.config as conf/jvm.options");
    }

    /** The JVM lines of the ini (after --exec, which makes start.jar pass them to the server's own JVM). */
    private static List<String> jettyBase() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("jetty-base/start.d/jvm.ini")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(lines.contains("--exec"), "without --exec start.jar ignores the JVM lines: " + lines);
        return lines.stream().filter(l -> l.startsWith("-X") || l.startsWith("-D")).toList();
    }

    private static List<String> tomcatRecipe() throws IOException {
        Matcher m = Pattern.compile("(?m)^CATALINA_OPTS=\"\\$CATALINA_OPTS ([^\"]*)\"$")
                .matcher(Files.readString(Path.of("tomcat-base/bin/setenv.sh")));
        assertTrue(m.find(), "setenv.sh adds to CATALINA_OPTS");
        return JvmDefaults.words(m.group(1));
    }
}
