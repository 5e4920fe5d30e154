package org.agilab.core.internal;

import org.eclipse.osgi.util.NLS;

/** The core's user-facing strings (the wizard's messages, launch and project errors), from coremessages.properties. */
public final class CoreMessages extends NLS {

    public static String NewApp_enterName;
    public static String NewApp_projectExists;
    public static String NewApp_chooseLocation;
    public static String NewApp_folderExists;
    public static String NewApp_chooseCopy;
    public static String NewApp_noApp;
    public static String NewApp_noTemplates;
    public static String Configure_task;
    public static String Configure_notAnApp;
    public static String Configure_noSettings;
    public static String Configure_projectExists;
    public static String Launch_noProject;
    public static String Launch_notInWorkspace;
    public static String Launch_stillRunning;
    public static String Launch_cannotStart;
    public static String AppRename_task;
    public static String AppRename_cannotMove;
    public static String AppRename_failed;
    public static String AppDelete_cannotPurge;
    public static String Launch_noSecrets;
    public static String Launch_exitCode;
    public static String Launch_cancelled;
    public static String Debug_noPort;
    public static String Debug_attaching;
    public static String Debug_target;
    public static String Debug_cannotAttach;
    public static String Debug_clusterMode;

    static {
        NLS.initializeMessages(CoreMessages.class.getPackageName() + ".coremessages", CoreMessages.class);
    }

    private CoreMessages() {
    }
}
