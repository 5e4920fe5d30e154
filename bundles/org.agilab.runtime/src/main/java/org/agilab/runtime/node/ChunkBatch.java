package org.agilab.runtime.node;

import java.util.ArrayList;
import java.util.List;

import org.apache.ignite.lang.IgniteCallable;

/**
 * Several service tasks' chunk jobs sent to a node as one compute call, run there one after the other: a busy service
 * pays Ignite's per-call cost (a task session, two TLS messages, the job's marshalling) once for the batch instead of
 * once per task. Each job keeps its own cancel topic, output claims and answer; the answers come back together, in
 * order, when the last job ends (a node lost meanwhile loses them all, and the service runs each task again).
 */
public final class ChunkBatch implements IgniteCallable<ArrayList<String>> {

    private static final long serialVersionUID = 1L;

    // an ArrayList: the one list class the nodes' marshaller allowlist admits
    private final ArrayList<ChunkJob> jobs;

    @org.apache.ignite.resources.IgniteInstanceResource
    private transient org.apache.ignite.Ignite ignite;

    public ChunkBatch(List<ChunkJob> jobs) {
        this.jobs = new ArrayList<>(jobs);
    }

    /**
     * Each job's answer (JSON), in the jobs' order; fewer when the batch was cancelled (Ignite interrupts its thread:
     * the service stops at once), whose tasks the service has put back in pending already.
     */
    @Override
    public ArrayList<String> call() {
        ArrayList<String> answers = new ArrayList<>(jobs.size());
        for (ChunkJob job : jobs) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            job.ignite = ignite;
            answers.add(job.call());
        }
        return answers;
    }
}
