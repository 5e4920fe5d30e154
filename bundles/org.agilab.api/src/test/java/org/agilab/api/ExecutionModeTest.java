package org.agilab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExecutionModeTest {

    @Test
    void lettersAndNumbersGiveTheSameBits() {
        assertEquals(5, ExecutionMode.parse("dp").bits());
        assertEquals(5, ExecutionMode.parse("pd").bits());
        assertEquals(5, ExecutionMode.parse("5").bits());
        assertEquals(15, ExecutionMode.parse("PCDR").bits());
        assertEquals(0, ExecutionMode.parse("0").bits());
        assertEquals(5, ExecutionMode.parse("_d_p").bits());
    }

    @Test
    void labelFollowsUpstreamOrder() {
        assertEquals("_d_p", ExecutionMode.of(5).label());
        assertEquals("____", ExecutionMode.of(0).label());
        assertEquals("rdcp", ExecutionMode.of(15).label());
        assertEquals("__c_", ExecutionMode.of(2).label());
        assertEquals("pd", ExecutionMode.of(5).letters());
    }

    @Test
    void badLettersAreNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ExecutionMode.parse("px"));
        assertTrue(error.getMessage().contains("'x'"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecutionMode.parse("16"));
        assertThrows(IllegalArgumentException.class, () -> ExecutionMode.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ExecutionMode.of(-1));
    }
}
