package org.agilab.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonCodecTest {

    enum Light implements JsonCodec.LowercaseEnum {
        GREEN, AMBER_FLASHING
    }

    record Signal(Light light, @com.google.gson.annotations.SerializedName("class") String kind, int count, boolean lit) {
        Signal {
            if (count < 0) {
                throw new IllegalArgumentException("count " + count + " is negative");
            }
        }
    }

    @Test
    void lowercaseEnumsAreWrittenByTheirLowercaseNameAndUnknownNamesReadAsNull() {
        assertEquals("{\"light\":\"amber_flashing\",\"class\":\"a\",\"count\":2,\"lit\":true}",
                JsonCodec.write(new Signal(Light.AMBER_FLASHING, "a", 2, true)));
        assertEquals(Light.GREEN, JsonCodec.read("{\"light\":\"green\"}", Signal.class).light());
        assertEquals(null, JsonCodec.read("{\"light\":\"blue\"}", Signal.class).light(), "a later release's state");
        assertEquals("amber_flashing", JsonCodec.LowercaseEnum.wireName(Light.AMBER_FLASHING));
    }

    @Test
    void recordsLeaveOutNullsSkipUnknownMembersAndDefaultMissingPrimitives() {
        assertEquals("{\"count\":0,\"lit\":false}", JsonCodec.write(new Signal(null, null, 0, false)));
        Signal read = JsonCodec.read("{\"later\":{\"x\":[1,2]},\"class\":\"b\"}", Signal.class);
        assertEquals(new Signal(null, "b", 0, false), read);
    }

    @Test
    void aRecordThatRefusesItsValuesSaysWhy() {
        JsonCodec.Malformed refused = assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.read("{\"count\":-1}", Signal.class));
        assertTrue(refused.getMessage().contains("Signal: count -1 is negative"), refused.getMessage());
    }

    /** A sealed family whose adapter adds what the records lack (as the protocol's events do). */
    @com.google.gson.annotations.JsonAdapter(Shapes.class)
    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    record Drawing(String name, List<Shape> shapes) {
    }

    /** Writes a shape with its kind first, reads it back by that kind. */
    static final class Shapes implements com.google.gson.TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> com.google.gson.TypeAdapter<T> create(com.google.gson.Gson gson, com.google.gson.reflect.TypeToken<T> type) {
            return (com.google.gson.TypeAdapter<T>) new com.google.gson.TypeAdapter<Shape>() {
                @Override
                public void write(com.google.gson.stream.JsonWriter out, Shape shape) throws java.io.IOException {
                    com.google.gson.JsonObject json = new com.google.gson.JsonObject();
                    json.addProperty("kind", shape.getClass().getSimpleName());
                    gson.toJsonTree(shape, shape.getClass()).getAsJsonObject().entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
                    gson.getAdapter(com.google.gson.JsonElement.class).write(out, json);
                }

                @Override
                public Shape read(com.google.gson.stream.JsonReader in) throws java.io.IOException {
                    com.google.gson.JsonObject json = gson.getAdapter(com.google.gson.JsonElement.class).read(in).getAsJsonObject();
                    return json.get("kind").getAsString().equals("Circle") ? gson.fromJson(json, Circle.class) : gson.fromJson(json, Square.class);
                }
            };
        }
    }

    @Test
    void aListOfASealedFamilyIsWrittenWithTheFamilysAdapter() {
        Drawing drawing = new Drawing("d", List.of(new Circle(1.5), new Square(2)));
        String json = JsonCodec.write(drawing);
        assertEquals("{\"name\":\"d\",\"shapes\":[{\"kind\":\"Circle\",\"radius\":1.5},{\"kind\":\"Square\",\"side\":2.0}]}", json);
        assertEquals(drawing, JsonCodec.read(json, Drawing.class));
    }

    record Sample(String name, Path where, Instant when, List<Long> counts, Double ratio) {
    }

    @Test
    void writesAndReadsBackNestedValuesWithLongsForIntegers() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n control \u0001 <tag> = 'x'");
        value.put("int", 42L);
        value.put("real", 2.5);
        value.put("list", List.of(1L, "two", true));
        value.put("nested", Map.of("k", List.of()));
        String json = JsonCodec.write(value);
        assertTrue(json.contains("\\u0001") && json.contains("<tag> = 'x'"), "control characters escaped, HTML characters kept: " + json);
        assertEquals(value, JsonCodec.readObject(json));
        assertEquals(value, JsonCodec.readObject(JsonCodec.writePretty(value)));
    }

    @Test
    void recordsRoundTripWithPathsAndInstantsAsText() {
        Sample sample = new Sample("a", Path.of("/tmp/x y"), Instant.parse("2026-12-05T10:00:00Z"), List.of(1L, 2L), null);
        String json = JsonCodec.write(sample);
        assertEquals("{\"name\":\"a\",\"where\":\"/tmp/x y\",\"when\":\"2026-12-05T10:00:00Z\",\"counts\":[1,2]}", json,
                "null components are left out");
        assertEquals(sample, JsonCodec.read(json, Sample.class));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        assertEquals("[null,1.5]", JsonCodec.write(new Double[] {Double.NaN, 1.5}));
    }

    @Test
    void keepsKeyOrder() {
        Map<String, Object> parsed = JsonCodec.readObject("{\"b\":1,\"a\":2,\"c\":3}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(parsed.keySet()));
    }

    @Test
    void malformedTextSaysWhereReadingStopped() {
        JsonCodec.Malformed error = assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readObject("{\"a\": tru}"));
        assertTrue(error.getMessage().contains("line 1 column"), error.getMessage());
        assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readValue("[1, 2"));
        assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readObject("{} extra"));
        assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readObject("[1]"));
        assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readObject("{'single': 1}"), "strict: no single quotes");
        assertThrows(JsonCodec.Malformed.class, () -> JsonCodec.readObject(""));
    }

    @Test
    void escapeIsWhatAStringLooksLikeInsideItsQuotes() {
        assertEquals("a\\\"b\\\\c\\n", JsonCodec.escape("a\"b\\c\n"));
    }

    @Test
    void canonicalJsonSortsMembersAtEveryDepthAndWritesOtherValuesAsText() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1L);
        inner.put("a", List.of(Map.of("y", true), "x"));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("when", java.time.LocalDate.of(2020, 3, 1));
        first.put("inner", inner);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("inner", Map.of("a", List.of(Map.of("y", true), "x"), "z", 1L));
        second.put("when", "2020-03-01");
        assertEquals("{\"inner\":{\"a\":[{\"y\":true},\"x\"],\"z\":1},\"when\":\"2020-03-01\"}", JsonCodec.canonical(first));
        assertEquals(JsonCodec.canonical(first), JsonCodec.canonical(second));
    }
}
