package org.agilab.runtime.node;

import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.internal.GridInternalWrapper;
import org.apache.ignite.spi.IgniteSpiAdapter;
import org.apache.ignite.spi.IgniteSpiConsistencyChecked;
import org.apache.ignite.spi.IgniteSpiMultipleInstancesSupport;
import org.apache.ignite.spi.collision.CollisionContext;
import org.apache.ignite.spi.collision.CollisionExternalListener;
import org.apache.ignite.spi.collision.CollisionJobContext;
import org.apache.ignite.spi.collision.CollisionSpi;

/**
 * A node's gate for compute jobs: a {@link ChunkJob}, or a {@link ChunkBatch} of them (a service's), is activated, anything else (any other callable, runnable or job
 * a cluster member might send, even one whose class is on the node's classpath) is cancelled before it runs. Ignite
 * hands every arriving job to its collision SPI, which makes this the one place all of them pass. What a chunk job may
 * load is then {@link NodeAdmission}'s to decide.
 */
@IgniteSpiMultipleInstancesSupport(true)
@IgniteSpiConsistencyChecked(optional = true)
final class ChunkJobsOnly extends IgniteSpiAdapter implements CollisionSpi {

    @Override
    public void onCollision(CollisionContext context) {
        for (CollisionJobContext job : context.waitingJobs()) {
            Object user = unwrap(job.getJob());
            if (user instanceof ChunkJob || user instanceof ChunkBatch) {
                job.activate();
            } else {
                System.out.println("refused a job of class " + user.getClass().getName() + ": this node runs AGILab chunk jobs only");
                job.cancel();
            }
        }
    }

    /** Ignite wraps a callable or runnable in its own job; the class that counts is the user's. */
    static Object unwrap(ComputeJob job) {
        return job instanceof GridInternalWrapper<?> wrapper && wrapper.userObject() != null ? wrapper.userObject() : job;
    }

    @Override
    public void setExternalCollisionListener(CollisionExternalListener listener) {
        // jobs are decided as they arrive: nothing outside Ignite asks for another pass
    }

    @Override
    public void spiStart(String igniteInstanceName) {
        // nothing to start
    }

    @Override
    public void spiStop() {
        // nothing to stop
    }
}
