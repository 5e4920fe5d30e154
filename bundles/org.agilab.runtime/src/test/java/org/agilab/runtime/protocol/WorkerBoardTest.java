package org.agilab.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkerBoardTest {

    private final WorkerBoard board = new WorkerBoard();
    private long seq;
    private Instant clock = Instant.parse("2026-11-29T05:00:00Z");

    private void at(long plusMs, Event event) {
        clock = clock.plusMillis(plusMs);
        board.accept(new EventEnvelope(Event.VERSION, ++seq, clock, event));
    }

    /** The event as the manager receives it from the node that ran it (EventRelay tags it). */
    private static Event relayed(Event event, String node) {
        return event instanceof Event.Item item ? item.on(node) : ((Event.Worker) event).on(node, 1);
    }

    @Test
    void aClusterRunsChunksGoFromSentToFinishedWithTheirNodeItemsRowsAndDuration() {
        board.plan(Map.of("0", 2, "1", 1));
        at(0, new Event.Host("127.0.0.1", Event.HostState.STARTING, "node-0 (pid 1)"));
        at(5, new Event.Host("127.0.0.1", Event.HostState.READY, "2 nodes"));
        at(0, new Event.Worker("0", "127.0.0.1", "node-0", 1, Event.WorkerState.SENT, "chunk 0 to node-0"));
        at(0, new Event.Worker("1", "127.0.0.1", "node-1", 1, Event.WorkerState.SENT, "chunk 1 to node-1"));
        at(10, relayed(Event.Worker.local("0", "127.0.0.1", Event.WorkerState.STARTED, "data worker, pool of 1"), "node-0"));
        at(0, relayed(Event.Item.started("0", "a.csv"), "node-0"));
        WorkerBoard.Worker midway = board.snapshot().workers().get(0);
        assertEquals(List.of("started", "node-0", "a.csv"), List.of(midway.state(), midway.node(), midway.currentItem()));
        at(20, relayed(Event.Item.finished("0", "a.csv", 100, 20), "node-0"));
        at(0, relayed(Event.Item.started("0", "b.csv"), "node-0"));
        at(30, relayed(Event.Item.finished("0", "b.csv", 50, 30), "node-0"));
        at(0, relayed(Event.Worker.local("0", "127.0.0.1", Event.WorkerState.FINISHED, null), "node-0"));
        long before = board.version();
        at(0, new Event.Log(Event.Level.INFO, "x", "a log line changes nothing"));
        assertEquals(before, board.version(), "logs do not redraw the board");

        WorkerBoard.Snapshot snapshot = board.snapshot();
        WorkerBoard.Worker first = snapshot.workers().get(0);
        assertEquals(List.of("0", "127.0.0.1", "node-0", "finished"), List.of(first.id(), first.host(), first.node(), first.state()));
        assertEquals(List.of(2, 2, 2), List.of(first.itemsStarted(), first.itemsFinished(), first.itemsPlanned()));
        assertEquals(150, first.rows());
        assertEquals(60, first.durationMs(), "from sent to finished");
        assertNull(first.currentItem());
        WorkerBoard.Worker second = snapshot.workers().get(1);
        assertEquals(List.of("sent", "node-1", "0/1"), List.of(second.state(), second.node(), second.itemsFinished() + "/" + second.itemsPlanned()));
        assertEquals(List.of(new WorkerBoard.Host("127.0.0.1", "ready", "2 nodes")), snapshot.hosts());
    }

    @Test
    void aResentChunkStartsAgainOnItsNewNodeAndAFailureNamesItsHostAndItem() {
        at(0, new Event.Worker("0", "127.0.0.2", "node-0", 1, Event.WorkerState.SENT, "chunk 0 to node-0"));
        at(0, new Event.Worker("1", "127.0.0.3", "node-1", 1, Event.WorkerState.SENT, "chunk 1 to node-1"));
        at(5, relayed(Event.Item.started("0", "a.csv"), "node-0"));
        at(5, relayed(Event.Item.finished("0", "a.csv", 7, 5), "node-0"));
        at(0, Event.Worker.local("0", "127.0.0.2", Event.WorkerState.FAILED, "node-0 left"));
        assertEquals("node-0 left", board.snapshot().workers().get(0).error());
        at(5, new Event.Worker("0", "127.0.0.3", "node-1", 2, Event.WorkerState.RESENT, "chunk 0 to node-1 (attempt 2)"));
        assertNull(board.snapshot().workers().get(0).error(), "the new attempt does not carry the last one's failure");
        WorkerBoard.Worker resent = board.snapshot().workers().get(0);
        assertEquals(List.of("resent", "node-1", "127.0.0.3", "0", "0"),
                List.of(resent.state(), resent.node(), resent.host(), "" + resent.itemsFinished(), "" + resent.rows()));
        at(5, relayed(Event.Item.started("1", "z.csv"), "node-1"));
        at(5, new Event.Failure("run", "cluster", 6, "node-1 left", null, null, null, "127.0.0.3", null, "node-1 left", null, null));
        WorkerBoard.Snapshot snapshot = board.snapshot();
        assertEquals("cluster error", snapshot.outcome());
        WorkerBoard.Worker failed = snapshot.workers().get(1);
        assertEquals("failed", failed.state());
        assertEquals("node-1 left (item z.csv)", failed.error());
        assertTrue(snapshot.workers().stream().allMatch(w -> w.state().equals("failed")), snapshot.toString());
    }
}
