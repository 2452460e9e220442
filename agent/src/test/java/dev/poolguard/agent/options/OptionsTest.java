package dev.poolguard.agent.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {
    private static final List<String> ALL_KEYS =
            List.of("report", "deadlock", "risk", "shutdown", "grace", "stall", "hookSpawns", "logConfig");

    private static Options parse(String argument) throws OptionException {
        return Options.parse(argument, new Properties());
    }

    private static Properties props(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static OptionException rejected(String argument, Properties properties) {
        return assertThrows(OptionException.class, () -> Options.parse(argument, properties),
                "expected OptionException for argument " + argument + " and properties " + properties);
    }

    private static void assertMentions(OptionException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), "the message is one line: " + e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", ",", " , ,"})
    void defaultsWhenNothingIsGiven(String argument) throws Exception {
        Options options = parse(argument);
        assertNull(options.get(Option.REPORT));
        assertEquals("log", options.get(Option.DEADLOCK));
        assertEquals("log", options.get(Option.RISK));
        assertEquals("drain", options.get(Option.SHUTDOWN));
        assertEquals("5s", options.get(Option.GRACE));
        assertEquals("allow", options.get(Option.HOOK_SPAWNS));
        assertNull(options.get(Option.LOG_CONFIG));
        assertEquals(5_000, options.graceMillis());
        assertEquals("10s", options.get(Option.STALL));
        assertEquals(10_000, options.stallMillis());
        assertNull(options.reportPath(42));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "report, /tmp/r.jsonl",
            "deadlock, log", "deadlock, fail", "deadlock, off",
            "risk, log", "risk, off",
            "shutdown, drain", "shutdown, report", "shutdown, off",
            "grace, 250ms", "grace, 0s",
            "stall, off", "stall, 250ms", "stall, 10s", "stall, 1m",
            "hookSpawns, allow", "hookSpawns, block",
            "logConfig, /etc/poolguard-logback.xml",
    })
    void eachKeyFromTheArgument(String key, String value) throws Exception {
        Options options = parse(key + "=" + value);
        assertEquals(value, options.get(option(key)));
        assertEquals(value, options.effective().get(key));
    }

    @ParameterizedTest(name = "-Dpoolguard.{0}={1}")
    @CsvSource({
            "report, /tmp/p.jsonl",
            "deadlock, fail",
            "risk, off",
            "shutdown, report",
            "grace, 1m",
            "stall, off",
            "hookSpawns, block",
            "logConfig, /tmp/l.xml",
    })
    void eachKeyFromASystemProperty(String key, String value) throws Exception {
        Options options = Options.parse(null, props("poolguard." + key, value));
        assertEquals(value, options.get(option(key)));
    }

    /** The words deadlock= and shutdown= accept are the runtime enums' constants, and each is typed to one. */
    @Test
    void choicesAreTheRuntimeEnumsConstants() throws Exception {
        for (dev.poolguard.bootstrap.waits.DeadlockMode mode : dev.poolguard.bootstrap.waits.DeadlockMode.values()) {
            assertEquals(mode, parse("deadlock=" + mode.name().toLowerCase(java.util.Locale.ROOT)).deadlockMode());
        }
        for (dev.poolguard.bootstrap.shutdown.ShutdownMode mode : dev.poolguard.bootstrap.shutdown.ShutdownMode.values()) {
            assertEquals(mode, parse("shutdown=" + mode.name().toLowerCase(java.util.Locale.ROOT)).shutdownMode());
        }
        assertEquals("one of log, fail, off", option("deadlock").accepted());
        assertEquals("one of drain, report, off", option("shutdown").accepted());
        assertEquals(false, parse("risk=off").risksReported());
        assertEquals(false, parse("hookSpawns=block").hookSpawnsAllowed());
        assertEquals(true, parse("").risksReported() && parse("").hookSpawnsAllowed());
    }

    @Test
    void unrelatedSystemPropertiesAreIgnored() throws Exception {
        Options options = Options.parse("", props("java.home", "/x", "poolguardx", "y", "deadlock", "off"));
        assertEquals("log", options.get(Option.DEADLOCK));
    }

    @Test
    void theArgumentWinsOverTheProperty() throws Exception {
        Properties properties = props("poolguard.deadlock", "off", "poolguard.grace", "1m", "poolguard.risk", "off");
        Options options = Options.parse("deadlock=fail,grace=250ms", properties);
        assertEquals("fail", options.get(Option.DEADLOCK));
        assertEquals("250ms", options.get(Option.GRACE));
        assertEquals(250, options.graceMillis());
        assertEquals("off", options.get(Option.RISK), "a property the argument does not name still applies");
    }

    @Test
    void spacesAroundKeysAndValuesAreTrimmed() throws Exception {
        Options options = parse(" deadlock = fail , risk=off ");
        assertEquals("fail", options.get(Option.DEADLOCK));
        assertEquals("off", options.get(Option.RISK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deadlock=fail,", "deadlock=fail,,", ",deadlock=fail", "deadlock=fail,,risk=log"})
    void strayCommasAreTolerated(String argument) throws Exception {
        assertEquals("fail", parse(argument).get(Option.DEADLOCK));
    }

    @Test
    void aValueMayContainAnEqualsSign() throws Exception {
        assertEquals("/tmp/a=b.jsonl", parse("report=/tmp/a=b.jsonl").get(Option.REPORT));
    }

    @ParameterizedTest(name = "grace={0} -> {1} ms")
    @CsvSource({"0s, 0", "0ms, 0", "250ms, 250", "5s, 5000", "1m, 60000", "90s, 90000", "1440m, 86400000",
            "86400s, 86400000"})
    void graceValuesInMillis(String grace, long millis) throws Exception {
        assertEquals(millis, parse("grace=" + grace).graceMillis());
        assertEquals(millis, Options.parse(null, props("poolguard.grace", grace)).graceMillis());
    }

    @ParameterizedTest(name = "grace=''{0}''")
    @ValueSource(strings = {"5 parsecs", "-1s", "5", "ms", "s", "m", "1h", "99999999999s", "1441m", "86401s",
            "5S", "1.5s", "5 s", "+5s", "0x10s", "\u0665s", "5sec", "1d"})
    void badGraceIsRejectedNamingTheValueAndWhatIsAccepted(String grace) {
        OptionException e = rejected("grace=" + grace, new Properties());
        assertMentions(e, "'" + grace.trim() + "'", "grace", "250ms", "5s", "1m");
    }

    @ParameterizedTest(name = "stall={0} -> {1} ms")
    @CsvSource({"off, 0", "1ms, 1", "250ms, 250", "10s, 10000", "1m, 60000", "1440m, 86400000"})
    void stallValuesInMillis(String stall, long millis) throws Exception {
        assertEquals(millis, parse("stall=" + stall).stallMillis());
        assertEquals(millis, Options.parse(null, props("poolguard.stall", stall)).stallMillis());
    }

    @ParameterizedTest(name = "stall=''{0}''")
    @ValueSource(strings = {"0s", "0ms", "Off", "OFF", "none", "false", "-1s", "5", "1h", "1441m", "1.5s", "10 s", "never"})
    void badStallIsRejectedInOneLineNamingTheValueAndWhatIsAccepted(String stall) {
        OptionException e = rejected("stall=" + stall, new Properties());
        assertMentions(e, "'" + stall + "'", "'stall'", "250ms", "10s", "1m", "off");
        OptionException fromProperty = rejected(null, props("poolguard.stall", stall));
        assertMentions(fromProperty, "-Dpoolguard.stall", "'" + stall + "'", "off");
    }

    @Test
    void badGraceInAPropertyNamesTheProperty() {
        OptionException e = rejected(null, props("poolguard.grace", "1h"));
        assertMentions(e, "-Dpoolguard.grace", "'1h'", "250ms");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "deadlock, warn, 'log, fail, off'",
            "deadlock, LOG, 'log, fail, off'",
            "deadlock, true, 'log, fail, off'",
            "risk, fail, 'log, off'",
            "risk, on, 'log, off'",
            "shutdown, wait, 'drain, report, off'",
            "shutdown, log, 'drain, report, off'",
            "hookSpawns, deny, 'allow, block'",
            "hookSpawns, Allow, 'allow, block'",
    })
    void badEnumValuesAreRejectedNamingKeyValueAndChoices(String key, String value, String choices) {
        OptionException fromArgument = rejected(key + "=" + value, new Properties());
        assertMentions(fromArgument, "'" + key + "'", "'" + value + "'", choices);
        OptionException fromProperty = rejected(null, props("poolguard." + key, value));
        assertMentions(fromProperty, "-Dpoolguard." + key, "'" + value + "'", choices);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "deadlock", "risk", "shutdown", "grace", "stall", "hookSpawns", "logConfig"})
    void anEmptyValueIsRejected(String key) {
        OptionException fromArgument = rejected(key + "=", new Properties());
        assertMentions(fromArgument, key, "empty", "expected " + option(key).accepted());
        OptionException blank = rejected(key + "=  ", new Properties());
        assertMentions(blank, key, "empty");
        OptionException fromProperty = rejected(null, props("poolguard." + key, ""));
        assertMentions(fromProperty, "-Dpoolguard." + key, "empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deadlock", "deadlock:fail", "report /tmp/x"})
    void aMissingEqualsSignIsRejected(String item) {
        OptionException e = rejected("risk=off," + item, new Properties());
        assertMentions(e, "'" + item + "'", "key=value", "deadlock", "hookSpawns");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus=1", "Deadlock=log", "hook_spawns=allow", "=log", "poolguard.deadlock=log"})
    void anUnknownKeyIsRejectedListingTheKnownOnes(String item) {
        OptionException e = rejected(item, new Properties());
        String key = item.substring(0, item.indexOf('='));
        assertMentions(e, "unknown option '" + key + "'");
        for (String known : ALL_KEYS) {
            assertMentions(e, known);
        }
    }

    @Test
    void anUnknownSystemPropertyIsRejected() {
        OptionException e = rejected("deadlock=log", props("poolguard.bogus", "1"));
        assertMentions(e, "-Dpoolguard.bogus");
        for (String known : ALL_KEYS) {
            assertMentions(e, known);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deadlock=log,deadlock=fail", "deadlock=log,risk=off,deadlock=log", "grace=5s, grace=1m"})
    void aDuplicateKeyIsRejected(String argument) {
        OptionException e = rejected(argument, new Properties());
        assertMentions(e, "'" + (argument.startsWith("grace") ? "grace" : "deadlock") + "'", "twice");
    }

    @Test
    void theSameKeyAsPropertyAndArgumentIsNotADuplicate() throws Exception {
        assertEquals("off", Options.parse("deadlock=off", props("poolguard.deadlock", "fail")).get(Option.DEADLOCK));
    }

    @ParameterizedTest(name = "{0} with pid 4242 -> {1}")
    @CsvSource({
            "/tmp/pg-%p.jsonl, /tmp/pg-4242.jsonl",
            "/tmp/%p/%p.jsonl, /tmp/4242/4242.jsonl",
            "/tmp/plain.jsonl, /tmp/plain.jsonl",
            "/tmp/100%.jsonl, /tmp/100%.jsonl",
    })
    void reportPathReplacesPid(String path, String expected) throws Exception {
        assertEquals(expected, parse("report=" + path).reportPath(4242));
        assertEquals(expected, Options.parse(null, props("poolguard.report", path)).reportPath(4242));
    }

    @Test
    void effectiveHasEveryKeyInOrderWithDefaults() throws Exception {
        Map<String, Object> effective = parse("risk=off").effective();
        assertEquals(ALL_KEYS, List.copyOf(effective.keySet()));
        assertEquals("off", effective.get("risk"));
        assertEquals("log", effective.get("deadlock"));
        assertEquals("5s", effective.get("grace"));
        assertEquals("10s", effective.get("stall"));
        assertTrue(effective.containsKey("report"));
        assertNull(effective.get("report"));
        assertNull(effective.get("logConfig"));
        assertThrows(UnsupportedOperationException.class, () -> effective.put("risk", "log"));
    }

    @Test
    void everyOptionEnumKeyIsKnownAndListed() {
        for (Option option : Option.values()) {
            assertEquals(option, Option.byKey(option.key()));
            assertTrue(Option.keyList().contains(option.key()));
        }
        assertEquals(ALL_KEYS.size(), Option.values().length);
        assertNull(Option.byKey("bogus"));
    }

    private static Option option(String key) {
        Option option = Option.byKey(key);
        assertTrue(option != null, "no option " + key);
        return option;
    }
}
