package org.agilab.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;

/** --set values and keys: the parser-free shortcuts give exactly what TOML gives. */
class RunOverridesTest {

    static Object viaToml(String text) {
        var parsed = Toml.parse("value = " + text);
        if (parsed.hasErrors() || !parsed.contains("value")) {
            return text;
        }
        Object value = parsed.get("value");
        return value instanceof TomlArray array ? array.toList() : value;
    }

    @Test
    void literalsMatchTheTomlParser() {
        for (String text : List.of("0", "7", "-12", "007", "123456789012345678", "9223372036854775807", "true", "false", "truex",
                "csv", "/tmp/data", "inf", "nan", "1.5", "\"quoted\"", "[1, 2]", "2026-11-28", "x y", "", "+3", "1_000")) {
            assertEquals(viaToml(text), RunOverrides.literal(text), "--set k=" + text);
        }
    }

    @Test
    void dottedKeysMatchTheTomlParser() {
        for (String key : List.of("data_in", "cluster.workers", "cluster.discovery_ports", "a-b.c_d", "cluster.workers.\"10.0.0.5\"")) {
            assertEquals(Toml.parseDottedKey(key), SettingKey.parse(key), key);
        }
    }
}
