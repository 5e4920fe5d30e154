package org.agilab.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesAndReadsBackNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t unicode é \u0001");
        value.put("long", 12345678901L);
        value.put("double", 2.5);
        value.put("flag", true);
        value.put("none", null);
        value.put("list", List.of(1L, "two", List.of()));
        value.put("map", Map.of("k", "v"));
        String json = Json.write(value);
        assertTrue(json.contains("\\u0001"), json);
        assertEquals(value, Json.parse(json));
        assertEquals(value, Json.parse(Json.writePretty(value)));
    }

    @Test
    void keepsKeyOrder() {
        Map<String, Object> parsed = Json.parseObject("{\"b\":1,\"a\":2,\"c\":3}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(parsed.keySet()));
    }

    @Test
    void reportsWhereParsingStopped() {
        Json.JsonException error = assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": tru}"));
        assertEquals(6, error.offset());
        assertThrows(Json.JsonException.class, () -> Json.parse("[1, 2"));
        assertThrows(Json.JsonException.class, () -> Json.parse("{} extra"));
        assertThrows(Json.JsonException.class, () -> Json.parseObject("[1]"));
    }
}
