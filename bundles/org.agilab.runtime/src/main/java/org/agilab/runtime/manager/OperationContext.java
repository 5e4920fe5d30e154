package org.agilab.runtime.manager;

import org.agilab.runtime.env.AgilabHome;
import org.agilab.runtime.env.AppProject;
import org.agilab.runtime.log.Redactor;
import org.agilab.runtime.protocol.Cancellation;
import org.agilab.runtime.protocol.Credentials;
import org.agilab.runtime.protocol.Events;
import org.agilab.runtime.record.RunRecord;
import org.agilab.runtime.request.ManagerRequest;
import org.agilab.runtime.request.ProcessRole;
import org.agilab.runtime.settings.AppSettings;

/**
 * What an operation gets from the manager: the home, the app and its effective settings (null when the command runs
 * without an app), the event stream, cancellation, credentials, the run record, and the role of this process.
 */
public record OperationContext(ManagerRequest request, AgilabHome home, AppProject app, AppSettings settings,
        Events events, Cancellation cancellation, Credentials credentials, Redactor redactor, RunRecord record, ProcessRole role) {
}
