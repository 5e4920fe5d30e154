package org.agilab.ui.internal;

import org.eclipse.osgi.util.NLS;

/** The UI's strings, from messages.properties. */
public final class Messages extends NLS {

    public static String NewAppWizard_title;
    public static String NewAppPage_title;
    public static String NewAppPage_description;
    public static String NewAppPage_name;
    public static String NewAppPage_template;
    public static String NewAppPage_copyFrom;
    public static String NewAppPage_location;
    public static String NewAppPage_defaultLocation;
    public static String NewAppPage_browse;
    public static String NewAppWizard_failed;
    public static String ImportApps_title;
    public static String ImportApps_description;
    public static String ImportApps_folder;
    public static String ImportApps_found;
    public static String ImportApps_none;
    public static String ImportApps_failed;
    public static String AgilabTab_name;
    public static String AgilabTab_project;
    public static String AgilabTab_mode;
    public static String AgilabTab_pool;
    public static String AgilabTab_compiled;
    public static String AgilabTab_cluster;
    public static String AgilabTab_gpu;
    public static String AgilabTab_letters;
    public static String AgilabTab_fromSettings;
    public static String AgilabTab_workers;
    public static String AgilabTab_overrides;
    public static String AgilabTab_provenance;
    public static String AgilabTab_noProject;
    public static String AgilabTab_badOverride;
    public static String AgilabTab_badWorkers;
    public static String Shortcut_noApp;
    public static String QuickFix_workerCount;
    public static String RunsView_started;
    public static String RunsView_app;
    public static String RunsView_command;
    public static String RunsView_mode;
    public static String RunsView_workers;
    public static String RunsView_duration;
    public static String RunsView_status;
    public static String RunsView_outputs;
    public static String RunsView_message;
    public static String RunsView_refresh;
    public static String RunsView_openLog;
    public static String RunsView_reading;
    public static String RunsView_compare;
    public static String Compare_title;
    public static String Compare_section;
    public static String Compare_item;
    public static String Console_ended;
    public static String Console_terminate;
    public static String Console_remove;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
