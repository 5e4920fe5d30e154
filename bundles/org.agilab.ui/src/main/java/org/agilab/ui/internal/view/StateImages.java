package org.agilab.ui.internal.view;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Control;

/**
 * The icon of a row's state (a run, a worker, a host): running, ok, failed, cancelled, waiting, stopped; made once per
 * control and freed with it.
 */
public final class StateImages {

    /** What a state looks like. */
    public enum Look {
        RUNNING, OK, FAILED, CANCELLED, WAITING, STOPPED
    }

    private final LocalResourceManager resources;

    public StateImages(Control owner) {
        resources = new LocalResourceManager(JFaceResources.getResources(), owner);
    }

    /**
     * The look of a state as the runtime writes it: a run's status (ok, error, cancelled, running), a worker's
     * (planned, sent, resent, started, finished, failed, cancelled) or a host's (connecting, checking, shipping, starting,
     * ready, failed, stopped); null for none.
     */
    public static Look look(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "ok", "finished", "ready" -> Look.OK;
            case "error", "failed", "unreadable" -> Look.FAILED;
            case "cancelled" -> Look.CANCELLED;
            case "running", "started", "starting", "shipping", "checking" -> Look.RUNNING;
            case "planned", "sent", "resent", "connecting", "draining" -> Look.WAITING;
            case "stopped" -> Look.STOPPED;
            default -> null;
        };
    }

    public Image of(String state) {
        Look look = look(state);
        return look == null ? null : resources.create(ViewParts.image("icons/state/" + look.name().toLowerCase(java.util.Locale.ROOT) + ".png"));
    }
}
